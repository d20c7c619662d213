import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { IceServer } from '@clinicwall/sfu';
import type { FlagPolicy } from './domain/swipes/flags.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** An unset variable and an empty one mean the same: not configured. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** `id:secret,id:secret`: the integrations allowed to post swipes, each with its HMAC secret. */
const Integrations = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z
          .string()
          .regex(/^[A-Za-z0-9][\w.-]{0,63}:.+$/, 'each entry is integrationId:secret')
          .refine((p) => p.slice(p.indexOf(':') + 1).length >= 32, 'each secret needs at least 32 characters'),
      )
      .min(1, 'at least one integrationId:secret'),
  );

const swipeEnv = {
  REDIS_URL: optional(z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL')),
  SWIPE_INTEGRATIONS: optional(Integrations),
  CARD_HASH_KEY: optional(z.string().min(32, 'at least 32 characters')),
  SWIPE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  MULTI_CARD_WINDOW_MIN: z.coerce.number().int().min(1).max(1440).default(10),
  MULTI_CARD_THRESHOLD: z.coerce.number().int().min(2).max(100).default(3),
  CARD_TRAVEL_MAX_KMH: z.coerce.number().min(1).max(2000).default(60),
  CARD_TRAVEL_MIN_KM: z.coerce.number().min(0).max(1000).default(3),
  CARD_TRAVEL_WINDOW_MIN: z.coerce.number().int().min(1).max(10_080).default(240),
  AFTER_HOURS_GRACE_MIN: z.coerce.number().int().min(0).max(240).default(15),
  AMOUNT_OUTLIER_FACTOR: z.coerce.number().min(1).max(1000).default(5),
  AMOUNT_OUTLIER_DEVIATIONS: z.coerce.number().min(0).max(1000).default(8),
  AMOUNT_OUTLIER_MIN_SWIPES: z.coerce.number().int().min(1).max(10_000).default(30),
  AMOUNT_OUTLIER_WINDOW: z.coerce.number().int().min(1).max(2000).default(200),
  SWIPE_RATE_PER_S: z.coerce.number().int().min(1).max(100_000).default(1000),
  SWIPE_RATE_BURST: z.coerce.number().int().min(500, 'at least 500 (one full batch)').max(1_000_000).default(5000),
  SWIPE_MAX_BODY_KB: z.coerce.number().int().min(16).max(65_536).default(2048),
};

/** `url|secret,url|secret`: where alarm events are POSTed, each signed with its own HMAC secret. */
const AlarmWebhooks = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z
          .string()
          .regex(/^https?:\/\/[^\s|]+\|.+$/, 'each entry is url|secret, with an http(s) URL')
          .refine((p) => p.slice(p.indexOf('|') + 1).length >= 32, 'each secret needs at least 32 characters'),
      )
      .min(1, 'at least one url|secret'),
  );

const alarmEnv = {
  ALARM_WEBHOOKS: optional(AlarmWebhooks),
  ALARM_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  ALARM_WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(1).max(600_000).default(1000),
  ALARM_ESCALATE_AFTER_S: z.coerce.number().int().min(1).max(86_400).default(120),
  ALARM_VIOLATION_AFTER_S: z.coerce.number().int().min(1).max(604_800).default(600),
  /** With REDIS_URL: the alarm leader's lease; a dead or stalled leader is replaced within about this long. */
  ALARM_LEADER_LEASE_MS: z.coerce.number().int().min(1000).max(60_000).default(5000),
};

/** `username:password,...`: fixed passwords for the demo users seeded at start (tests, e2e). */
const DemoPasswords = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[a-z0-9][a-z0-9._-]*:.{10,}$/, 'each entry is username:password (10+ characters)')));

