import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { x264LowLatencyArgs } from '../src/ingest/ffmpegArgs.ts';

/** A free UDP port pair base (even port and the next one) on 127.0.0.1. */
export async function freeUdpPortPair(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 30000 + 2 * Math.floor(Math.random() * 5000);
    const ok = await Promise.all([port, port + 1].map(tryBind));
    if (ok.every(Boolean)) return port;
  }
  throw new Error('no free UDP port pair');
}

function tryBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => resolve(false));
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/**
 * A test IP camera: ffmpeg's moving test pattern as H.264 in MPEG-TS over UDP, main and sub stream,
 * the same wire format as the camera simulator.
 */
export function startTestCamera(mainPort: number, subPort: number): ChildProcess {
  const output = (label: string, port: number) => [
    '-map',
    label,
    ...x264LowLatencyArgs({ gop: 15 }),
    '-f',
    'mpegts',
    `udp://127.0.0.1:${port}?pkt_size=1316`,
  ];
  return spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-re',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x360:rate=15',
      '-filter_complex',
      '[0:v]split=2[m][s0];[s0]scale=320:180[s]',
      ...output('[m]', mainPort),
      ...output('[s]', subPort),
    ],
    { stdio: 'ignore' },
  );
}

export async function waitFor<T>(
  what: string,
  fn: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function workerBin(): string {
  const bin = process.env.MEDIASOUP_WORKER_BIN;
  if (!bin)
    throw new Error('MEDIASOUP_WORKER_BIN is not set: run the tests through infra/test.sh (or source var/env.sh)');
  return bin;
}
