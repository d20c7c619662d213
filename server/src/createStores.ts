import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { ServerConfig } from './config.ts';
import type { RegistryStore } from './domain/registry.ts';
import type { CardSightings, ClinicTotals, SwipeFeed, SwipeStore, TerminalCardLog } from './domain/swipes/ports.ts';
import { MemoryCardLog } from './adapters/memory/cardLog.ts';
import { MemoryCardSightings } from './adapters/memory/cardSightings.ts';
import { MemoryClinicTotals } from './adapters/memory/clinicTotals.ts';
import { MemoryRegistryStore } from './adapters/memory/registryStore.ts';
import { MemorySwipeStore } from './adapters/memory/swipeStore.ts';
import { RedisCardLog } from './adapters/redis/cardLog.ts';
import { RedisCardSightings } from './adapters/redis/cardSightings.ts';
import { RedisClinicTotals } from './adapters/redis/clinicTotals.ts';
import { openRedis, persistenceWarning, redactUrl } from './adapters/redis/connection.ts';
import { RedisRegistryStore } from './adapters/redis/registryStore.ts';
import { RedisSwipeFeed } from './adapters/redis/swipeFeed.ts';
import { RedisSwipeStore } from './adapters/redis/swipeStore.ts';
import { MemoryAlarmStore } from './adapters/memory/alarmStore.ts';
import { MemoryLedgerStore } from './adapters/memory/ledgerStore.ts';
import { MemoryMaintenanceStore } from './adapters/memory/maintenanceStore.ts';
import { RedisAlarmStore } from './adapters/redis/alarmStore.ts';
import { RedisLedgerStore } from './adapters/redis/ledgerStore.ts';
import { RedisMaintenanceStore } from './adapters/redis/maintenanceStore.ts';
import type { AlarmCluster, AlarmStores } from './alarms/createAlarms.ts';
import { RedisAlarmInbox } from './adapters/redis/alarmInbox.ts';
import { ALARM_KEYS } from './adapters/redis/alarmKeys.ts';
import { RedisLeaseStore } from './adapters/redis/leaseStore.ts';
import { memoryAccountStores, redisAccountStores, type AccountStores } from './createAccess.ts';

/** The storage ports, wired to memory (no REDIS_URL) or Redis. */
export interface Stores {
  kind: 'memory' | 'redis';
  registry: RegistryStore;
  swipes: SwipeStore;
  swipeFeed: SwipeFeed;
  cards: TerminalCardLog;
  /** Where each card was last seen (card_travel). */
  cardSightings: CardSightings;
  /** Recent totals per clinic (amount_outlier). */
  clinicTotals: ClinicTotals;
  /** Alarms (with snoozes), maintenance reports and the violations ledger. */
  alarmStores: AlarmStores;
  /** The alarm leader's lease and inbox (several processes share Redis); null in memory. */
  alarmCluster: AlarmCluster | null;
  /** Users, sessions, sign-in throttling, the audit log. */
  accounts: AccountStores;
  /** socket.io's Redis adapter (several server processes share rooms and broadcasts); null in memory. */
  socketAdapter: ReturnType<typeof createAdapter> | null;
  close(): Promise<void>;
}

const DAY_MS = 24 * 3600_000;

export async function createStores(config: ServerConfig): Promise<Stores> {
  const seed = await MemoryRegistryStore.fromFixture(config.registryFixture, config.demoCameras);
  if (!config.redisUrl) {
    const swipes = new MemorySwipeStore();
    return {
      kind: 'memory',
      registry: seed,
      swipes,
      swipeFeed: swipes,
      cards: new MemoryCardLog(),
      cardSightings: new MemoryCardSightings(),
      clinicTotals: new MemoryClinicTotals(),
      alarmStores: {
        alarms: new MemoryAlarmStore(),
        maintenance: new MemoryMaintenanceStore(),
        ledger: new MemoryLedgerStore(),
      },
      alarmCluster: null,
      accounts: memoryAccountStores(),
      socketAdapter: null,
      close: async () => undefined,
    };
  }
  const url = config.redisUrl;
  const opened: Redis[] = [];
  const open = async (name: string, blocking = false) => {
    const r = await openRedis(url, name, blocking ? { maxRetriesPerRequest: null } : {});
    opened.push(r);
    return r;
  };
  try {
    const redis = await open('main');
    const warning = await persistenceWarning(redis);
    if (warning) console.warn(`[redis] ${warning}`);
    const registry = new RedisRegistryStore(redis, () => open('registry-watch'));
    if (await registry.seedIfEmpty(await seed.load()))
      console.log(`[redis] registry seeded from ${config.registryFixture}`);
    const feed = new RedisSwipeFeed(await open('swipe-feed', true));
    await feed.start();
    const socketAdapter = createAdapter(await open('io-pub'), await open('io-sub'));
    const inbox = new RedisAlarmInbox(redis, await open('alarm-replies'), () => open('alarm-inbox', true));
    await inbox.start();
    console.log(`[redis] stores on ${redactUrl(url)}`);
    return {
      kind: 'redis',
      registry,
      swipes: new RedisSwipeStore(redis, config.swipes.retentionDays * DAY_MS),
      swipeFeed: feed,
      cards: new RedisCardLog(redis),
      cardSightings: new RedisCardSightings(redis),
      clinicTotals: new RedisClinicTotals(redis),
      alarmStores: {
        alarms: new RedisAlarmStore(redis),
        maintenance: new RedisMaintenanceStore(redis),
        ledger: new RedisLedgerStore(redis),
      },
      alarmCluster: { lease: new RedisLeaseStore(redis, ALARM_KEYS.leader.lease), inbox },
      accounts: await redisAccountStores(redis, await open('access-changes')),
      socketAdapter,
      close: async () => {
        await feed.close();
        for (const r of opened) r.disconnect();
      },
    };
  } catch (error) {
    for (const r of opened) r.disconnect();
    throw error;
  }
}
