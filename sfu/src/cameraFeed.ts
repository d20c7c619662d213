import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { CameraState, CameraStatus, IngestState, StreamKind } from '@clinicwall/contract';

export interface FeedStream {
  producer: types.Producer;
  router: types.Router;
  /** For a simulcast WebRTC publisher: the spatial layer that serves this stream. */
  spatialLayer: number | null;
}

export interface IngestInfo {
  state: IngestState;
  restarts: number;
  lastError: string | null;
  nextRetryAt: number | null;
}

export interface LivenessOptions {
  noSignalAfterMs: number;
  /** How long a camera that never delivered media stays "connecting" before "no signal". */
  startupGraceMs: number;
}

/** Pure liveness rule, table-tested in cameraFeed.spec.ts. */
export function cameraState(
  now: number,
  lastMediaAt: number | null,
  createdAt: number,
  ingest: IngestState | null,
  opts: LivenessOptions,
): CameraState {
  if (lastMediaAt !== null && now - lastMediaAt < opts.noSignalAfterMs) return 'live';
  if (lastMediaAt === null && now - createdAt < opts.startupGraceMs && ingest !== 'backoff') return 'connecting';
  return 'no_signal';
}

/**
 * One camera as the SFU sees it: the producer currently carrying each stream (main, sub), its
 * liveness (is RTP arriving?) and, for IP cameras, the ingest state. Emits `status` on every change
 * and `producerChanged` when a stream's producer is replaced or removed.
 */
export class CameraFeed extends EventEmitter<{
  status: [CameraStatus];
  producerChanged: [stream: StreamKind, producer: types.Producer | null];
}> {
  readonly cameraId: string;
  readonly #streams: Record<StreamKind, FeedStream | null> = { main: null, sub: null };
  readonly #bytes = new Map<string, number>();
  readonly #opts: LivenessOptions;
  #createdAt = Date.now();
  #lastMediaAt: number | null = null;
  #ingest: IngestInfo | null = null;
  #status: CameraStatus;

  constructor(cameraId: string, opts: LivenessOptions) {
    super();
    this.cameraId = cameraId;
    this.#opts = opts;
    this.#status = this.#compute(Date.now());
  }

  get status(): CameraStatus {
    return this.#status;
  }

  stream(kind: StreamKind): FeedStream | null {
    return this.#streams[kind];
  }

  setStream(kind: StreamKind, stream: FeedStream): void {
    this.#streams[kind] = stream;
    stream.producer.observer.once('close', () => {
      if (this.#streams[kind]?.producer === stream.producer) this.clearStream(kind);
    });
    this.emit('producerChanged', kind, stream.producer);
    this.#refresh(Date.now(), true);
  }

  clearStream(kind: StreamKind): void {
    const s = this.#streams[kind];
    if (!s) return;
    this.#streams[kind] = null;
    this.#bytes.delete(s.producer.id);
    this.emit('producerChanged', kind, null);
    this.#refresh(Date.now(), true);
  }

  setIngest(info: IngestInfo): void {
    this.#ingest = info;
    this.#refresh(Date.now(), true);
  }

  /** A producer's byte counter, polled by the liveness loop. */
  observeBytes(producerId: string, bytes: number, now: number): void {
    const prev = this.#bytes.get(producerId);
    this.#bytes.set(producerId, bytes);
    if (bytes > 0 && (prev === undefined ? true : bytes > prev)) this.#lastMediaAt = now;
  }

  /** Re-evaluates liveness; called by the poll loop. */
  tick(now: number): void {
    this.#refresh(now, false);
  }

  producers(): types.Producer[] {
    const set = new Set<types.Producer>();
    for (const s of Object.values(this.#streams)) if (s) set.add(s.producer);
    return [...set];
  }

  #refresh(now: number, force: boolean): void {
    const next = this.#compute(now);
    const prev = this.#status;
    const changed =
      force ||
      next.state !== prev.state ||
      next.streams.main.producerId !== prev.streams.main.producerId ||
      next.streams.sub.producerId !== prev.streams.sub.producerId;
    if (!changed) return;
    if (next.state === prev.state) next.since = prev.since;
    this.#status = next;
    this.emit('status', next);
  }

  #compute(now: number): CameraStatus {
    const state = cameraState(now, this.#lastMediaAt, this.#createdAt, this.#ingest?.state ?? null, this.#opts);
    const s = (k: StreamKind) => ({ producerId: this.#streams[k]?.producer.id ?? null, width: null, height: null });
    return {
      cameraId: this.cameraId,
      state,
      since: now,
      streams: { main: s('main'), sub: s('sub') },
      ingest: this.#ingest ? { ...this.#ingest } : null,
    };
  }
}
