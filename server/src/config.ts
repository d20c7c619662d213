import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { IceServer } from '@clinicwall/sfu';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

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
  MEDIASOUP_WORKER_BIN: z
    .string()
    .min(1, 'run infra/setup.sh (it builds the mediasoup worker) or set MEDIASOUP_WORKER_BIN'),
  WEB_BUILD_DIR: z.string().default(`${repoRoot}build`),
});

export interface ServerConfig {
  port: number;
  host: string;
  registryFixture: string;
  demoCameras: number;
  webBuildDir: string | null;
  sfu: {
    numWorkers: number;
    workerBin: string;
    listenIp: string;
    announcedAddress?: string;
    rtcMinPort: number;
    rtcMaxPort: number;
    iceServers: IceServer[];
    noSignalAfterMs: number;
  };
}

/** Reads the configuration once, at start; a bad variable stops the start with a clear message. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const iceServers: IceServer[] = e.TURN_URLS
    ? [{ urls: e.TURN_URLS.split(',').map((u) => u.trim()), username: e.TURN_USERNAME, credential: e.TURN_CREDENTIAL }]
    : [];
  return {
    port: e.PORT,
    host: e.HOST,
    registryFixture: e.REGISTRY_FIXTURE,
    demoCameras: e.DEMO_CAMERAS,
    webBuildDir: e.WEB_BUILD_DIR,
    sfu: {
      numWorkers: e.SFU_WORKERS,
      workerBin: e.MEDIASOUP_WORKER_BIN,
      listenIp: e.SFU_LISTEN_IP,
      announcedAddress: e.SFU_ANNOUNCED_ADDRESS,
      rtcMinPort: e.RTC_MIN_PORT,
      rtcMaxPort: e.RTC_MAX_PORT,
      iceServers,
      noSignalAfterMs: e.NO_SIGNAL_MS,
    },
  };
}
