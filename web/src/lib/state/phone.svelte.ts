import { getContext, setContext } from 'svelte';
import type { WantedStream } from '../wall/streams.ts';
import { AlarmFeed } from './alarms.svelte.ts';
import { WallSwipes } from './swipes.svelte.ts';
import { WallMedia } from './wallMedia.svelte.ts';

/** The phone's connection banner: offline (no network), reconnecting (socket or media link lost), or none. */
export type PhoneBanner = 'offline' | 'reconnecting' | null;

/**
 * The supervisor's phone view (/m and /m/camera/[id]): one socket shared by both pages, carrying the
 * alarm feed of the user's regions, the swipes of the camera on screen and at most ONE consumer:
 * the watched camera's substream, and only while the page is visible (hidden: the consumer is paused
 * on the SFU, no media flows; shown again: resumed). Reuses the wall's media, alarm and swipe states.
 */
export class PhoneSession {
  readonly media = new WallMedia();
  readonly alarms = new AlarmFeed();
  readonly swipes: WallSwipes;
  /** The browser says it has a network. */
  online = $state(true);
  /** document.visibilityState is 'visible'. */
  visible = $state(true);
  /** The camera on screen (null on the alarm list). */
  watched = $state<string | null>(null);
  banner = $derived<PhoneBanner>(
    !this.online
      ? 'offline'
      : this.media.link === 'reconnecting' || this.alarms.status === 'reconnecting'
        ? 'reconnecting'
        : null,
  );

  #started = false;

  constructor(url: () => URL) {
    this.swipes = new WallSwipes(url);
  }

  start(): () => void {
    if (this.#started) return () => undefined;
    this.#started = true;
    this.online = navigator.onLine;
    this.visible = document.visibilityState === 'visible';
    this.media.start();
    const socket = this.media.socket;
    if (socket) {
      this.alarms.start(socket);
      this.swipes.start(socket);
    }
    window.addEventListener('online', this.#onNetwork);
    window.addEventListener('offline', this.#onNetwork);
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.#applyWanted();
    return () => {
      window.removeEventListener('online', this.#onNetwork);
      window.removeEventListener('offline', this.#onNetwork);
      document.removeEventListener('visibilitychange', this.#onVisibility);
      this.swipes.stop();
      this.alarms.stop();
      this.media.stop();
      this.#started = false;
    };
  }

  /** Shows one camera (its substream, its swipes), or none. */
  watch(cameraId: string | null): void {
    if (cameraId === this.watched) return;
    this.watched = cameraId;
    this.#applyWanted();
    this.swipes.setWanted(cameraId ? [cameraId] : []);
    if (cameraId) void this.swipes.loadHistory(cameraId);
  }

  #applyWanted(): void {
    // Handed over whole (WallMedia reads it, never this class): not reactive.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const wanted = new Map<string, WantedStream>();
    if (this.watched && this.visible) wanted.set(this.watched, 'sub');
    this.media.setWanted(wanted);
  }

  #onNetwork = (): void => {
    this.online = navigator.onLine;
  };

  #onVisibility = (): void => {
    this.visible = document.visibilityState === 'visible';
    this.#applyWanted();
  };
}

const KEY = Symbol('phone-session');

export function providePhone(phone: PhoneSession): void {
  setContext(KEY, phone);
}

export function usePhone(): PhoneSession {
  const phone = getContext<PhoneSession | undefined>(KEY);
  if (!phone) throw new Error('usePhone() outside the /m layout');
  return phone;
}
