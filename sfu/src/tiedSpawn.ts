import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';

const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));

/**
 * Spawns a helper process (ffmpeg) that dies with us: under `setpriv --pdeathsig SIGKILL` the kernel
 * kills it when this process ends, even by `kill -9`, so no orphan keeps a camera's UDP port or
 * keeps pushing packets into the next run. Without setpriv (not Linux) it is a plain spawn.
 */
export const spawnTied = ((command: string, args: readonly string[], options: SpawnOptions): ChildProcess =>
  SETPRIV
    ? spawn(SETPRIV, ['--pdeathsig', 'SIGKILL', command, ...args], options)
    : spawn(command, [...args], options)) as typeof spawn;
