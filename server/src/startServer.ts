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
import { MemoryRegistryStore } from './adapters/memory/registryStore.ts';
import { createHttpApp } from './adapters/http/app.ts';
import { createSocketGateway } from './adapters/socket/gateway.ts';

export interface RunningServer {
  url: string;
  sfu: Sfu;
  registry: Registry;
  close(): Promise<void>;
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

/** Composition: registry (memory store from the fixture), SFU with ingest, HTTP API + web app, socket gateway. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const registry = new Registry(await MemoryRegistryStore.fromFixture(config.registryFixture, config.demoCameras));
  await registry.load();
  const sfu = await Sfu.start(defaultSfuConfig(config.sfu), registry.cameras());
  const health = new HealthBoard();
  const app = createHttpApp({
    registry,
    sfu,
    health,
    version: '0.1.0',
    webHandler: await loadWebHandler(config.webBuildDir),
  });
  const http = createServer(app);
  const io = createSocketGateway(http, sfu, health, registry);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${config.host}:${port}`,
    sfu,
    registry,
    close: () =>
      (closing ??= (async () => {
        sfu.close();
        await new Promise<void>((resolve) => io.close(() => resolve()));
        http.closeAllConnections();
      })()),
  };
}
