import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'express';
import { Sfu, defaultSfuConfig } from '@clinicwall/sfu';
import type { ServerConfig } from './config.ts';
import { HealthBoard } from './domain/healthBoard.ts';
import { Registry } from './domain/registry.ts';
import { limitCameras } from './adapters/memory/registryStore.ts';
import { createHttpApp } from './adapters/http/app.ts';
import { createSocketGateway } from './adapters/socket/gateway.ts';
import { createStores } from './createStores.ts';
import { createSwipes } from './createSwipes.ts';
import { createAlarms, type Alarms } from './alarms/createAlarms.ts';
import { createAccess, type AccountStores } from './createAccess.ts';
import type { AccessCore } from './domain/accounts/accessCore.ts';
import { SocketDirectory } from './adapters/socket/sessionAuth.ts';
import { createSentinel } from './sentinel/createSentinel.ts';

export interface RunningServer {
  url: string;
  sfu: Sfu;
  registry: Registry;
  /** The alarm domain (desk, ledger, webhooks, leadership; `alarms.sentinel` takes sentinel verdicts). */
  alarms: Alarms;
  /** Accounts, sessions, the access policy and the audit log. */
  access: AccessCore;
  close(): Promise<void>;
}

export interface StartOptions {
  /**
   * Account stores to use instead of the configured ones: a test harness passes the same memory
   * stores to a restarted server, so sessions outlive the restart as they do with Redis.
   */
  accounts?: AccountStores;
}

async function loadWebHandler(dir: string | null): Promise<RequestHandler | undefined> {
  if (!dir) return undefined;
  const file = join(dir, 'handler.js');
  if (!existsSync(file)) {
    console.warn(`[server] no built web app at ${file} (run npm run build); serving the API only`);
    return undefined;
  }
  const mod = (await import(pathToFileURL(file).href)) as { handler: RequestHandler };
  return mod.handler;
}

/**
 * Composition: stores (memory, or Redis with REDIS_URL), registry, SFU with ingest of the first
 * DEMO_CAMERAS IP cameras (0: none, for extra processes sharing Redis), swipes, alarms, accounts
 * and access (demo users seeded into an empty user store), HTTP API + web app, socket gateway.
 */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const stores = await createStores(config);
  const registry = new Registry(stores.registry);
  await registry.load();
  const unfollow = registry.follow((e) => console.warn(`[registry] reload failed: ${(e as Error).message}`));
  const cameras = limitCameras(registry.snapshot(), config.demoCameras).cameras;
  const sfu = await Sfu.start(defaultSfuConfig(config.sfu), cameras);
  const swipes = createSwipes(config, registry, stores);
  // With Redis, a process may lead the alarms only if it ingests cameras (the sentinel taps its SFU).
  const ingests = cameras.some((c) => c.source.kind === 'ingest');
  const alarms = await createAlarms({
    config: config.alarms,
    registry,
    stores: stores.alarmStores,
    sfu,
    cluster: stores.alarmCluster,
    standing: ingests || !registry.snapshot().cameras.some((c) => c.source.kind === 'ingest'),
  });
  const access = await createAccess({
    config: config.accounts,
    registry,
    stores: options.accounts ?? stores.accounts,
  });
  const sockets = new SocketDirectory(access);
  const health = new HealthBoard();
  // The sentinel runs on the alarm leader only (with one process: this one, for good).
  if (config.sentinel)
    alarms.whileLeading(async () => {
      const sentinel = await createSentinel({
        sfu,
        cameraIds: cameras.map((c) => c.id),
        health,
        alarms: alarms.sentinel,
        raiseAfterMs: config.sentinelRaiseAfterMs,
      });
      return () => sentinel.close();
    });
  const app = createHttpApp({
    access: { core: access },
    registry,
    sfu,
    health,
    version: '0.1.0',
    webHandler: await loadWebHandler(config.webBuildDir),
    swipes: swipes.http,
    alarms: alarms.http,
  });
  let closing: Promise<void> | null = null;
  // Once closing, every response asks its client to close the connection: keep-alive clients that
  // post without a pause (an insurance system's integration) leave as soon as their request is
  // answered instead of holding the process until the force-close below.
  const http = createServer((req, res) => {
    if (closing) res.setHeader('connection', 'close');
    app(req, res);
  });
  const io = createSocketGateway(http, sfu, health, registry, {
    access: { core: access, directory: sockets },
    swipes: swipes.socket,
    alarms: alarms.socket,
    adapter: stores.socketAdapter ?? undefined,
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://${config.host}:${port}`,
    sfu,
    registry,
    alarms,
    access,
    close: () =>
      (closing ??= (async () => {
        await alarms.close();
        sfu.close();
        swipes.close();
        unfollow();
        sockets.close();
        const closed = new Promise<void>((resolve) => io.close(() => resolve()));
        // Requests in flight may finish; keep-alive clients (an integration posting swipes) must not hold the close.
        http.closeIdleConnections();
        const force = setTimeout(() => http.closeAllConnections(), 1000);
        await closed;
        clearTimeout(force);
        await stores.close();
      })()),
  };
}
