import { EventEmitter } from 'node:events';
import { createHash } from 'node:crypto';
import { createWorker, type types } from 'mediasoup';
import { MEDIA_CODECS } from './codecs.ts';
import type { SfuConfig } from './config.ts';
import { InvalidStateError } from './errors.ts';

interface Slot {
  worker: types.Worker;
  router: types.Router;
  /** WebRTC transports placed on this router (viewer load). */
  transports: number;
}

/**
 * One mediasoup worker per core, one router per worker. A dead worker is replaced in its slot and
 * `routerReplaced` tells the owners of its transports and producers to rebuild them.
 */
export class WorkerPool extends EventEmitter<{ routerReplaced: [slot: number, router: types.Router] }> {
  readonly #config: SfuConfig;
  readonly #slots: Slot[] = [];
  #closed = false;

  private constructor(config: SfuConfig) {
    super();
    this.#config = config;
  }

  static async create(config: SfuConfig): Promise<WorkerPool> {
    if (!config.workerBin) {
      throw new TypeError(
        'no mediasoup worker binary: set MEDIASOUP_WORKER_BIN (built by infra/mediasoup/build-worker.sh)',
      );
    }
    if (!Number.isInteger(config.numWorkers) || config.numWorkers < 1) {
      throw new TypeError(`numWorkers must be a positive integer, got ${config.numWorkers}`);
    }
    const pool = new WorkerPool(config);
    for (let i = 0; i < config.numWorkers; i++) pool.#slots.push(await pool.#startSlot(i));
    return pool;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get routers(): types.Router[] {
    return this.#slots.map((s) => s.router);
  }

  get size(): number {
    return this.#slots.length;
  }

  /** Stable placement of a camera's producers: the same camera lands on the same router. */
  routerForKey(key: string): types.Router {
    this.#assertOpen();
    const h = createHash('sha1').update(key).digest().readUInt32BE(0);
    return this.#slots[h % this.#slots.length]!.router;
  }

  /** Router with the fewest viewer transports, for a new viewer. */
  takeViewerRouter(): types.Router {
    this.#assertOpen();
    const slot = this.#slots.reduce((a, b) => (b.transports < a.transports ? b : a));
    slot.transports++;
    return slot.router;
  }

  releaseViewerRouter(router: types.Router): void {
    const slot = this.#slots.find((s) => s.router === router);
    if (slot && slot.transports > 0) slot.transports--;
  }

  /** Resource usage of each worker (for benchmarks and /health). */
  async usage(): Promise<{ pid: number; userMs: number; systemMs: number }[]> {
    return Promise.all(
      this.#slots.map(async (s) => {
        const u = await s.worker.getResourceUsage();
        return { pid: s.worker.pid, userMs: u.ru_utime, systemMs: u.ru_stime };
      }),
    );
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const s of this.#slots) s.worker.close();
    this.#slots.length = 0;
  }

  async #startSlot(index: number): Promise<Slot> {
    const worker = await createWorker({
      workerBin: this.#config.workerBin,
      logLevel: 'warn',
      rtcMinPort: this.#config.rtcMinPort,
      rtcMaxPort: this.#config.rtcMaxPort,
    });
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    worker.on('died', (error) => {
      if (this.#closed) return;
      console.error(`[sfu] mediasoup worker ${worker.pid} died (${error.message}); replacing it`);
      void this.#replace(index);
    });
    return { worker, router, transports: 0 };
  }

  async #replace(index: number): Promise<void> {
    try {
      const slot = await this.#startSlot(index);
      if (this.#closed) {
        slot.worker.close();
        return;
      }
      this.#slots[index] = slot;
      this.emit('routerReplaced', index, slot.router);
    } catch (error) {
      console.error(`[sfu] could not replace worker ${index}:`, error);
      setTimeout(() => void this.#replace(index), 2000).unref();
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new InvalidStateError('WorkerPool closed');
  }
}
