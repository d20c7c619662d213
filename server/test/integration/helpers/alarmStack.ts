import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  Ack,
  AlarmDto,
  AlarmEventDto,
  ClientToServerEvents,
  RegistrySnapshot,
  SessionDto,
  WireError,
} from '@clinicwall/contract';
import { authEnv, connected, fetchAs, socketAs, type AuthedClient, type TestUser } from './auth.ts';

/**
 * A small registry for alarm tests. Region r-east: clinic c-e1 with cam-feed (an IP camera on the
 * given UDP ports, when given) and cam-web (a WebRTC publisher that never publishes: the SFU reports
 * it without signal after its start-up grace). Region r-west: clinic c-w1 with cam-w1 (WebRTC).
 */
export function alarmTestRegistry(udpPort: number | null): RegistrySnapshot {
  const webrtc = { kind: 'webrtc' } as const;
  const cameras: RegistrySnapshot['cameras'] = [
    { id: 'cam-web', clinicId: 'c-e1', name: '诊室', nameEn: 'Room', area: 'consulting', source: webrtc },
    { id: 'cam-w1', clinicId: 'c-w1', name: '药房', nameEn: 'Pharmacy', area: 'pharmacy', source: webrtc },
  ];
  if (udpPort !== null)
    cameras.unshift({
      id: 'cam-feed',
      clinicId: 'c-e1',
      name: '收费处',
      nameEn: 'Cashier',
      area: 'cashier',
      source: { kind: 'ingest', main: `udp://127.0.0.1:${udpPort}`, sub: `udp://127.0.0.1:${udpPort + 1}` },
    });
  return {
    regions: [
      { id: 'r-east', name: '东区', nameEn: 'East' },
      { id: 'r-west', name: '西区', nameEn: 'West' },
    ],
    clinics: [
      { id: 'c-e1', code: 'E1', regionId: 'r-east', name: '东一诊所', nameEn: 'East 1', level: 'clinic' },
      { id: 'c-w1', code: 'W1', regionId: 'r-west', name: '西一药店', nameEn: 'West 1', level: 'pharmacy' },
    ],
    cameras,
    terminals: [],
  };
}

/**
 * Environment of a server under test: the alarm registry, the test users, one mediasoup worker, no
 * web app; cam-web, never published, is without signal 5 s after the start (default grace 15 s).
 */
export function alarmEnv(dir: string, udpPort: number | null, over: Record<string, string> = {}): NodeJS.ProcessEnv {
  const fixture = join(dir, 'alarm-registry.json');
  writeFileSync(fixture, JSON.stringify(alarmTestRegistry(udpPort)));
  return {
    ...process.env,
    PORT: '0',
    DEMO_CAMERAS: udpPort === null ? '0' : '1',
    SFU_WORKERS: '1',
    WEB_BUILD_DIR: '',
    REGISTRY_FIXTURE: fixture,
    SIGNAL_STARTUP_GRACE_MS: '5000',
    ...authEnv(),
    ...over,
  };
}

export type Client = AuthedClient;

/** A signed-in user's socket recording every `alarm` event (with the time it arrived). */
export interface Operator {
  socket: Client;
  events: { at: number; event: AlarmEventDto }[];
  close(): void;
}

export async function connectOperator(url: string, user: TestUser = 'operator'): Promise<Operator> {
  const socket = await socketAs(user, url, { reconnection: false, autoConnect: false });
  const events: Operator['events'] = [];
  socket.on('alarm', (event) => events.push({ at: Date.now(), event }));
  socket.connect();
  await connected(socket);
  return { socket, events, close: () => socket.close() };
}

/** The user id of a test user on this server (what alarms record as `by`). */
export async function userIdOf(url: string, user: TestUser = 'operator'): Promise<string> {
  const res = await fetchAs(user, url, '/api/v1/auth/session');
  return ((await res.json()) as SessionDto).user.id;
}

/** Emits a request and resolves with its ack (payloads are sent as given, valid or not). */
export function request<R = unknown>(
  socket: Client,
  event: keyof ClientToServerEvents,
  payload: unknown,
): Promise<Ack<R>> {
  return new Promise((resolve) => (socket.emit as (...a: unknown[]) => void)(event, payload, resolve));
}

/** The data of a successful ack, or a thrown error with the wire error in the message. */
export function ok<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`request failed: ${JSON.stringify(ack.error)}`);
  return ack.data;
}

export function failure(ack: Ack<unknown>): WireError {
  if (ack.ok) throw new Error(`expected a failure, got ${JSON.stringify(ack.data)}`);
  return ack.error;
}

/** Waits for an event matching `match` among those received since index `from`. */
export async function nextEvent(
  op: Operator,
  match: (e: AlarmEventDto) => boolean,
  timeoutMs = 10_000,
  from = 0,
): Promise<{ at: number; event: AlarmEventDto }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = op.events.slice(from).find((e) => match(e.event));
    if (hit) return hit;
    if (Date.now() > deadline) {
      const seen = op.events.map((e) =>
        e.event.type === 'snoozed' ? 'snoozed' : `${e.event.type} ${e.event.alarm.kind}@${e.event.alarm.cameraId}`,
      );
      throw new Error(`timed out after ${timeoutMs} ms waiting for an alarm event; got: ${seen.join(', ') || 'none'}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** An event of this type about this camera and kind. */
export const about =
  (type: AlarmEventDto['type'], cameraId: string, kind: string) =>
  (e: AlarmEventDto): boolean =>
    e.type === type && e.type !== 'snoozed' && e.alarm.cameraId === cameraId && e.alarm.kind === kind;

/** A request as a signed-in user (the operator unless `as` says otherwise). */
export async function http<T>(
  url: string,
  path: string,
  init: { method?: string; body?: unknown; as?: TestUser } = {},
): Promise<{ status: number; headers: Headers; body: T; text: string }> {
  const res = await fetchAs(init.as ?? 'operator', url, path, {
    method: init.method ?? 'GET',
    ...(init.body !== undefined
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }
      : {}),
  });
  const text = await res.text();
  const isJson = res.headers.get('content-type')?.includes('json');
  return { status: res.status, headers: res.headers, body: (isJson ? JSON.parse(text) : text) as T, text };
}

/** The alarm an event carries (a snooze event has none). */
export function alarmOf(event: AlarmEventDto): AlarmDto {
  if (event.type === 'snoozed') throw new Error('a snoozed event carries no single alarm');
  return event.alarm;
}