const accountEnv = {
  DEMO_PASSWORDS: optional(DemoPasswords),
  /** Where to write the credentials of the demo users created at start (mode 600), besides stdout. */
  DEMO_PASSWORDS_FILE: optional(z.string()),
};

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  REGISTRY_FIXTURE: z.string().default(`${repoRoot}infra/fixtures/demo-registry.json`),
  DEMO_CAMERAS: z.coerce.number().int().min(0).max(100).default(16),
  SFU_WORKERS: z.coerce.number().int().min(1).max(64).default(cpus().length),
  SFU_LISTEN_IP: z.string().default('127.0.0.1'),
  SFU_ANNOUNCED_ADDRESS: z.string().optional(),
  RTC_MIN_PORT: z.coerce.number().int().min(1024).max(65535).default(40000),
  RTC_MAX_PORT: z.coerce.number().int().min(1024).max(65535).default(49999),
  TURN_URLS: z.string().optional(),
  TURN_USERNAME: z.string().optional(),
  TURN_CREDENTIAL: z.string().optional(),
  NO_SIGNAL_MS: z.coerce.number().int().min(200).max(60_000).default(2000),
  /** A camera that never sent media since the server started is "connecting" this long, not "no signal". */
  SIGNAL_STARTUP_GRACE_MS: z.coerce.number().int().min(0).max(300_000).default(15_000),
  MEDIASOUP_WORKER_BIN: z
    .string()
    .min(1, 'run infra/setup.sh (it builds the mediasoup worker) or set MEDIASOUP_WORKER_BIN'),
  WEB_BUILD_DIR: z.string().default(`${repoRoot}build`),
  /** The server-side tile-health sentinel over every camera (key frames of the substream, ~0.5 % of a core per camera). */
  SENTINEL: z.enum(['on', 'off']).default('on'),
  /** How long the sentinel sees a condition on every key frame before it raises it (default: its third key frame, 1500). */
  SENTINEL_RAISE_AFTER_MS: optional(z.coerce.number().int().min(500).max(10_000)),
  ...swipeEnv,
  ...alarmEnv,
  ...accountEnv,
});

export interface ServerConfig {
  port: number;
  host: string;
  registryFixture: string;
  demoCameras: number;
  webBuildDir: string | null;
  /** Run the server-side tile-health sentinel over every camera. */
  sentinel: boolean;
  /** The sentinel's raise delay instead of its default (SENTINEL_PIPELINE); null: the default. */
  sentinelRaiseAfterMs: number | null;
  /** Redis for swipes and the registry; null = in-memory stores (not durable across restarts). */
  redisUrl: string | null;
  swipes: SwipeConfig;
  alarms: AlarmsConfig;
  accounts: AccountsConfig;
  sfu: {
    numWorkers: number;
    workerBin: string;
    listenIp: string;
    announcedAddress?: string;
    rtcMinPort: number;
    rtcMaxPort: number;
    iceServers: IceServer[];
    noSignalAfterMs: number;
    startupGraceMs: number;
  };
}

export interface SwipeConfig {
  /** integrationId → HMAC secret. Empty, or no card hash key: ingest answers 503. */
  integrations: Map<string, string>;
  cardHashKey: string | null;
  retentionDays: number;
  /** Thresholds of the flags computed on arrival. */
  flags: FlagPolicy;
  /** Token bucket per integration, counted in swipes. */
  ratePerSecond: number;
  rateBurst: number;
  maxBodyBytes: number;
}

export interface AccountsConfig {
  /** Fixed passwords of demo users (username → password); the others get generated ones. */
  demoPasswords: Record<string, string>;
  /** File the demo credentials created at start are written to (mode 600); null: stdout only. */
  demoPasswordsFile: string | null;
}

export interface AlarmsConfig {
  /** Outbound webhook targets (ALARM_WEBHOOKS); the secrets are never logged. */
  webhooks: { url: string; secret: string }[];
  webhookRetry: { maxAttempts: number; baseDelayMs: number };
  /** Several server processes (Redis): the alarm leader's lease time to live. */
  leaseMs: number;
  /** Overrides of the engine's defaults (debounces stay the engine's). */
  engine: { escalateAfterMs: number; violationAfterMs: number; signalClearHoldMs: number };
}

