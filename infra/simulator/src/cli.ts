/**
 * Camera simulator CLI.
 *   npm run -s sim -- start [--cameras 16] [--http-port 8090] [--fps 15] [--base-port N] [--registry file]
 *                           [--main 640x360] [--sub 320x180] [--mode normal] [--tz Asia/Shanghai]
 *   npm run -s sim -- mode <camera-id|all> <mode> [variant] [--http-port 8090]
 *   npm run -s sim -- list [--http-port 8090]
 *   npm run -s sim -- shots [--out /tmp/sim-shots] [--cameras 2] [--base-port 47000]
 */
import { parseArgs } from 'node:util';
import { startFleet } from './fleet.ts';
import { MODES, BLANK_VARIANTS, COVER_VARIANTS, parseModeRequest } from './modes.ts';
import { takeSnapshots } from './snapshot.ts';
import type { Size } from './scene.ts';

const USAGE = `usage:
  sim start [--cameras 16] [--http-port 8090] [--fps 15] [--base-port N] [--registry file.json]
            [--main 640x360] [--sub 320x180] [--mode MODE[:VARIANT]] [--tz Asia/Shanghai]
  sim mode <camera-id|all> <mode> [variant] [--http-port 8090] [--host 127.0.0.1]
  sim list [--http-port 8090] [--host 127.0.0.1]
  sim shots [--out /tmp/sim-shots] [--cameras 2] [--base-port 47000]   one PNG per mode and stream
modes: ${MODES.join(', ')}; blank variants: ${BLANK_VARIANTS.join(', ')}; covered variants: ${COVER_VARIANTS.join(', ')}`;

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new Error(`--${name} must be an integer, got ${v}`);
  return n;
}

function size(name: string, v: string | undefined): Size | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)x(\d+)$/.exec(v);
  if (!m) throw new Error(`--${name} must look like 640x360, got ${v}`);
  return { width: Number(m[1]), height: Number(m[2]) };
}

async function start(values: Record<string, string | undefined>): Promise<void> {
  const [mode, variant] = (values.mode ?? 'normal').split(':');
  const fleet = await startFleet({
    cameras: int('cameras', values.cameras) ?? 16,
    httpPort: int('http-port', values['http-port']) ?? 8090,
    fps: int('fps', values.fps),
    basePort: int('base-port', values['base-port']),
    registryPath: values.registry,
    main: size('main', values.main),
    sub: size('sub', values.sub),
    timeZone: values.tz,
    initialMode: parseModeRequest(mode!, variant),
  });
  for (const c of fleet.cameras()) console.log(`${c.id}  ${c.clinicName} ${c.name}  ${c.main} ${c.sub}  pid ${c.pid}`);
  console.log(`control API: ${fleet.url}  (Ctrl-C stops all cameras)`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`[sim] ${signal}: stopping cameras`);
    fleet.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

async function call(method: string, url: string, body?: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body ? { 'content-type': 'application/json' } : undefined,
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (err) {
    throw new Error(`cannot reach the simulator at ${url} (is \`sim start\` running?): ${(err as Error).cause ?? err}`);
  }
  const json = (await res.json()) as { error?: { message: string } };
  if (!res.ok) throw new Error(`${res.status}: ${json.error?.message ?? JSON.stringify(json)}`);
  return json;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      cameras: { type: 'string' },
      'http-port': { type: 'string' },
      host: { type: 'string' },
      fps: { type: 'string' },
      'base-port': { type: 'string' },
      registry: { type: 'string' },
      main: { type: 'string' },
      sub: { type: 'string' },
      mode: { type: 'string' },
      tz: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  const base = `http://${values.host ?? '127.0.0.1'}:${int('http-port', values['http-port']) ?? 8090}`;
  if (values.help || !command || command === 'help') {
    console.log(USAGE);
    return;
  }
  if (command === 'start') return start(values as Record<string, string | undefined>);
  if (command === 'list') {
    const cams = (await call('GET', `${base}/cameras`)) as {
      id: string;
      mode: string;
      variant: string | null;
      pid: number | null;
    }[];
    for (const c of cams) console.log(`${c.id}  ${c.mode}${c.variant ? `:${c.variant}` : ''}  pid ${c.pid ?? '-'}`);
    return;
  }
  if (command === 'shots') {
    const files = await takeSnapshots({
      out: values.out ?? '/tmp/sim-shots',
      cameras: int('cameras', values.cameras) ?? 2,
      basePort: int('base-port', values['base-port']) ?? 47000,
    });
    files.forEach((f) => console.log(f));
    return;
  }
  if (command === 'mode') {
    const [id, mode, variant] = rest;
    if (!id || !mode) throw new Error(`mode needs a camera id (or all) and a mode\n${USAGE}`);
    const body = parseModeRequest(mode, variant);
    const out =
      id === 'all'
        ? await call('PUT', `${base}/mode`, body)
        : await call('PUT', `${base}/cameras/${encodeURIComponent(id)}/mode`, body);
    console.log(JSON.stringify(out, null, 2));
    return;
  }
  throw new Error(`unknown command ${command}\n${USAGE}`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`sim: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
