import type { AlarmEventDto, CameraStatus, TileHealth } from '@clinicwall/contract';
import type { Sfu } from '@clinicwall/sfu';
import type { AlarmsConfig } from '../config.ts';
import type { Registry } from '../domain/registry.ts';
import { AlarmEngine } from '../domain/alarms/alarmEngine.ts';
import { directoryFromSnapshot } from '../domain/alarms/cameraDirectory.ts';
import type { AlarmStore } from '../domain/alarms/ports.ts';
import { Ledger } from '../domain/ledger/ledger.ts';
import type { LedgerStore } from '../domain/ledger/ledgerStore.ts';
import { MaintenanceReports } from '../domain/maintenance/maintenanceReports.ts';
import type { MaintenanceStore } from '../domain/maintenance/maintenanceStore.ts';
import { WebhookDispatcher } from '../webhooks/webhookDispatcher.ts';
import { redactTarget } from '../webhooks/webhookEvents.ts';
import type { AlarmHttpDeps } from '../adapters/http/alarmRoutes.ts';
import type { AlarmSocketDeps } from '../adapters/socket/alarmHandlers.ts';
import { AlarmService, SENTINEL_SOURCE } from './alarmService.ts';

export interface AlarmStores {
  alarms: AlarmStore;
  maintenance: MaintenanceStore;
  ledger: LedgerStore;
}

/** What the server-side sentinel hands over: its smoothed verdict changes (SentinelVerdict fits). */
export interface SentinelHook {
  /** `onsetAt`: when the condition began (the smoothing's onset, ms since epoch). */
  verdict(v: { cameraId: string; verdict: TileHealth; onsetAt: number }): void;
  /** The sentinel stopped checking a camera. */
  withdraw(cameraId: string): void;
}

export interface Alarms {
  service: AlarmService;
  ledger: Ledger;
  maintenance: MaintenanceReports;
  webhooks: WebhookDispatcher;
  http: AlarmHttpDeps;
  socket: AlarmSocketDeps;
  /** Wire the sentinel here: `sentinel.on('verdict', (v) => alarms.sentinel.verdict(v))`. */
  sentinel: SentinelHook;
  close(): void;
}

const short = (e: AlarmEventDto) =>
  e.type === 'snoozed'
    ? `${e.snooze ? 'snoozed' : 'unsnoozed'} ${e.cameraId}`
    : `${e.type} ${e.alarm.kind} on ${e.alarm.cameraId} (alarm ${e.alarm.id.slice(0, 8)}, ${e.alarm.state})`;

const warn = (what: string) => (error: unknown) => console.warn(`[alarms] ${what}: ${(error as Error).message}`);

/**
 * The alarm domain wired into one server: engine (restored from its store), maintenance reports,
 * ledger, webhooks; the SFU's liveness of every camera (its current status at start, then every
 * change) feeds signal_loss; walls' verdicts come in through the socket gateway, the sentinel's
 * through `sentinel`. One engine per server process.
 */
export async function createAlarms(o: {
  config: AlarmsConfig;
  registry: Registry;
  stores: AlarmStores;
  sfu: Sfu;
}): Promise<Alarms> {
  const cameras = directoryFromSnapshot(() => o.registry.snapshot());
  const maintenance = new MaintenanceReports(o.stores.maintenance, cameras);
  const ledger = new Ledger(o.stores.ledger, cameras);
  const engine = new AlarmEngine({
    store: o.stores.alarms,
    cameras,
    violations: ledger,
    maintenance,
    config: o.config.engine,
  });
  await engine.load();
  const service = new AlarmService({ engine, maintenance, cameras });
  const webhooks = new WebhookDispatcher({ targets: o.config.webhooks, policy: o.config.webhookRetry });
  service.onEvent((e) => console.log(`[alarms] ${short(e)}`));
  service.onEvent((e) => webhooks.dispatch(e));

  const onStatus = (s: CameraStatus) => void service.observeFeed(s.cameraId, s.state).catch(warn(`feed ${s.cameraId}`));
  o.sfu.on('cameraStatus', onStatus);
  for (const s of o.sfu.cameraStatuses()) onStatus(s);
  service.start();

  const open = service.openAlarms(null).length;
  const targets = o.config.webhooks.map((t) => redactTarget(t.url));
  console.log(
    `[alarms] engine ready: ${open} open alarm(s) restored, ${engine.snoozes().length} snooze(s); webhooks: ${targets.length ? targets.join(', ') : 'none'}`,
  );
  return {
    service,
    ledger,
    maintenance,
    webhooks,
    http: { service, ledger, deliveries: webhooks.log },
    socket: { service },
    sentinel: {
      verdict: (v) =>
        void service
          .observePicture(v.cameraId, SENTINEL_SOURCE, v.verdict, v.onsetAt)
          .catch(warn(`sentinel ${v.cameraId}`)),
      withdraw: (cameraId) =>
        void service.withdrawPicture(cameraId, SENTINEL_SOURCE).catch(warn(`sentinel ${cameraId}`)),
    },
    close: () => {
      o.sfu.off('cameraStatus', onStatus);
      service.close();
      webhooks.close();
    },
  };
}
