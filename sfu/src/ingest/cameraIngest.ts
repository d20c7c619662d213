import type { types } from 'mediasoup';
import type { Camera, IngestState, StreamKind } from '@clinicwall/contract';
import { STREAM_KINDS } from '@clinicwall/contract';
import type { CameraFeed, IngestInfo } from '../cameraFeed.ts';
import { launchStreamIngest } from './streamIngest.ts';
import { DEFAULT_SUPERVISOR, Supervisor, type SupervisorOptions, type SupervisorSnapshot } from './supervisor.ts';

const SEVERITY: IngestState[] = ['running', 'starting', 'idle', 'backoff', 'stopped'];

/** Worst of the stream supervisors: what an operator needs to know about the camera. */
export function aggregateIngest(snaps: SupervisorSnapshot[]): IngestInfo {
  const worst = snaps.reduce((a, b) => (SEVERITY.indexOf(b.state) > SEVERITY.indexOf(a.state) ? b : a));
  return {
    state: worst.state,
    restarts: snaps.reduce((n, s) => n + s.restarts, 0),
    lastError: snaps.map((s) => s.lastError).find((e) => e) ?? null,
    nextRetryAt: worst.nextRetryAt,
  };
}

export interface CameraIngestOptions {
  camera: Camera;
  feed: CameraFeed;
  router: () => types.Router;
  ingestIp: string;
  ffmpegPath: string;
  inputTimeoutSec?: number;
  supervisor?: SupervisorOptions;
}

/** Supervised ingest of both streams (main, sub) of one IP camera. */
export class CameraIngest {
  readonly cameraId: string;
  readonly #supervisors: Map<StreamKind, Supervisor>;
  readonly #feed: CameraFeed;

  constructor(o: CameraIngestOptions) {
    if (o.camera.source.kind !== 'ingest') throw new TypeError(`camera ${o.camera.id} is not an ingest camera`);
    const source = o.camera.source;
    this.cameraId = o.camera.id;
    this.#feed = o.feed;
    this.#supervisors = new Map(
      STREAM_KINDS.map((stream) => {
        const sup = new Supervisor(
          () =>
            launchStreamIngest({
              feed: o.feed,
              stream,
              url: source[stream],
              router: o.router,
              ingestIp: o.ingestIp,
              ffmpegPath: o.ffmpegPath,
              inputTimeoutSec: o.inputTimeoutSec ?? 3,
            }),
          o.supervisor ?? DEFAULT_SUPERVISOR,
        );
        sup.on('change', () => this.#feed.setIngest(this.info()));
        return [stream, sup] as const;
      }),
    );
    // Media arriving marks the run healthy.
    o.feed.on('status', (s) => {
      if (s.state === 'live') for (const sup of this.#supervisors.values()) sup.markRunning();
    });
  }

  info(): IngestInfo {
    return aggregateIngest([...this.#supervisors.values()].map((s) => s.snapshot));
  }

  streams(): Record<StreamKind, SupervisorSnapshot> {
    return { main: this.#supervisors.get('main')!.snapshot, sub: this.#supervisors.get('sub')!.snapshot };
  }

  start(): void {
    for (const s of this.#supervisors.values()) s.start();
  }

  restartNow(): void {
    for (const s of this.#supervisors.values()) s.restartNow();
  }

  stop(): void {
    for (const s of this.#supervisors.values()) s.stop();
  }
}
