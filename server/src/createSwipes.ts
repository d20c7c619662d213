import type { ServerConfig } from './config.ts';
import type { Stores } from './createStores.ts';
import type { Registry } from './domain/registry.ts';
import { SwipeFanout } from './domain/swipes/fanout.ts';
import { SwipeIngest } from './domain/swipes/ingest.ts';
import { TokenBuckets } from './domain/swipes/tokenBucket.ts';
import type { SwipeHttpDeps } from './adapters/http/swipeRoutes.ts';
import type { SwipeSocketDeps } from './adapters/socket/swipeHandlers.ts';

export interface Swipes {
  http: SwipeHttpDeps;
  socket: SwipeSocketDeps;
  close(): void;
}

const DAY_MS = 24 * 3600_000;

/** Swipe services: ingest (when configured), live fan-out of the store's feed, hourly retention. */
export function createSwipes(config: ServerConfig, registry: Registry, stores: Stores): Swipes {
  const s = config.swipes;
  const ingest =
    s.integrations.size > 0 && s.cardHashKey
      ? new SwipeIngest({
          registry,
          store: stores.swipes,
          cards: stores.cards,
          sightings: stores.cardSightings,
          totals: stores.clinicTotals,
          cardHashKey: s.cardHashKey,
          policy: s.flags,
        })
      : null;
  if (!ingest)
    console.warn('[swipes] ingest not configured (SWIPE_INTEGRATIONS, CARD_HASH_KEY): POST /api/v1/swipes answers 503');
  const fanout = new SwipeFanout();
  const stopFeed = stores.swipeFeed.subscribe((records) => fanout.deliver(records));
  const retention = setInterval(() => {
    stores.swipes
      .trimBefore(Date.now() - s.retentionDays * DAY_MS)
      .catch((error: unknown) => console.warn(`[swipes] retention trim failed: ${(error as Error).message}`));
  }, 3600_000);
  retention.unref();
  const stats = { created: 0, duplicate: 0, refused: 0 };
  const report = setInterval(() => {
    if (stats.created + stats.duplicate + stats.refused === 0) return;
    console.log(
      `[swipes] last minute: ${stats.created} stored, ${stats.duplicate} duplicates, ${stats.refused} refused`,
    );
    stats.created = stats.duplicate = stats.refused = 0;
  }, 60_000);
  report.unref();
  return {
    http: {
      ingest,
      integrations: s.integrations,
      store: stores.swipes,
      registry,
      limiter: new TokenBuckets(s.ratePerSecond, s.rateBurst),
      maxBodyBytes: s.maxBodyBytes,
      stats,
    },
    socket: { fanout, store: stores.swipes, registry },
    close: () => {
      clearInterval(retention);
      clearInterval(report);
      stopFeed();
    },
  };
}
