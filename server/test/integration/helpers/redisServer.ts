import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const CONF = fileURLToPath(new URL('../../../../infra/redis/redis.conf', import.meta.url));

const running = (p: ChildProcess) => p.exitCode === null && p.signalCode === null;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A real redis-server for one test file: our infra/redis/redis.conf (AOF, appendfsync always), a free
 * port, data in a temp dir. Can be killed with SIGKILL and restarted from its AOF on the same port.
 */
export class RedisServer {
  readonly port: number;
  readonly dir: string;
  #proc: ChildProcess | null = null;

  private constructor(port: number, dir: string) {
    this.port = port;
    this.dir = dir;
  }

  get pid(): number | undefined {
    return this.#proc?.pid;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<RedisServer> {
    const s = new RedisServer(await freePort(), mkdtempSync(join(tmpdir(), 'clinicwall-redis-')));
    await s.#spawn();
    return s;
  }

  async #spawn(): Promise<void> {
    const proc = spawn('redis-server', [CONF, '--port', String(this.port), '--dir', this.dir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.#proc = proc;
    let stderr = '';
    proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (!running(proc)) throw new Error(`redis-server exited: ${stderr}`);
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        // Ready only once the AOF is loaded (PING answers LOADING before).
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        // not yet
      } finally {
        probe.disconnect();
      }
      if (Date.now() > deadline) throw new Error(`redis-server did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  readonly #clients = new Set<Redis>();

  /** A client for the test itself; stop() disconnects it (a live client would keep the test process running). */
  client(): Redis {
    const c = new Redis(this.url, { maxRetriesPerRequest: 1 });
    c.on('error', () => undefined);
    this.#clients.add(c);
    return c;
  }

  #disconnectClients(): void {
    for (const c of this.#clients) c.disconnect();
    this.#clients.clear();
  }

  /** kill -9: no shutdown, no final fsync; what survives is what the AOF already had. */
  async kill9(): Promise<void> {
    const proc = this.#proc;
    if (!proc || !running(proc)) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
  }

  /** Starts again on the same port and data dir (Redis replays its AOF). */
  async restart(): Promise<void> {
    await this.kill9();
    await this.#spawn();
  }

  /** Synchronous SIGKILL and cleanup, for an exiting process (no waiting possible there). */
  killNow(): void {
    this.#disconnectClients();
    if (this.#proc && running(this.#proc)) this.#proc.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  async stop(): Promise<void> {
    this.#disconnectClients();
    const proc = this.#proc;
    if (proc && running(proc)) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * One redis-server for the calling test file: started before its tests, stopped after them and,
 * unless `flush` is false, emptied before each test. `server` and `client` are there once started.
 */
export function redisPerFile({ flush = true }: { flush?: boolean } = {}): {
  readonly server: RedisServer;
  readonly client: Redis;
} {
  let server: RedisServer | undefined;
  let client: Redis | undefined;
  before(async () => {
    server = await RedisServer.start();
    client = server.client();
  });
  after(async () => {
    client?.disconnect();
    await server?.stop();
  });
  if (flush) beforeEach(async () => void (await client!.flushall()));
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('redis-server is not started yet (use it inside tests)');
    return v;
  };
  return {
    get server() {
      return started(server);
    },
    get client() {
      return started(client);
    },
  };
}
