import type { AlarmEventDto, CameraStatus, TileHealth } from '@clinicwall/contract';
import type { Sfu } from '@clinicwall/sfu';
import type { AlarmsConfig } from '../config.ts';
import type { Registry } from '../domain/registry.ts';
import { AlarmEngine } from '../domain/alarms/alarmEngine.ts';
import { directoryFromSnapshot } from '../domain/alarms/cameraDirectory.ts';
import type { AlarmStore } from '../domain/alarms/ports.ts';
import { SerialQueue } from '../domain/alarms/serialQueue.ts';
import { Ledger } from '../domain/ledger/ledger.ts';
import type { LedgerStore } from '../domain/ledger/ledgerStore.ts';
import { MaintenanceReports } from '../domain/maintenance/maintenanceReports.ts';
import type { MaintenanceStore } from '../domain/maintenance/maintenanceStore.ts';
import { WebhookDispatcher } from '../webhooks/webhookDispatcher.ts';
import { redactTarget } from '../webhooks/webhookEvents.ts';
import type { AlarmHttpDeps } from '../adapters/http/alarmRoutes.ts';
import type { AlarmSocketDeps } from '../adapters/socket/alarmHandlers.ts';
import { AlarmDesk, AlarmEventHub } from './alarmDesk.ts';
import { AlarmReads } from './alarmReads.ts';
import { AlarmService, SENTINEL_SOURCE } from './alarmService.ts';
import { Leadership, SOLE_LEADER, type LeaderCheck } from './leadership/leadership.ts';
import type { LeaseStore } from './leadership/leaseStore.ts';
import { ForwardingWrites } from './remote/forwardingWrites.ts';
import type { AlarmInbox } from './remote/inboxEntries.ts';
import { LeaderWorker } from './remote/leaderWorker.ts';

export interface AlarmStores {
  alarms: AlarmStore;
  maintenance: MaintenanceStore;
  ledger: LedgerStore;
}

/** Several server processes on one Redis: the alarm leader's lease and inbox. */
export interface AlarmCluster {
  lease: LeaseStore;
  inbox: AlarmInbox;
}

/** What the server-side sentinel hands over: its smoothed verdict changes (SentinelVerdict fits). */
export interface SentinelHook {
  /** `onsetAt`: when the condition began (the smoothing's onset, ms since epoch). */
  verdict(v: { cameraId: string; verdict: TileHealth; onsetAt: number }): void;
  /** The sentinel stopped checking a camera. */
  withdraw(cameraId: string): void;
}

export interface Alarms {
  /** What transports use: writes (to the leader), reads (from the stores), this process's events. */
  desk: AlarmDesk;
  ledger: Ledger;
  maintenance: MaintenanceReports;
  webhooks: WebhookDispatcher;
  http: AlarmHttpDeps;
  socket: AlarmSocketDeps;
  /** Wire the sentinel here: `sentinel.on('verdict', (v) => alarms.sentinel.verdict(v))`. */
  sentinel: SentinelHook;
  /** Whether this process is the alarm leader now. */
  isLeader(): boolean;
  /** Runs `start` whenever this process becomes the leader; what it returns runs when it stops leading. */
  whileLeading(start: () => Promise<() => void>): void;
  close(): Promise<void>;
}

const short = (e: AlarmEventDto) =>
  e.type === 'snoozed'
    ? `${e.snooze ? 'snoozed' : 'unsnoozed'} ${e.cameraId}`
    : `${e.type} ${e.alarm.kind} on ${e.alarm.cameraId} (alarm ${e.alarm.id.slice(0, 8)}, ${e.alarm.state})`;

const warn = (what: string) => (error: unknown) => console.warn(`[alarms] ${what}: ${(error as Error).message}`);

/**
 * The alarm domain wired into one server process. One engine runs at a time, on the alarm leader:
 * - alone (no Redis), this process leads for good: the SFU's liveness, walls' verdicts and
 *   operators' requests go straight to its service;
 * - with `cluster`, processes elect a leader over a lease (`standing`: whether this one may lead,
 *   i.e. it ingests cameras the sentinel must check). Every process forwards what it receives (wall
 *   verdicts, requests, its SFU's liveness) to the leader's inbox; the leader loads the engine from
 *   the store when elected, merges the processes' liveness, runs the sentinel (whileLeading) and the
 *   webhooks, and stops all of it as soon as it stops leading. Alarm events go to every process's
 *   sockets through the socket.io adapter; reads come from the stores, on any process.
 */
