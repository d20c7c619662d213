import express, { type Express, type RequestHandler } from 'express';
import type { CameraStatusListDto, HealthDto, RegistryDto, TileHealthListDto } from '@clinicwall/contract';
import type { Sfu } from '@clinicwall/sfu';
import type { HealthBoard } from '../../domain/healthBoard.ts';
import type { Registry } from '../../domain/registry.ts';
import { httpErrorHandler } from './errors.ts';

export interface HttpDeps {
  registry: Registry;
  sfu: Sfu;
  health: HealthBoard;
  version: string;
  /** SvelteKit's adapter-node handler (the built web app), when served from this process. */
  webHandler?: RequestHandler;
}

export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Cross-origin isolation lets the wall run multi-threaded WASM inference (SharedArrayBuffer).
  app.use((_req, res, next) => {
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  const api = express.Router();
  api.use(express.json({ limit: '1mb' }));
  api.get('/health', (_req, res) => {
    const statuses = deps.sfu.cameraStatuses();
    const body: HealthDto = {
      ok: true,
      version: deps.version,
      workers: deps.sfu.pool.size,
      cameras: statuses.length,
      live: statuses.filter((s) => s.state === 'live').length,
    };
    res.json(body);
  });
  api.get('/registry', (_req, res) => {
    const body: RegistryDto = deps.registry.snapshot();
    res.json(body);
  });
  api.get('/cameras/status', (_req, res) => {
    const body: CameraStatusListDto = deps.sfu.cameraStatuses();
    res.json(body);
  });
  api.get('/tile-health', (_req, res) => {
    const body: TileHealthListDto = { cameras: deps.health.cameras(), recent: deps.health.recent(200) };
    res.json(body);
  });
  api.get('/ingest', (_req, res) => {
    res.json(deps.sfu.ingestStatuses());
  });
  api.use((_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'no such API route' } });
  });
  api.use(httpErrorHandler);
  app.use('/api/v1', api);
  if (deps.webHandler) app.use(deps.webHandler);
  app.use(httpErrorHandler);
  return app;
}
