import type { CameraStatus, RegistrySnapshot } from '@clinicwall/contract';
import { fetchRegistry } from '../registry.ts';
import { RecvSession } from '../rtc/recvSession.ts';
import { openSocket, request, type AppSocket } from '../socket.ts';
import { wallCameras, type WallCamera } from '../wall/cameras.ts';
import { stallAction } from '../wall/stall.ts';
import type { WantedStream } from '../wall/streams.ts';
import type { LinkState } from '../wall/tileState.ts';
import { TileMedia } from './tileMedia.svelte.ts';

const WATCHDOG_MS = 2_000;
const REGISTRY_RETRY_MS = 3_000;
const SESSION_RETRY_MS = 2_000;

/**
 * The wall's connection to the server: registry, socket, receive session and one TileMedia per camera.
 *
 * socket connect → cameras:status + new RecvSession → link 'connected' → every tile sync()s.
 * socket disconnect / transport failed → session closed, tiles reset, link 'reconnecting'; socket.io
 * reconnects by itself (a failed transport bounces the socket so the server drops the old peer).
 */
export class WallMedia {
  link = $state<LinkState>('connecting');
  cameras = $state.raw<WallCamera[]>([]);
  registryError = $state(false);
  registryLoaded = $state(false);
  tiles = $state.raw<TileMedia[]>([]);
  /** Camera statuses are current (false while the socket is down: the live count is unknown then). */
  statusesFresh = $state(false);
  liveCount = $derived(this.tiles.reduce((n, t) => n + (t.status?.state === 'live' ? 1 : 0), 0));

  #socket: AppSocket | null = null;
  #session: RecvSession | null = null;
  #generation = 0;
  #everConnected = false;
  // Lookup tables, not UI state (the UI reads `tiles`/`cameras` and each tile's own $state): not reactive.
  /* eslint-disable svelte/prefer-svelte-reactivity */
  #byId = new Map<string, TileMedia>();
  #statuses = new Map<string, CameraStatus>();
  #wanted = new Map<string, WantedStream>();
  #layoutTiles = 0;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  /* eslint-enable svelte/prefer-svelte-reactivity */
  #watchdog: ReturnType<typeof setInterval> | null = null;
  #registryAbort: AbortController | null = null;
  #stopped = false;

  /** The wall's socket (null before start()); it reconnects by itself. */
  get socket(): AppSocket | null {
    return this.#socket;
  }

  tile(cameraId: string): TileMedia | undefined {
    return this.#byId.get(cameraId);
  }

  /** WebRTC receive statistics of the current session (null without one); read by tile health. */
  receiveStats(): Promise<RTCStatsReport> | null {
    const session = this.#session;
    return session && !session.closed ? session.getStats() : null;
  }

