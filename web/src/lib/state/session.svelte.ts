import type { SessionDto, SessionEndReason, UserDto } from '@clinicwall/contract';
import { changePassword, fetchSession, login, logout } from '../auth/api.ts';
import type { SessionEnded, SessionStatus } from '../auth/navigation.ts';
import { onUnauthenticated } from '../auth/unauthenticated.ts';
import { describeApiError } from '../http/apiCall.ts';

const OFFLINE_RETRY_MS = 10_000;

/**
 * Who is signed in, loaded once by the root layout (GET /api/v1/auth/session) and kept current:
 * sign-in and sign-out change it, and any 401 or refused socket handshake anywhere (reported through
 * auth/unauthenticated.ts) ends it, which makes the layout send the user to the sign-in page.
 * Without an answer (offline, server down) it retries on its own and when the browser is back online.
 */
export class SessionState {
  status = $state<SessionStatus>('loading');
  session = $state.raw<SessionDto | null>(null);
  /** Why the last load failed (status 'error' / 'offline'). */
  error = $state<string | null>(null);
  /** How the last session ended, for the sign-in page: by the user here, or by the server (and why). */
  ended = $state<SessionEnded | null>(null);
  user = $derived<UserDto | null>(this.session?.user ?? null);

  #started = false;
  /** While signing out here: the server's `session:ended` for this very sign-out is no news. */
  #signingOut = false;
  #loading: Promise<void> | null = null;
  #retry: ReturnType<typeof setTimeout> | null = null;
  #unlisten: (() => void) | null = null;

  /** Loads the session once and listens for its end; returns the stopper (the layout's cleanup). */
  start(): () => void {
    if (!this.#started) {
      this.#started = true;
      void this.load();
    }
    this.#unlisten?.();
    const off = onUnauthenticated(this.#onUnauthenticated);
    window.addEventListener('online', this.#onOnline);
    this.#unlisten = () => {
      off();
      window.removeEventListener('online', this.#onOnline);
    };
    return () => {
      this.#unlisten?.();
      this.#unlisten = null;
    };
  }

  /** Asks the server who we are (one request at a time). */
  load(): Promise<void> {
    this.#loading ??= this.#load().finally(() => (this.#loading = null));
    return this.#loading;
  }

  /** Signs in; rejects with the API's error (LoginThrottledError on 429) and changes nothing then. */
  async signIn(username: string, password: string): Promise<SessionDto> {
    const dto = await login({ username: username.trim().toLowerCase(), password });
    if (dto.user.role === 'integration') {
      // A machine account: no pages to show; do not keep its session in this browser.
      await logout().catch(() => undefined);
      throw new NoUserInterfaceError();
    }
    this.#set(dto);
    return dto;
  }

  /** Signs out on the server, then here (the layout then shows the sign-in page). */
  async signOut(): Promise<void> {
    this.#signingOut = true;
    try {
      await logout();
    } finally {
      this.#signingOut = false;
    }
    this.ended = 'signed-out';
    this.#clear();
  }

  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await changePassword({ currentPassword, newPassword });
  }

  #set(dto: SessionDto): void {
    this.session = dto;
    this.status = 'signed-in';
    this.error = null;
    this.ended = null;
    this.#clearRetry();
  }

  #clear(): void {
    this.session = null;
    this.status = 'signed-out';
  }

  async #load(): Promise<void> {
    this.#clearRetry();
    if (this.status !== 'signed-in') this.status = 'loading';
    try {
      const dto = await fetchSession();
      if (dto === 'unsupported') {
        this.session = null;
        this.status = 'unsupported';
      } else if (dto && dto.user.role !== 'integration') this.#set(dto);
      else this.#clear();
    } catch (error) {
      this.error = describeApiError(error);
      this.status = navigator.onLine === false || isNetworkError(error) ? 'offline' : 'error';
      this.#retry = setTimeout(() => void this.load(), OFFLINE_RETRY_MS);
    }
  }

  #clearRetry(): void {
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = null;
  }

  #onUnauthenticated = (reason: SessionEndReason | null): void => {
    if (this.#signingOut) return;
    if (this.status === 'signed-in') this.ended = reason ?? 'expired';
    // A plain 401 may come first; the server's reason, arriving next, says more.
    else if (this.status === 'signed-out' && this.ended === 'expired' && reason) this.ended = reason;
    if (this.status === 'signed-in' || this.status === 'loading') this.#clear();
  };

  #onOnline = (): void => {
    if (this.status === 'offline' || this.status === 'error') void this.load();
  };
}

/** A sign-in that worked for an account without pages (integration). */
export class NoUserInterfaceError extends Error {
  constructor() {
    super('integration accounts have no user interface');
    this.name = 'NoUserInterfaceError';
  }
}

function isNetworkError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'network';
}

/** The app's one session (the root layout starts it). */
export const session = new SessionState();