/** Reads the configuration once, at start; a bad variable stops the start with a clear message. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.SWIPE_INTEGRATIONS && !e.CARD_HASH_KEY)
    throw new Error('invalid configuration:\n  CARD_HASH_KEY: required when SWIPE_INTEGRATIONS is set');
  const integrations = new Map<string, string>();
  for (const pair of e.SWIPE_INTEGRATIONS ?? []) {
    const at = pair.indexOf(':');
    integrations.set(pair.slice(0, at), pair.slice(at + 1));
  }
  const iceServers: IceServer[] = e.TURN_URLS
    ? [{ urls: e.TURN_URLS.split(',').map((u) => u.trim()), username: e.TURN_USERNAME, credential: e.TURN_CREDENTIAL }]
    : [];
  return {
    port: e.PORT,
    host: e.HOST,
    registryFixture: e.REGISTRY_FIXTURE,
    demoCameras: e.DEMO_CAMERAS,
    webBuildDir: e.WEB_BUILD_DIR,
    sentinel: e.SENTINEL === 'on',
    sentinelRaiseAfterMs: e.SENTINEL_RAISE_AFTER_MS ?? null,
    redisUrl: e.REDIS_URL ?? null,
    swipes: {
      integrations,
      cardHashKey: e.CARD_HASH_KEY ?? null,
      retentionDays: e.SWIPE_RETENTION_DAYS,
      flags: {
        multiCardWindowMs: e.MULTI_CARD_WINDOW_MIN * 60_000,
        multiCardThreshold: e.MULTI_CARD_THRESHOLD,
        travel: {
          maxKmh: e.CARD_TRAVEL_MAX_KMH,
          minKm: e.CARD_TRAVEL_MIN_KM,
          windowMs: e.CARD_TRAVEL_WINDOW_MIN * 60_000,
        },
        afterHoursGraceMs: e.AFTER_HOURS_GRACE_MIN * 60_000,
        outlier: {
          factor: e.AMOUNT_OUTLIER_FACTOR,
          deviations: e.AMOUNT_OUTLIER_DEVIATIONS,
          minSwipes: e.AMOUNT_OUTLIER_MIN_SWIPES,
          window: e.AMOUNT_OUTLIER_WINDOW,
        },
      },
      ratePerSecond: e.SWIPE_RATE_PER_S,
      rateBurst: e.SWIPE_RATE_BURST,
      maxBodyBytes: e.SWIPE_MAX_BODY_KB * 1024,
    },
    accounts: {
      demoPasswords: Object.fromEntries(
        (e.DEMO_PASSWORDS ?? []).map((pair) => [pair.slice(0, pair.indexOf(':')), pair.slice(pair.indexOf(':') + 1)]),
      ),
      demoPasswordsFile: e.DEMO_PASSWORDS_FILE ?? null,
    },
    alarms: {
      webhooks: (e.ALARM_WEBHOOKS ?? []).map((pair) => {
        const at = pair.indexOf('|');
        return { url: pair.slice(0, at), secret: pair.slice(at + 1) };
      }),
      webhookRetry: { maxAttempts: e.ALARM_WEBHOOK_MAX_ATTEMPTS, baseDelayMs: e.ALARM_WEBHOOK_BACKOFF_MS },
      leaseMs: e.ALARM_LEADER_LEASE_MS,
      engine: {
        escalateAfterMs: e.ALARM_ESCALATE_AFTER_S * 1000,
        violationAfterMs: e.ALARM_VIOLATION_AFTER_S * 1000,
        // Longer than an ingest restart's gap takes to be reported lost (NO_SIGNAL_MS, a poll, back-off).
        signalClearHoldMs: e.NO_SIGNAL_MS + 3000,
      },
    },
    sfu: {
      numWorkers: e.SFU_WORKERS,
      workerBin: e.MEDIASOUP_WORKER_BIN,
      listenIp: e.SFU_LISTEN_IP,
      announcedAddress: e.SFU_ANNOUNCED_ADDRESS,
      rtcMinPort: e.RTC_MIN_PORT,
      rtcMaxPort: e.RTC_MAX_PORT,
      iceServers,
      noSignalAfterMs: e.NO_SIGNAL_MS,
      startupGraceMs: e.SIGNAL_STARTUP_GRACE_MS,
    },
  };
}
