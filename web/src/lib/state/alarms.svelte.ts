import { getContext, setContext } from 'svelte';
import type { AlarmDto, AlarmEventDto, CameraSnoozeDto } from '@clinicwall/contract';
import { Beeper } from '../alarms/beep.ts';
import { AlarmBook, type BookChange } from '../alarms/book.ts';
import { readMuted, saveMuted } from '../alarms/prefs.ts';
import { alarmsByCamera, isQuiet, sortAlarms } from '../alarms/order.ts';
import { request, type AppSocket } from '../socket.ts';

/** The alarm feed as the header and the panel show it. */
export type AlarmFeedStatus = 'connecting' | 'live' | 'reconnecting' | 'error';

const RETRY_MS = 5_000;
const TICK_MS = 1_000;
/** Cleared alarms stay in the panel's "recently cleared" list this long. */
const KEEP_CLEARED_MS = 30 * 60_000;

/**
 * The alarm sound: a beep on a new alarm unless muted (remembered in this browser). Until the user
 * clicks or presses a key somewhere on the page the browser may block audio: `blocked` says so and
 * the first gesture unlocks it.
 */
export class AlarmSound {
  muted = $state(readMuted());
  /** The last beep was blocked by the browser (no user gesture yet). */
  blocked = $state(false);
  readonly supported: boolean;
  readonly #beeper = new Beeper();

  constructor() {
    this.supported = this.#beeper.supported;
  }

  toggleMute(): void {
    this.muted = !this.muted;
    saveMuted(this.muted);
    if (!this.muted) void this.unlock();
  }

  async unlock(): Promise<void> {
    if (await this.#beeper.unlock()) this.blocked = false;
  }

  async beep(): Promise<void> {
    if (this.muted || !this.supported) return;
    this.blocked = !(await this.#beeper.play());
  }

  /** Unlocks on the page's first gestures (until one succeeds); returns the remover. */
  listen(): () => void {
    const onGesture = () => {
      void this.#beeper.unlock().then((ok) => {
        if (!ok) return;
        this.blocked = false;
        remove();
      });
    };
    const remove = () => {
      window.removeEventListener('pointerdown', onGesture, true);
      window.removeEventListener('keydown', onGesture, true);
    };
    window.addEventListener('pointerdown', onGesture, true);
    window.addEventListener('keydown', onGesture, true);
    return () => {
      remove();
      this.#beeper.close();
    };
  }
}

/**
 * Open alarms of the caller's scope, live: on every socket (re)connect it subscribes
 * ('alarms:subscribe', whose ack lists the open alarms and snoozes) and applies the pushed `alarm`
 * events in order, once each (see alarms/book.ts for the merge rules). Operator actions go over the
 * same socket; their answers are applied at once (the matching event then changes nothing).
 * Usable on its own (the supervisor's phone view) with any socket.
 */
export class AlarmFeed {
  status = $state<AlarmFeedStatus>('connecting');
  error = $state<string | null>(null);
  /** Ticks every second: relative times and snooze ends follow it. */
  now = $state(Date.now());
  /** Open alarms, pending included (the panel shows active and acknowledged ones). */
  open = $state.raw<AlarmDto[]>([]);
  cleared = $state.raw<AlarmDto[]>([]);
  // Replaced whole on every change (never mutated), like the arrays above.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  snoozes = $state.raw<ReadonlyMap<string, CameraSnoozeDto>>(new Map());
  /** Active and acknowledged alarms, most urgent first (see alarms/order.ts). */
  sorted = $derived(
    sortAlarms(
      this.open.filter((a) => a.state === 'active' || a.state === 'acknowledged'),
      this.snoozes,
      this.now,
    ),
  );
  /** Per camera, its most urgent raised alarm (tiles read this; it does not change with the clock). */
  byCamera = $derived(alarmsByCamera(sortAlarms(this.open, this.snoozes, 0)));
  unacknowledged = $derived(this.open.filter((a) => a.state === 'active').length);
  /** Active, and neither snoozed nor inside a reported window. */
  loud = $derived(
    this.open.filter((a) => a.state === 'active' && !isQuiet(a, this.snoozes.get(a.cameraId), this.now)).length,
  );

  readonly sound = new AlarmSound();
  readonly #book = new AlarmBook();
  #socket: AppSocket | null = null;
  #generation = 0;
  #everLive = false;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #clock: ReturnType<typeof setInterval> | null = null;
  #unlistenSound: (() => void) | null = null;

  forCamera(cameraId: string): AlarmDto | null {
    return this.byCamera.get(cameraId) ?? null;
  }

  snoozeOf(cameraId: string): CameraSnoozeDto | null {
    const s = this.snoozes.get(cameraId);
    return s && s.until > this.now ? s : null;
  }