  start(): void {
    const socket = openSocket();
    this.#socket = socket;
    socket.on('connect', () => void this.#onConnect(socket));
    socket.on('disconnect', (reason) => this.#onDisconnect(socket, reason));
    socket.on('camera:status', (status) => this.#applyStatus(status));
    socket.on('consumer:closed', ({ cameraId, consumerId }) => this.#byId.get(cameraId)?.onConsumerClosed(consumerId));
    void this.#loadRegistry();
    this.#watchdog = setInterval(() => this.#checkStalls(), WATCHDOG_MS);
    document.addEventListener('visibilitychange', this.#onVisibility);
  }

  stop(): void {
    this.#stopped = true;
    this.#generation++;
    if (this.#watchdog) clearInterval(this.#watchdog);
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#registryAbort?.abort();
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#dropSession();
    this.#socket?.removeAllListeners();
    this.#socket?.disconnect();
    this.#socket = null;
    for (const t of this.#byId.values()) t.dispose();
  }

  /** The wall's layout (tiles per page): sets the substream tiles' playout buffer (wall/streams.ts). */
  setLayoutTiles(tiles: number): void {
    this.#layoutTiles = tiles;
    for (const tile of this.#byId.values()) tile.setLayoutTiles(tiles);
  }

  /** The page's wish per camera (see wall/streams.ts); tiles converge on it. */
  setWanted(wanted: Map<string, WantedStream>): void {
    this.#wanted = wanted;
    for (const [id, tile] of this.#byId) tile.want(wanted.get(id) ?? 'none');
  }

  // ---- connection lifecycle ----

  async #onConnect(socket: AppSocket): Promise<void> {
    const generation = ++this.#generation;
    this.#dropSession();
    this.link = this.#everConnected ? 'reconnecting' : 'connecting';
    let session: RecvSession | null = null;
    try {
      // Statuses are applied the moment they arrive: pushes emitted after the server answered come
      // after the answer on the socket, so nothing newer can be overwritten by this list.
      const statuses = request(socket, 'cameras:status', {}).then((list) => {
        if (generation !== this.#generation) return;
        for (const status of list) this.#applyStatus(status);
        this.statusesFresh = true;
      });
      const opened = RecvSession.open(socket, {
        onHealth: (s, health) => {
          if (s === this.#session) this.link = health === 'ok' ? 'connected' : 'reconnecting';
        },
        onFailed: (s, reason) => this.#onSessionFailed(s, reason),
      });
      const [statusResult, sessionResult] = await Promise.allSettled([statuses, opened]);
      if (sessionResult.status === 'fulfilled') session = sessionResult.value;
      if (statusResult.status === 'rejected') throw statusResult.reason;
      if (sessionResult.status === 'rejected') throw sessionResult.reason;
      if (!session) throw new Error('no session');
      if (generation !== this.#generation || !socket.connected) {
        session.close();
        return;
      }
      // After a server restart the registry may have changed; refresh it in the background.
      if (this.#everConnected) void this.#loadRegistry();
      this.#session = session;
      this.#everConnected = true;
      this.link = 'connected';
      for (const tile of this.#byId.values()) tile.sync();
    } catch (error) {
      session?.close();
      if (generation !== this.#generation) return;
      console.warn('[wall] could not open the media session, retrying', error);
      // The server may still be starting its SFU: bounce the socket so the next attempt gets a fresh peer.
      this.#later(() => {
        if (generation !== this.#generation || this.#socket !== socket) return;
        socket.disconnect();
        socket.connect();
      }, SESSION_RETRY_MS);
    }
  }

  #onDisconnect(socket: AppSocket, reason: string): void {
    this.#generation++;
    this.statusesFresh = false;
    this.#dropSession();
    if (this.#stopped) return;
    this.link = this.#everConnected ? 'reconnecting' : 'connecting';
    // socket.io does not reconnect after a server-side disconnect; do it ourselves.
    if (reason === 'io server disconnect') socket.connect();
  }

  #onSessionFailed(session: RecvSession, reason: string): void {
    if (session !== this.#session || !this.#socket) return;
    console.warn(`[wall] ${reason}; reconnecting`);
    this.#dropSession();
    this.link = 'reconnecting';
    // A fresh socket gives a fresh SFU peer; the server closes the old one with its transports.
    const socket = this.#socket;
    socket.disconnect();
    socket.connect();
  }

  #dropSession(): void {
    const session = this.#session;
    this.#session = null;
    session?.close();
    for (const tile of this.#byId.values()) tile.reset();
  }

  // ---- registry & statuses ----

  async #loadRegistry(): Promise<void> {
    this.#registryAbort?.abort();
    const abort = new AbortController();
    this.#registryAbort = abort;
    try {
      this.#applyRegistry(await fetchRegistry(abort.signal));
      this.registryError = false;
    } catch (error) {
      if (abort.signal.aborted || this.#stopped) return;
      console.warn('[wall] registry', error);
      if (!this.registryLoaded) this.registryError = true;
      this.#later(() => void this.#loadRegistry(), REGISTRY_RETRY_MS);
    }
  }

  #applyRegistry(snapshot: RegistrySnapshot): void {
    const cameras = wallCameras(snapshot);
    const host = { session: () => this.#session };
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup table, then frozen into `tiles`
    const next = new Map<string, TileMedia>();
    for (const cam of cameras) {
      let tile = this.#byId.get(cam.id);
      if (!tile) {
        tile = new TileMedia(cam.id, host);
        tile.setLayoutTiles(this.#layoutTiles);
        const status = this.#statuses.get(cam.id);
        if (status) tile.applyStatus(status);
      }
      next.set(cam.id, tile);
    }
    for (const [id, tile] of this.#byId) if (!next.has(id)) tile.dispose();
    this.#byId = next;
    this.tiles = [...next.values()];
    this.cameras = cameras;
    this.registryLoaded = true;
    for (const [id, tile] of next) tile.want(this.#wanted.get(id) ?? 'none');
  }

  #applyStatus(status: CameraStatus): void {
    this.#statuses.set(status.cameraId, status);
    this.#byId.get(status.cameraId)?.applyStatus(status);
  }

  // ---- stall watchdog (every 2 s, not per frame) ----

  #checkStalls(): void {
    if (document.visibilityState !== 'visible' || this.link !== 'connected') return;
    const now = performance.now();
    for (const tile of this.#byId.values()) {
      if (tile.wanted === 'none' || tile.track === null) continue;
      const live = tile.status?.state === 'live';
      const action = stallAction(now - tile.lastFrameAt, live);
      if (action === 'nudge') tile.requestKeyFrame();
      else if (action === 'stalled') {
        tile.markStalled();
        if (live) tile.requestKeyFrame();
      } else if (action === 'restart') tile.restart();
    }
  }

  /** Hidden pages paint no frames: restart the stall clocks when the wall is shown again. */
  #onVisibility = (): void => {
    if (document.visibilityState !== 'visible') return;
    const now = performance.now();
    for (const tile of this.#byId.values()) tile.lastFrameAt = now;
  };

  #later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
  }
}
