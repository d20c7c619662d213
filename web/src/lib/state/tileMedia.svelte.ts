import type { types } from 'mediasoup-client';
import type { CameraStatus, StreamKind } from '@clinicwall/contract';
import type { RecvSession } from '../rtc/recvSession.ts';
import { errorCodeOf } from '../socket.ts';
import { countFrame } from '../wall/frameCounter.ts';
import { playoutBufferMs, type WantedStream } from '../wall/streams.ts';

/** A consumer this tile holds on the SFU (one per stream kind at most). */
interface Held {
  consumer: types.Consumer;
  stream: StreamKind;
  producerId: string;
  /** Paused on the server (off-page, or the other stream is shown). */
  paused: boolean;
  /** Closes a paused consumer after it stayed unused for `offPageCloseMs`. */
  closeTimer: ReturnType<typeof setTimeout> | null;
}

export interface TileHost {
  /** The wall's current receive session, null while (re)connecting. */
  session(): RecvSession | null;
}

/** Paused consumers are closed after this long off-page. */
export const OFF_PAGE_CLOSE_MS = 30_000;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 10_000;
const UNAVAILABLE_RETRY_MS = 15_000;

/**
 * One camera's media on the wall. The page says which stream it wants (`want`); `sync()` converges
 * the SFU consumers on that, one step at a time (never two concurrent runs), and the reactive fields
 * tell the tile what to draw. Everything is re-done from scratch after `reset()` (new session).
 */
export class TileMedia {
  readonly cameraId: string;
  /** The SFU's latest status for the camera. */
  status = $state.raw<CameraStatus | null>(null);
  /** The track attached to the tile's video (null: nothing to show). */
  track = $state.raw<MediaStreamTrack | null>(null);
  /** Which stream `track` carries. */
  stream = $state<WantedStream>('none');
  /** Frames of `track` are being painted. */
  rendering = $state(false);
  /** The last consume of the wanted stream found no producer. */
  unavailable = $state(false);

  /** What the page wants; not reactive (sync() reads it). */
  wanted: WantedStream = 'none';
  /** performance.now() of the last painted frame, or of the last attach. */
  lastFrameAt = 0;

  readonly #host: TileHost;
  // Bookkeeping only (the UI reads the $state fields): deliberately not reactive.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #held = new Map<StreamKind, Held>();
  #attached: Held | null = null;
  #renderingFlag = false;
  #running = false;
  #dirty = false;
  #failures = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #disposed = false;
  /** Tiles of the wall's layout (for the substream's playout buffer). */
  #layoutTiles = 0;

  constructor(cameraId: string, host: TileHost) {
    this.cameraId = cameraId;
    this.#host = host;
  }

  /** Sets the stream the page wants; converges if it changed. */
  want(stream: WantedStream): void {
    if (stream === this.wanted) return;
    this.wanted = stream;
    this.#failures = 0;
    this.sync();
  }

