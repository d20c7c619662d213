/**
 * Grabs one PNG per mode (and variant) from a short-lived fleet's UDP streams, for eyeballing
 * what the wall will receive: `npm run -s sim -- shots [--out /tmp/sim-shots] [--cameras 2]`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startFleet } from './fleet.ts';
import type { ModeRequest } from './modes.ts';

const run = promisify(execFile);

export const SHOT_MODES: ModeRequest[] = [
  { mode: 'normal' },
  { mode: 'blank', variant: 'black' },
  { mode: 'blank', variant: 'solid' },
  { mode: 'blank', variant: 'nosignal' },
  { mode: 'frozen' },
  { mode: 'covered', variant: 'hand' },
  { mode: 'covered', variant: 'cloth' },
  { mode: 'defocused' },
  { mode: 'reaimed' },
];

/** Decodes the first complete picture of a UDP MPEG-TS stream into a PNG. */
export async function grabPng(url: string, file: string, timeoutMs = 8000): Promise<void> {
  await run(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'fatal',
      '-y',
      '-analyzeduration',
      '1000000',
      '-i',
      `${url}?overrun_nonfatal=1`,
      '-frames:v',
      '1',
      '-update',
      '1',
      file,
    ],
    { timeout: timeoutMs },
  );
}

export async function takeSnapshots(opts: {
  out: string;
  cameras: number;
  basePort: number;
  log?: (l: string) => void;
}): Promise<string[]> {
  mkdirSync(opts.out, { recursive: true });
  const fleet = await startFleet({ cameras: opts.cameras, httpPort: 0, basePort: opts.basePort, log: opts.log });
  const files: string[] = [];
  try {
    for (const req of SHOT_MODES) {
      await fleet.setAllModes(req);
      const tag = 'variant' in req && req.variant ? `${req.mode}-${req.variant}` : req.mode;
      await Promise.all(
        fleet.cameras().flatMap((c) =>
          (['main', 'sub'] as const).map(async (stream) => {
            const file = join(opts.out, `${tag}-${c.id}-${stream}.png`);
            await grabPng(c[stream], file);
            files.push(file);
          }),
        ),
      );
    }
  } finally {
    await fleet.stop();
  }
  return files.sort();
}