export async function createAlarms(o: {
  config: AlarmsConfig;
  registry: Registry;
  stores: AlarmStores;
  sfu: Sfu;
  cluster?: AlarmCluster | null;
  standing?: boolean;
}): Promise<Alarms> {
  const cameras = directoryFromSnapshot(() => o.registry.snapshot());
  const maintenance = new MaintenanceReports(o.stores.maintenance, cameras);
  const ledger = new Ledger(o.stores.ledger, cameras);
  const reads = new AlarmReads({ store: o.stores.alarms, maintenance, cameras });
  const events = new AlarmEventHub();
  const webhooks = new WebhookDispatcher({ targets: o.config.webhooks, policy: o.config.webhookRetry });
  events.onEvent((e) => console.log(`[alarms] ${short(e)}`));
  events.onEvent((e) => webhooks.dispatch(e));

  const cluster = o.cluster ?? null;
  const leadership = cluster
    ? new Leadership({
        store: cluster.lease,
        token: cluster.inbox.origin,
        ttlMs: o.config.leaseMs,
        mayStand: () => o.standing ?? true,
      })
    : null;
  const leader: LeaderCheck = leadership ?? SOLE_LEADER;
  const forwarding = cluster ? new ForwardingWrites(cluster.inbox) : null;
  const heartbeatMs = o.config.leaseMs / 2.5;
  const hooks: (() => Promise<() => void>)[] = [];
  const turns = new SerialQueue();
  let term: { service: AlarmService; stop: (() => void | Promise<void>)[] } | null = null;

  const begin = async () => {
    const engine = new AlarmEngine({
      store: o.stores.alarms,
      cameras,
      violations: ledger,
      maintenance,
      config: o.config.engine,
    });
    await engine.load();
    if (!leader.isLeader()) return;
    const service = new AlarmService({ engine, maintenance, leader });
    service.onEvent((e) => events.emit(e));
    const t: NonNullable<typeof term> = (term = { service, stop: [() => service.close()] });
    if (cluster && leadership) {
      const worker = new LeaderWorker({ service, inbox: cluster.inbox, heartbeatMs });
      worker.start(leadership.token);
      t.stop.push(() => worker.stop());
    } else {
      const onStatus = (s: CameraStatus) =>
        void service.observeFeed(s.cameraId, s.state).catch(warn(`feed ${s.cameraId}`));
      o.sfu.on('cameraStatus', onStatus);
      for (const s of o.sfu.cameraStatuses()) onStatus(s);
      t.stop.push(() => void o.sfu.off('cameraStatus', onStatus));
    }
    service.start();
    for (const start of hooks) t.stop.push(await start());
    const open = (await reads.openAlarms(null)).length;
    console.log(
      `[alarms] ${cluster ? 'elected alarm leader' : 'engine ready'}: ${open} open alarm(s) restored, ${engine.snoozes().length} snooze(s)`,
    );
  };
  const end = async (why: string) => {
    const t = term;
    term = null;
    if (!t) return;
    console.warn(`[alarms] no longer the alarm leader (${why})`);
    for (const stop of t.stop.reverse()) await Promise.resolve(stop()).catch(warn('stopping'));
  };

  // Every process reports its SFU's liveness to the leader: all cameras every heartbeat, changes at once.
  let heartbeat: NodeJS.Timeout | null = null;
  const onChange = (s: CameraStatus) =>
    void cluster?.inbox
      .post({ t: 'feeds', full: false, feeds: [{ cameraId: s.cameraId, state: s.state }] })
      .catch(warn('reporting liveness'));
  if (cluster) {
    const all = () =>
      void cluster.inbox
        .post({
          t: 'feeds',
          full: true,
          feeds: o.sfu.cameraStatuses().map((s) => ({ cameraId: s.cameraId, state: s.state })),
        })
        .catch(warn('reporting liveness'));
    o.sfu.on('cameraStatus', onChange);
    all();
    heartbeat = setInterval(all, heartbeatMs);
  }
  if (leadership) {
    leadership.on('elected', () => void turns.run(begin).catch(warn('taking the lead')));
    leadership.on('deposed', (why) => void turns.run(() => end(why)));
    leadership.on('holder', (token) => {
      if (token !== null) void forwarding?.resync().catch(warn('re-sending verdicts to the new leader'));
    });
    leadership.start();
    if (!(o.standing ?? true)) console.log('[alarms] this process ingests no camera: it never leads, it forwards');
  } else await turns.run(begin);

  const targets = o.config.webhooks.map((t) => redactTarget(t.url));
  console.log(`[alarms] webhooks: ${targets.length ? targets.join(', ') : 'none'}`);
  const desk = new AlarmDesk(
    forwarding ?? {
      observePicture: (...a) => current().observePicture(...a),
      withdrawPicture: (...a) => current().withdrawPicture(...a),
      forgetSource: (...a) => current().forgetSource(...a),
      acknowledge: (...a) => current().acknowledge(...a),
      clear: (...a) => current().clear(...a),
      comment: (...a) => current().comment(...a),
      snooze: (...a) => current().snooze(...a),
      unsnooze: (...a) => current().unsnooze(...a),
      fileReport: (...a) => current().fileReport(...a),
    },
    reads,
    events,
  );
  function current(): AlarmService {
    if (!term) throw new Error('the alarm engine is not running');
    return term.service;
  }
  const sentinel = (run: (s: AlarmService) => Promise<unknown>, what: string) => {
    if (term) void run(term.service).catch(warn(what));
  };
  return {
    desk,
    ledger,
    maintenance,
    webhooks,
    http: { service: desk, ledger, deliveries: webhooks.log },
    socket: { service: desk },
    sentinel: {
      verdict: (v) =>
        sentinel((s) => s.observePicture(v.cameraId, SENTINEL_SOURCE, v.verdict, v.onsetAt), `sentinel ${v.cameraId}`),
      withdraw: (cameraId) => sentinel((s) => s.withdrawPicture(cameraId, SENTINEL_SOURCE), `sentinel ${cameraId}`),
    },
    isLeader: () => term !== null && leader.isLeader(),
    whileLeading: (start) => {
      hooks.push(start);
      if (term) void turns.run(async () => void term?.stop.push(await start())).catch(warn('starting'));
    },
    close: async () => {
      if (heartbeat) clearInterval(heartbeat);
      o.sfu.off('cameraStatus', onChange);
      forwarding?.close();
      await leadership?.close();
      await turns.run(() => end('closing'));
      webhooks.close();
    },
  };
}
