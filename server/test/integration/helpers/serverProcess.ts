import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildServer } from '../../../build.ts';

const SERVE = fileURLToPath(new URL('../../../bin/serve.mjs', import.meta.url));
let built: Promise<string> | null = null;

/**
 * A server in a process of its own, as deployed (the bundle of the current sources, built once per
 * test file, run by server/bin/serve.mjs): a second process sharing Redis.
 */
export interface ServerProcess {
  proc: ChildProcess;
  url: string;
  /** Its stdout and stderr so far. */
  log: string[];
  /** SIGTERM, and waits until it exited. */
  stop(): Promise<void>;
}

export async function spawnServer(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  await (built ??= buildServer());
  const proc = spawn(process.execPath, [SERVE], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server process did not start:\n${log.join('')}`)), 30_000);
    const onData = (d: Buffer) => {
      log.push(d.toString());
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(d.toString());
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (d: Buffer) => log.push(d.toString()));
    proc.once('exit', (code) => reject(new Error(`the server process exited (${code}):\n${log.join('')}`)));
  });
  return {
    proc,
    url,
    log,
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}
