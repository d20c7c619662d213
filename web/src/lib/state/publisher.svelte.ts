import type { Camera } from '@clinicwall/contract';
import type { MessageKey } from '../i18n/types.ts';
import { fetchRegistry } from '../registry.ts';
import { SendSession } from '../rtc/sendSession.ts';
import { PUBLISH_CONSTRAINTS } from '../rtc/simulcast.ts';
import { RequestError, openSocket, type AppSocket } from '../socket.ts';

export type PublishPhase = 'idle' | 'requesting' | 'connecting' | 'publishing' | 'stopped' | 'error';

/** A publisher error: a dictionary key (translated by the page) plus its parameters. */
export interface PublishError {
  key: MessageKey;
  params?: Record<string, string>;
}

const REPUBLISH_DELAY_MS = 2_000;

function mediaError(error: unknown): PublishError {
  const name = (error as { name?: string }).name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return { key: 'publish.permissionDenied' };
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return { key: 'publish.noDevice' };
  if (name === 'NotReadableError' || name === 'AbortError') return { key: 'publish.deviceBusy' };
  return { key: 'publish.serverError', params: { message: String((error as Error)?.message ?? error) } };
}

/**
 * A clinic's webcam publisher: camera → socket → send transport → simulcast producer.
 * Re-publishes by itself when the socket reconnects; stop() releases the camera.
 */
export class Publisher {
  readonly cameraId: string;
  phase = $state<PublishPhase>('idle');
  error = $state.raw<PublishError | null>(null);
  /** Set while the link dropped and we are publishing again. */
  reconnecting = $state(false);
  camera = $state.raw<Camera | null>(null);
  clinicName = $state.raw<{ name: string; nameEn: string } | null>(null);
  preview = $state.raw<MediaStream | null>(null);
  producerId = $state<string | null>(null);
  /** The camera id is wrong (not in the registry, not a browser camera): starting cannot help. */
  invalidCamera = $state(false);
  canStart = $derived(
    !this.invalidCamera && (this.phase === 'idle' || this.phase === 'stopped' || this.phase === 'error'),
  );

  #track: MediaStreamTrack | null = null;
  #socket: AppSocket | null = null;
  #session: SendSession | null = null;
  #generation = 0;
  #retry: ReturnType<typeof setTimeout> | null = null;

  constructor(cameraId: string) {
    this.cameraId = cameraId;
  }

  /** Looks the camera up in the registry (it must exist and be a browser camera); no camera access yet. */
  async load(): Promise<boolean> {
    const generation = this.#generation;
    try {
      const registry = await fetchRegistry();
      if (generation !== this.#generation) return false;
      const camera = registry.cameras.find((c) => c.id === this.cameraId) ?? null;
      if (!camera) {
        this.invalidCamera = true;
        return this.#invalid({ key: 'publish.unknownCamera', params: { id: this.cameraId } });
      }
      if (camera.source.kind !== 'webrtc') {
        this.invalidCamera = true;
        return this.#invalid({ key: 'publish.notWebrtc', params: { id: this.cameraId } });
      }
      this.camera = camera;
      this.clinicName = registry.clinics.find((c) => c.id === camera.clinicId) ?? null;
      return true;
    } catch (error) {
      if (generation !== this.#generation) return false;
      return this.#invalid({ key: 'publish.serverError', params: { message: (error as Error).message } });
    }
  }

  /** Starts the camera and publishes it (the operator's click, or ?autostart=1). */
  async start(): Promise<void> {
    const generation = ++this.#generation;
    this.#teardown();
    this.error = null;
    this.reconnecting = false;
    this.phase = 'requesting';
    if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
      return this.#fail({ key: 'publish.insecure' });
    }
    if (!this.camera && !(await this.load())) {
      if (generation === this.#generation) this.phase = 'error';
      return;
    }
    if (generation !== this.#generation) return;

    this.phase = 'requesting';
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: PUBLISH_CONSTRAINTS, audio: false });
      if (generation !== this.#generation) {
        for (const t of stream.getTracks()) t.stop();
        return;
      }
      const track = stream.getVideoTracks()[0];
      if (!track) return this.#fail({ key: 'publish.noDevice' });
      track.contentHint = 'motion';
      track.addEventListener('ended', () => {
        if (generation === this.#generation) this.#fail({ key: 'publish.noDevice' });
      });
      this.#track = track;
      this.preview = stream;
    } catch (error) {
      if (generation !== this.#generation) return;
      return this.#fail(mediaError(error));
    }

    this.phase = 'connecting';
    const socket = openSocket();
    this.#socket = socket;
    socket.on('connect', () => void this.#publish(socket, generation));
    socket.on('disconnect', (reason) => {
      if (generation !== this.#generation) return;
      this.#closeSession();
      if (this.phase === 'publishing') this.reconnecting = true;
      this.phase = 'connecting';
      if (reason === 'io server disconnect') socket.connect();
    });
    // The server closed our producer: no longer allowed (scope changed), or taken over. Not retried.
    socket.on('producer:closed', ({ producerId, reason }) => {
      if (generation !== this.#generation || producerId !== this.producerId) return;
      this.#fail({ key: reason === 'out_of_scope' ? 'publish.outOfScope' : 'publish.closedByServer' });
    });
  }

  /** Stops publishing and releases the camera. */
  stop(): void {
    this.#generation++;
    this.#teardown();
    this.phase = 'stopped';
    this.reconnecting = false;
  }

  /** Page unload: like stop(), without touching state. */
  dispose(): void {
    this.#generation++;
    this.#teardown();
  }

  async #publish(socket: AppSocket, generation: number): Promise<void> {
    const track = this.#track;
    if (!track || generation !== this.#generation) return;
    this.#closeSession();
    this.phase = 'connecting';
    try {
      const session = await SendSession.open(socket, this.cameraId, track, (why) => {
        if (generation !== this.#generation || this.#session !== session) return;
        console.warn(`[publish] ${why}; publishing again`);
        this.#closeSession();
        this.reconnecting = true;
        this.phase = 'connecting';
        socket.disconnect();
        socket.connect();
      });
      if (generation !== this.#generation || !socket.connected) {
        session.close();
        return;
      }
      this.#session = session;
      this.producerId = session.producerId;
      this.phase = 'publishing';
      this.reconnecting = false;
      this.error = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      const message = error instanceof RequestError ? `${error.code}: ${error.message}` : (error as Error).message;
      console.warn('[publish] could not publish', error);
      // Show the reason, keep the camera and try again on a fresh connection.
      this.error = { key: 'publish.serverError', params: { message } };
      this.reconnecting = true;
      if (this.#retry) clearTimeout(this.#retry);
      this.#retry = setTimeout(() => {
        this.#retry = null;
        if (generation !== this.#generation) return;
        socket.disconnect();
        socket.connect();
      }, REPUBLISH_DELAY_MS);
    }
  }

  #invalid(error: PublishError): false {
    this.error = error;
    this.phase = 'error';
    return false;
  }

  #fail(error: PublishError): void {
    this.#generation++;
    this.#teardown();
    this.error = error;
    this.phase = 'error';
  }

  #closeSession(): void {
    this.#session?.close();
    this.#session = null;
    this.producerId = null;
  }

  #teardown(): void {
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = null;
    this.#closeSession();
    this.#socket?.removeAllListeners();
    this.#socket?.disconnect();
    this.#socket = null;
    this.#track?.stop();
    this.#track = null;
    this.preview = null;
  }
}