  /** The wall's layout changed: the receivers held get the playout buffer it calls for. */
  setLayoutTiles(tiles: number): void {
    if (tiles === this.#layoutTiles) return;
    this.#layoutTiles = tiles;
    for (const held of this.#held.values()) this.#applyPlayout(held);
  }

  /** Called from requestVideoFrameCallback: the only per-frame work on the wall. */
  noteFrame(now: number): void {
    countFrame(this.cameraId);
    this.lastFrameAt = now;
    if (!this.#renderingFlag) this.#setRendering(true);
  }

  /** The stall watchdog saw no frames for a while. */
  markStalled(): void {
    if (this.#renderingFlag) this.#setRendering(false);
  }

  /** A new status from the SFU: drop consumers whose producer went away or changed, retry no-signal. */
  applyStatus(status: CameraStatus): void {
    this.status = status;
    const session = this.#host.session();
    let changed = false;
    for (const held of [...this.#held.values()]) {
      if (status.streams[held.stream].producerId !== held.producerId) {
        this.#drop(held, session);
        changed = true;
      }
    }
    if (this.wanted === 'none') return;
    const producerId = status.streams[this.wanted].producerId;
    if (changed || (producerId !== null && !this.#held.has(this.wanted))) {
      this.#failures = 0;
      this.sync();
    }
  }

  /** The server closed one of our consumers (producer gone, camera restarted). */
  onConsumerClosed(consumerId: string): void {
    const held = [...this.#held.values()].find((h) => h.consumer.id === consumerId);
    if (!held) return;
    this.#drop(held, null);
    if (this.wanted !== 'none') this.sync();
  }

  /**
   * No frame yet (or for a while) on the shown consumer: resuming an already running consumer makes
   * the SFU ask the camera for a key frame, which is what a decoder waiting to start needs.
   */
  requestKeyFrame(): void {
    const held = this.#attached;
    const session = this.#host.session();
    if (!held || held.paused || !session || session.closed) return;
    session.resume(held.consumer.id).catch(() => undefined);
  }

  /** The picture is frozen although the SFU says the camera is live: consume the stream afresh. */
  restart(): void {
    const held = this.#attached;
    if (!held) return;
    this.#drop(held, this.#host.session());
    this.sync();
  }

  /** The session is gone (socket down, transport failed): forget every consumer; sync() starts over. */
  reset(): void {
    this.#clearRetry();
    for (const held of this.#held.values()) {
      if (held.closeTimer) clearTimeout(held.closeTimer);
      if (!held.consumer.closed) held.consumer.close();
    }
    this.#held.clear();
    this.#detach();
    this.unavailable = false;
    this.#failures = 0;
  }

  dispose(): void {
    this.#disposed = true;
    this.reset();
  }

  /** Converges on `wanted`; safe to call any time, runs are serialized. */
  sync(): void {
    if (this.#disposed) return;
    if (this.#running) {
      this.#dirty = true;
      return;
    }
    this.#running = true;
    void this.#loop();
  }

  async #loop(): Promise<void> {
    try {
      do {
        this.#dirty = false;
        await this.#step();
      } while (this.#dirty && !this.#disposed);
    } catch (error) {
      console.warn(`[tile ${this.cameraId}]`, error);
      this.#scheduleRetry();
    } finally {
      this.#running = false;
    }
  }

  async #step(): Promise<void> {
    const session = this.#host.session();
    if (!session || session.closed || this.#disposed) return;
    const want = this.wanted;

    if (want !== 'none') {
      let held = this.#held.get(want);
      const producerId = this.status?.streams[want].producerId;
      if (held && producerId !== undefined && producerId !== held.producerId) {
        this.#drop(held, session);
        held = undefined;
      }
      if (!held) {
        if (producerId === null) {
          // The SFU says there is no producer: wait for a camera:status push instead of asking
          // (with a slow backstop retry, so a lost push can never leave the tile stuck).
          this.unavailable = true;
          this.#scheduleRetry(UNAVAILABLE_RETRY_MS);
        } else {
          held = await this.#consume(session, want);
          if (session.closed || this.#disposed) return;
        }
      }
      if (held && this.wanted === want) {
        if (held.paused) {
          try {
            await session.resume(held.consumer.id);
          } catch (error) {
            if (session.closed) return;
            this.#drop(held, session);
            if (errorCodeOf(error) !== 'not_found') this.#scheduleRetry();
            else this.#dirty = true;
            return;
          }
          if (session.closed) return;
          held.paused = false;
          if (held.closeTimer) clearTimeout(held.closeTimer);
          held.closeTimer = null;
        }
        if (this.#held.get(want) === held) this.#attach(held);
      }
    }

    // Pause whatever is not wanted (now); the shown stream switched only after the new one attached.
    for (const held of [...this.#held.values()]) {
      if (held.stream === this.wanted) continue;
      if (this.#attached === held) this.#detach();
      if (held.paused) continue;
      held.paused = true;
      held.closeTimer = setTimeout(() => this.#expire(held), OFF_PAGE_CLOSE_MS);
      await session.pause(held.consumer.id).catch(() => undefined);
      if (session.closed) return;
    }
    if (this.wanted === 'none' || !this.#held.has(this.wanted)) this.#detach();
  }

  async #consume(session: RecvSession, stream: StreamKind): Promise<Held | undefined> {
    this.unavailable = false;
    let consumer: types.Consumer;
    try {
      consumer = await session.consume(this.cameraId, stream);
    } catch (error) {
      if (session.closed || this.#disposed) return undefined;
      if (errorCodeOf(error) === 'unavailable') {
        // No producer now: show no-signal and wait for camera:status with a producer
        // (plus a slow backstop retry, in case that push never comes).
        this.unavailable = true;
        this.#scheduleRetry(UNAVAILABLE_RETRY_MS);
      } else {
        console.warn(`[tile ${this.cameraId}] consume ${stream} failed`, error);
        this.#scheduleRetry();
      }
      return undefined;
    }
    if (session.closed || this.#disposed) {
      if (!consumer.closed) consumer.close();
      return undefined;
    }
    const held: Held = { consumer, stream, producerId: consumer.producerId, paused: true, closeTimer: null };
    this.#held.set(stream, held);
    this.#applyPlayout(held);
    consumer.on('trackended', () => this.onConsumerClosed(consumer.id));
    this.#failures = 0;
    // A status that arrived while we were asking may already name a newer producer.
    const current = this.status?.streams[stream].producerId;
    if (current && current !== held.producerId) {
      this.#drop(held, session);
      this.#dirty = true;
      return undefined;
    }
    return held;
  }

  #applyPlayout(held: Held): void {
    const receiver = held.consumer.rtpReceiver as (RTCRtpReceiver & { jitterBufferTarget?: number | null }) | undefined;
    if (!receiver || !('jitterBufferTarget' in receiver)) return; // a browser without it shows frames at once
    const ms = playoutBufferMs(held.stream, this.#layoutTiles);
    receiver.jitterBufferTarget = ms > 0 ? ms : null; // null: the browser's own (lowest) target
  }

  #expire(held: Held): void {
    held.closeTimer = null;
    if (this.#held.get(held.stream) !== held || !held.paused) return;
    this.#drop(held, this.#host.session());
  }

  /** Forgets a consumer; tells the server too when a session is given. */
  #drop(held: Held, session: RecvSession | null): void {
    if (held.closeTimer) clearTimeout(held.closeTimer);
    held.closeTimer = null;
    if (this.#held.get(held.stream) === held) this.#held.delete(held.stream);
    if (this.#attached === held) this.#detach();
    if (session && !session.closed) session.closeConsumer(held.consumer);
    else if (!held.consumer.closed) held.consumer.close();
  }

  #attach(held: Held): void {
    if (this.#attached === held) return;
    this.#attached = held;
    this.track = held.consumer.track;
    this.stream = held.stream;
    this.lastFrameAt = performance.now();
    this.#setRendering(false);
  }

  #detach(): void {
    if (!this.#attached && this.track === null) return;
    this.#attached = null;
    this.track = null;
    this.stream = 'none';
    this.#setRendering(false);
  }

  #setRendering(v: boolean): void {
    this.#renderingFlag = v;
    this.rendering = v;
  }

  #scheduleRetry(fixedDelayMs?: number): void {
    if (this.#retryTimer || this.#disposed) return;
    const delay = fixedDelayMs ?? Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** this.#failures++);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.sync();
    }, delay);
  }

  #clearRetry(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }
}