  start(socket: AppSocket): void {
    this.#socket = socket;
    socket.on('connect', this.#onConnect);
    socket.on('disconnect', this.#onDisconnect);
    socket.on('alarm', this.#onAlarm);
    this.#clock = setInterval(this.#tick, TICK_MS);
    this.#unlistenSound = this.sound.listen();
    if (socket.connected) this.#onConnect();
  }

  stop(): void {
    this.#generation++;
    this.#socket?.off('connect', this.#onConnect);
    this.#socket?.off('disconnect', this.#onDisconnect);
    this.#socket?.off('alarm', this.#onAlarm);
    this.#socket = null;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    if (this.#clock) clearInterval(this.#clock);
    this.#clock = null;
    this.#unlistenSound?.();
    this.#unlistenSound = null;
  }

  // ---- operator actions (each rejects with a RequestError carrying the server's message) ----

  async acknowledge(alarmId: string, note: string): Promise<void> {
    const trimmed = note.trim();
    const alarm = await request(this.#connected(), 'alarms:ack', trimmed ? { alarmId, note: trimmed } : { alarmId });
    this.#apply(this.#book.applyAlarm(alarm), false);
  }

  async clear(alarmId: string, reason: string): Promise<void> {
    const alarm = await request(this.#connected(), 'alarms:clear', { alarmId, reason });
    this.#apply(this.#book.applyAlarm(alarm), false);
  }

  async comment(alarmId: string, text: string): Promise<void> {
    const alarm = await request(this.#connected(), 'alarms:comment', { alarmId, text });
    this.#apply(this.#book.applyAlarm(alarm), false);
  }

  async snooze(cameraId: string, minutes: number, reason: string): Promise<void> {
    const snooze = await request(this.#connected(), 'cameras:snooze', { cameraId, minutes, reason });
    this.#book.applySnooze(cameraId, snooze);
    this.#sync();
  }

  async unsnooze(cameraId: string): Promise<void> {
    await request(this.#connected(), 'cameras:unsnooze', { cameraId });
    this.#book.applySnooze(cameraId, null);
    this.#sync();
  }

  /** Subscribes again now (the panel's retry button). */
  retry(): void {
    if (this.#socket?.connected) void this.#subscribe(this.#socket, this.#generation);
  }

  // ---- socket lifecycle ----

  #connected(): AppSocket {
    // request() rejects with 'disconnected' itself; a stopped feed has no socket at all.
    if (!this.#socket) throw new Error('the alarm feed is not started');
    return this.#socket;
  }

  #onConnect = (): void => {
    const generation = ++this.#generation;
    this.status = this.#everLive ? 'reconnecting' : 'connecting';
    if (this.#socket) void this.#subscribe(this.#socket, generation);
  };

  #onDisconnect = (): void => {
    this.#generation++;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.status = this.#everLive ? 'reconnecting' : 'connecting';
  };

  #onAlarm = (event: AlarmEventDto): void => {
    this.#apply(this.#book.applyEvent(event), true);
  };

  async #subscribe(socket: AppSocket, generation: number): Promise<void> {
    const mark = this.#book.mark();
    try {
      const snapshot = await request(socket, 'alarms:subscribe', {});
      if (generation !== this.#generation) return;
      const first = !this.#everLive;
      this.#apply(this.#book.applySnapshot(snapshot, mark), !first);
      this.#everLive = true;
      this.status = 'live';
      this.error = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      console.warn('[alarms] subscribe', error);
      this.status = 'error';
      this.error = error instanceof Error ? error.message : String(error);
      if (this.#retryTimer) clearTimeout(this.#retryTimer);
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = null;
        if (generation === this.#generation && socket.connected) void this.#subscribe(socket, generation);
      }, RETRY_MS);
    }
  }

  /** Publishes the book to the UI; beeps for new loud alarms when `sound` (not for the first load). */
  #apply(change: BookChange, sound: boolean): void {
    if (!change.changed) return;
    this.#sync();
    if (!sound) return;
    const now = Date.now();
    if (change.newlyActive.some((a) => !isQuiet(a, this.snoozes.get(a.cameraId), now))) void this.sound.beep();
  }

  #sync(): void {
    this.open = this.#book.open();
    this.cleared = this.#book.cleared();
    this.snoozes = this.#book.snoozes();
  }

  #tick = (): void => {
    this.now = Date.now();
    if (this.#book.prune(this.now, KEEP_CLEARED_MS)) this.#sync();
  };
}

const KEY = Symbol('alarm-feed');

/** The wall provides its alarm feed to tiles (their alarm frame) and the panel. */
export function provideAlarms(feed: AlarmFeed): void {
  setContext(KEY, feed);
}

export function useAlarms(): AlarmFeed | null {
  return getContext<AlarmFeed | undefined>(KEY) ?? null;
}
