/**
 * Records clips from the running camera simulator (the real thing: ffmpeg per camera, x264, MPEG-TS
 * over UDP), switching each camera from normal into a fault mode at a known time, for checking the
 * tile-health model on what the wall really receives. Starts its own short-lived fleet on fixed
 * UDP ports, so run it under the stack lock:
 *
 *   flock /tmp/clinicwall-stack.lock node --import tsx models/tools/capture-sim.ts --out var/sim-clips \
 *     [--seconds 14] [--switch-at 4] [--base-port 47100] [--plan covered:hand,covered:cloth,...]
 *
 * Camera i of the demo registry gets the plan's i-th mode; the clip of the substream (320x180) is
 * written to OUT/<camera>-<mode>[-<variant>].ts, the mode switched `--switch-at` s after the
 * recording starts (printed as JSON lines). Frames are stamped with their arrival time, so the clip's
 * time axis is the wall's even when the simulator runs slower than its nominal rate.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startFleet } from '../../infra/simulator/src/fleet.ts';
import { parseModeRequest } from '../../infra/simulator/src/modes.ts';

const DEFAULT_PLAN =
  'normal,covered:hand,covered:cloth,defocused,reaimed,frozen,covered:hand,covered:cloth,normal,reaimed';

function record(url: string, file: string, seconds: number): { done: Promise<void>; startedAt: number } {
  // prettier-ignore
  const args = ['-hide_banner', '-nostdin', '-v', 'error', '-y', '-fflags', '+nobuffer+genpts',
    '-use_wallclock_as_timestamps', '1', '-probesize', '200000', '-analyzeduration', '500000',
    '-i', `${url}?overrun_nonfatal=1&fifo_size=100000`, '-map', '0:v:0', '-c', 'copy', '-t', String(seconds),
    '-f', 'mpegts', file];
  const p = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  p.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<void>((resolve, reject) => {
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`recording ${url} failed: ${err.trim()}`))));
  });
  return { done, startedAt: Date.now() };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      seconds: { type: 'string' },
      'switch-at': { type: 'string' },
      'base-port': { type: 'string' },
      plan: { type: 'string' },
    },
  });
  if (!values.out) throw new Error('--out DIR is required');
  const seconds = Number(values.seconds ?? 14);
  const switchAt = Number(values['switch-at'] ?? 4);
  const plan = (values.plan ?? DEFAULT_PLAN).split(',').map((m) => {
    const [mode, variant] = m.split(':');
    return parseModeRequest(mode!, variant);
  });
  mkdirSync(values.out, { recursive: true });
  const fleet = await startFleet({
    cameras: plan.length,
    httpPort: 0,
    basePort: Number(values['base-port'] ?? 47100),
    log: () => {},
  });
  try {
    await new Promise((r) => setTimeout(r, 1500)); // let every encoder start
    const cams = fleet.cameras();
    const jobs = cams.map((cam, i) => {
      const req = plan[i]!;
      const tag = 'variant' in req && req.variant ? `${req.mode}-${req.variant}` : req.mode;
      const file = join(values.out!, `${cam.id}-${tag}.ts`);
      const rec = record(cam.sub, file, seconds);
      return { cam, req, file, rec };
    });
    await new Promise((r) => setTimeout(r, switchAt * 1000));
    const switched = Date.now();
    await Promise.all(jobs.map((j) => (j.req.mode === 'normal' ? null : fleet.setMode(j.cam.id, j.req))));
    const results = await Promise.allSettled(jobs.map((j) => j.rec.done));
    jobs.forEach((j, i) => {
      const r = results[i]!;
      console.log(
        JSON.stringify({
          file: j.file,
          mode: j.req,
          switchAtSeconds: j.req.mode === 'normal' ? null : (switched - j.rec.startedAt) / 1000,
          error: r.status === 'rejected' ? String(r.reason) : undefined,
        }),
      );
    });
  } finally {
    await fleet.stop();
  }
}

main().catch((e: unknown) => {
  console.error(`capture-sim: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
