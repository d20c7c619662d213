import express, { type Express, type RequestHandler } from 'express';
import type { CameraStatusListDto, HealthDto, RegistryDto, TileHealthListDto } from '@clinicwall/contract';
import type { Sfu } from '@clinicwall/sfu';
import type { AccessCore } from '../../domain/accounts/accessCore.ts';
import { registryFor } from '../../domain/access/visibleRegistry.ts';
import type { HealthBoard } from '../../domain/healthBoard.ts';
import type { Registry } from '../../domain/registry.ts';
import { httpErrorHandler } from './errors.ts';
import { createOpenApiRouter } from './openapi.ts';
import { createSwipeRouter, type SwipeHttpDeps } from './swipeRoutes.ts';
import { createAlarmRouter, type AlarmHttpDeps } from './alarmRoutes.ts';
import { createLedgerRouter } from './ledgerRoutes.ts';
import { createMaintenanceRouter } from './maintenanceRoutes.ts';
import { createWebhookRouter } from './webhookRoutes.ts';
import { scopeFor } from './actor.ts';
import { createAuthRouter } from './authRoutes.ts';
import { refuseCrossSite } from './sameOrigin.ts';
import { loadSession, requestAccess, requireSignIn } from './session.ts';
import { createUserRouter } from './userRoutes.ts';

/** Routes open without a session (the swipe ingest has its own HMAC credentials). */
const PUBLIC_ROUTES: readonly (readonly [string, RegExp])[] = [
  ['GET', /^\/health$/],
  ['POST', /^\/auth\/(login|logout)$/],
  ['GET', /^\/openapi\.json$/],
  ['GET', /^\/docs(\/.*)?$/],
  ['POST', /^\/swipes$/],
];
const isPublic = (req: { method: string; path: string }) =>
  PUBLIC_ROUTES.some(
    ([method, path]) => (req.method === method || (method === 'GET' && req.method === 'HEAD')) && path.test(req.path),
  );

export interface HttpDeps {
  /** Sessions, the access policy and the audit log: every route but the public ones needs a session. */
  access: { core: AccessCore };
  registry: Registry;
  sfu: Sfu;
  health: HealthBoard;
  version: string;
  /** SvelteKit's adapter-node handler (the built web app), when served from this process. */
  webHandler?: RequestHandler;
  /** The swipe API (ingest, lists, terminal mapping). */
  swipes?: SwipeHttpDeps;
  /** Alarms, maintenance reports, the violations ledger and the webhook delivery log. */
  alarms?: AlarmHttpDeps;
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
  api.use(refuseCrossSite(), loadSession(deps.access.core));
  api.use(requireSignIn(isPublic));
  // Before the JSON parser: swipe ingest verifies the signature over the raw body bytes.
  if (deps.swipes) api.use(createSwipeRouter(deps.swipes));
  api.use(createOpenApiRouter(deps.version));
  api.use(express.json({ limit: '1mb' }));
  api.use(createAuthRouter(), createUserRouter());
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
  // Lists show what the user may see: its part of the registry, the cameras it may view.
  api.get('/registry', (req, res) => {
    const { core, principal } = requestAccess(req);
    const body: RegistryDto = registryFor(core.policy, principal, deps.registry.snapshot());
    res.json(body);
  });
  const viewable = (req: express.Request) => {
    const scope = scopeFor(req, 'camera.view');
    return (cameraId: string) => scope.all || scope.cameraIds.has(cameraId);
  };
  api.get('/cameras/status', (req, res) => {
    const may = viewable(req);
    const body: CameraStatusListDto = deps.sfu.cameraStatuses().filter((s) => may(s.cameraId));
    res.json(body);
  });
  api.get('/tile-health', (req, res) => {
    const may = viewable(req);
    const body: TileHealthListDto = {
      cameras: deps.health.cameras().filter((c) => may(c.cameraId)),
      recent: deps.health.recent(200).filter((v) => may(v.cameraId)),
    };
    res.json(body);
  });
  api.get('/ingest', (req, res) => {
    const may = viewable(req);
    res.json(deps.sfu.ingestStatuses().filter((s) => may(s.cameraId)));
  });
  if (deps.alarms)
    api.use(
      createAlarmRouter(deps.alarms),
      createMaintenanceRouter(deps.alarms),
      createLedgerRouter(deps.alarms),
      createWebhookRouter(deps.alarms),
    );
  api.use((_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'no such API route' } });
  });
  api.use(httpErrorHandler);
  app.use('/api/v1', api);
  if (deps.webHandler) app.use(deps.webHandler);
  app.use(httpErrorHandler);
  return app;
}
