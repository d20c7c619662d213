import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import {
  SwipeQuery,
  TerminalMappingRequest,
  type SwipeIngestResponse,
  type SwipePageDto,
  type SwipeRecord,
  type Terminal,
} from '@clinicwall/contract';
import { DomainError, errorCode } from '../../domain/errors.ts';
import type { Registry } from '../../domain/registry.ts';
import type { SwipeIngest } from '../../domain/swipes/ingest.ts';
import type { SwipeStore } from '../../domain/swipes/ports.ts';
import type { TokenBuckets } from '../../domain/swipes/tokenBucket.ts';
import { zodFields } from '../socket/handle.ts';
import { checkAccess, scopeFor } from './actor.ts';
import { integrationPrincipal } from './integrationPrincipal.ts';
import { actAs, contextOf, requestAccess } from './session.ts';
import { claimedSwipes, parseJsonBody, parseSwipeBody } from './swipeBody.ts';
import { verifySwipeSignature } from './swipeSignature.ts';

export interface SwipeHttpDeps {
  /** Null when ingest is not configured (no integrations or no card hash key): POST answers 503. */
  ingest: SwipeIngest | null;
  integrations: ReadonlyMap<string, string>;
  store: SwipeStore;
  registry: Registry;
  limiter: TokenBuckets;
  maxBodyBytes: number;
  /** Counts outcomes (reported in the log now and then). */
  stats?: { created: number; duplicate: number; refused: number };
  now?: () => number;
}

type Handler = (req: Request, res: Response) => Promise<void> | void;
/** Express 5 forwards rejected promises; this keeps handlers small and typed. */
const route =
  (fn: Handler) =>
  (req: Request, res: Response, next: NextFunction): void => {
    Promise.resolve(fn(req, res)).catch(next);
  };

/** A store failure (Redis down) is 503 with a plain message; the details go to the log once. */
function storeUnavailable(error: unknown): unknown {
  if (errorCode(error)) return error;
  console.warn(`[swipes] store unavailable: ${(error as Error).message}`);
  return new DomainError('unavailable', 'the swipe store is unavailable, please retry');
}

function parseQuery(raw: unknown, over: Partial<SwipeQuery> = {}): SwipeQuery {
  const parsed = SwipeQuery.safeParse(raw);
  if (!parsed.success) throw new DomainError('invalid_argument', 'invalid swipe query', zodFields(parsed.error));
  return { ...parsed.data, ...over };
}

/** How many store pages one scoped list request may read to fill its page. */
const MAX_SCOPED_READS = 20;

/**
 * A page of the swipes that `keep` lets through: reads the store's pages until this one is full
 * (a scoped user's list is as long as anyone's), or after MAX_SCOPED_READS (nextBefore goes on).
 */
async function scopedPage(
  store: SwipeStore,
  query: SwipeQuery,
  keep: (s: SwipeRecord) => boolean,
): Promise<SwipePageDto> {
  const items: SwipeRecord[] = [];
  let before = query.before;
  for (let i = 0; i < MAX_SCOPED_READS; i++) {
    const page = await store.page({ ...query, ...(before ? { before } : {}) });
    for (const s of page.items) {
      if (!keep(s)) continue;
      items.push(s);
      if (items.length === query.limit) return { items, nextBefore: s.id };
    }
    if (!page.nextBefore) return { items, nextBefore: null };
    before = page.nextBefore;
  }
  return { items, nextBefore: before ?? null };
}

/**
 * The swipe API under /api/v1: signed ingest, listing, the admin list of unmapped swipes and the
 * admin terminal → camera mapping. Mounted before the API's JSON parser: ingest needs the raw bytes
 * that were signed.
 */
export function createSwipeRouter(deps: SwipeHttpDeps): Router {
  const now = deps.now ?? Date.now;
  const stats = deps.stats ?? { created: 0, duplicate: 0, refused: 0 };

  const r = express.Router();
  r.post(
    '/swipes',
    (_req, _res, next) =>
      next(deps.ingest ? undefined : new DomainError('unavailable', 'swipe ingest is not configured')),
    express.raw({ type: () => true, limit: deps.maxBodyBytes }),
    route(async (req, res) => {
      try {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const integrationId = verifySwipeSignature(deps.integrations, (h) => req.get(h), raw, Math.floor(now() / 1000));
        actAs(req, integrationPrincipal(integrationId));
        await checkAccess(req, 'swipes.ingest', { kind: 'system' });
        const json = parseJsonBody(raw);
        const allowed = deps.limiter.take(integrationId, claimedSwipes(json));
        if (!allowed.ok) {
          res.setHeader('Retry-After', String(allowed.retryAfterS));
          throw new DomainError(
            'rate_limited',
            `too many swipes from ${integrationId}; retry after ${allowed.retryAfterS} s`,
          );
        }
        const swipes = parseSwipeBody(json, now());
        const results = await deps.ingest!.ingest(integrationId, swipes).catch((e: unknown) => {
          throw storeUnavailable(e);
        });
        const created = results.filter((x) => x.status === 'created').length;
        stats.created += created;
        stats.duplicate += results.length - created;
        const body: SwipeIngestResponse = { results };
        res.status(created > 0 ? 201 : 200).json(body);
      } catch (error) {
        stats.refused++;
        throw error;
      }
    }),
  );
  r.get(
    '/swipes',
    route(async (req, res) => {
      const query = parseQuery(req.query);
      // A named camera, terminal or clinic out of scope is refused (and audited); the rest is filtered.
      if (query.cameraId) await checkAccess(req, 'swipes.read', { kind: 'camera', id: query.cameraId });
      if (query.terminalId) await checkAccess(req, 'swipes.read', { kind: 'terminal', id: query.terminalId });
      if (query.clinicId) await checkAccess(req, 'swipes.read', { kind: 'clinic', id: query.clinicId });
      const scope = scopeFor(req, 'swipes.read');
      const body: SwipePageDto = scope.all
        ? await deps.store.page(query)
        : await scopedPage(deps.store, query, (s) => s.clinicId !== null && scope.clinicIds.has(s.clinicId));
      res.json(body);
    }),
  );
  r.get(
    '/swipes/unmapped',
    route(async (req, res) => {
      await checkAccess(req, 'mappings.edit', { kind: 'system' });
      const body: SwipePageDto = await deps.store
        .page(parseQuery(req.query, { flag: 'unmapped' }))
        .catch((e: unknown) => {
          throw storeUnavailable(e);
        });
      res.json(body);
    }),
  );
  r.put(
    '/terminals/:id',
    express.json({ limit: '16kb' }),
    route(async (req, res) => {
      const terminalId = String(req.params.id);
      await checkAccess(req, 'mappings.edit', { kind: 'terminal', id: terminalId });
      const parsed = TerminalMappingRequest.safeParse(req.body ?? {});
      if (!parsed.success)
        throw new DomainError('invalid_argument', 'invalid terminal mapping', zodFields(parsed.error));
      const before = deps.registry.terminal(terminalId)?.cameraId ?? null;
      const body: Terminal = await deps.registry.mapTerminal(terminalId, parsed.data.cameraId);
      const { core, principal } = requestAccess(req);
      await core.trail.mappingChanged(principal!, body.id, before, body.cameraId, contextOf(req));
      console.log(`[registry] terminal ${body.id} → ${body.cameraId ?? 'no camera'}`);
      res.json(body);
    }),
  );
  return r;
}
