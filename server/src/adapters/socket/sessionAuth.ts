import type { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, SessionEndReason } from '@clinicwall/contract';
import type { AccessCore } from '../../domain/accounts/accessCore.ts';
import type { Principal } from '../../domain/access/principal.ts';
import type { RequestContext } from '../../domain/audit/auditTrail.ts';
import type { AccessChange } from '../../domain/accounts/userChanges.ts';
import { crossSiteReason } from '../http/sameOrigin.ts';
import { readCookie, SESSION_COOKIE } from '../http/session.ts';
import type { AppSocket } from './handle.ts';

/** Called when the socket's user changed scope: drop what is out of scope now. */
export type Rescope = (principal: Principal) => void | Promise<void>;

/** Who a socket belongs to, set once at the handshake and kept current by the user-change watch. */
export interface SocketAccess {
  core: AccessCore;
  sessionId: string;
  /** The session token, kept in memory only, to re-check the session later. */
  token: string;
  principal: Principal;
  ctx: RequestContext;
  rescopers: Rescope[];
  /** Why the server ended this socket's session, once it did (handlers end their audit spans with it). */
  ended: SessionEndReason | null;
}

const KEY = 'access';

export function socketAccess(socket: AppSocket): SocketAccess {
  const access = (socket.data as Record<string, unknown>)[KEY] as SocketAccess | undefined;
  if (!access) throw new Error('socket without a session (the handshake middleware did not run)');
  return access;
}

/** Registers what to close or leave when the socket's user loses scope. */
export function onRescope(socket: AppSocket, fn: Rescope): void {
  socketAccess(socket).rescopers.push(fn);
}

/** A refused handshake: the client sees connect_error with this message ('unauthenticated', 'forbidden'). */
function refused(message: 'unauthenticated' | 'forbidden', detail: string): Error {
  return Object.assign(new Error(message), { data: { code: message, message: detail } });
}

/**
 * Sockets are for signed-in users only: the handshake must carry the session cookie of a live
 * session (else connect_error 'unauthenticated') and come from this site (else 'forbidden').
 */
export function authenticateSockets(
  io: Server<ClientToServerEvents, ServerToClientEvents>,
  core: AccessCore,
  directory: SocketDirectory,
): void {
  io.use((socket, next) => {
    const headers = socket.handshake.headers;
    const cross = crossSiteReason(headers);
    if (cross) return next(refused('forbidden', `cross-site socket refused (${cross})`));
    const token = readCookie(headers.cookie, SESSION_COOKIE);
    if (!token) return next(refused('unauthenticated', 'sign in first'));
    core.auth.authenticate(token).then(
      (auth) => {
        if (!auth) return next(refused('unauthenticated', 'the session has ended, sign in again'));
        const access: SocketAccess = {
          core,
          sessionId: auth.sessionId,
          token,
          principal: auth.principal,
          ctx: { transport: 'socket', address: socket.handshake.address || null },
          rescopers: [],
          ended: null,
        };
        (socket.data as Record<string, unknown>)[KEY] = access;
        directory.add(socket as AppSocket);
        next();
      },
      (error: unknown) => {
        console.warn(`[socket] session check failed: ${(error as Error).message}`);
        next(refused('unauthenticated', 'the session could not be checked, retry'));
      },
    );
  });
}

/** Tells the client why its session ended (`session:ended`), then disconnects it. */
export function endSocketSession(socket: AppSocket, reason: SessionEndReason): void {
  const access = socketAccess(socket);
  if (access.ended) return;
  access.ended = reason;
  socket.emit('session:ended', { reason });
  socket.disconnect(true);
}

/**
 * This process's signed-in sockets by user. Follows the access changes of every server process
 * (signed out: that session's sockets disconnected; disabled: all the user's; password: the sockets
 * of ended sessions; scope: the new principal, and each handler drops what is out of scope; resync:
 * everyone re-checked) and re-checks every session now and then (expired, or a change missed).
 */
export class SocketDirectory {
  readonly #core: AccessCore;
  readonly #byUser = new Map<string, Set<AppSocket>>();
  #timer: NodeJS.Timeout | null = null;
  #unfollow: (() => void) | null = null;

  constructor(core: AccessCore) {
    this.#core = core;
  }

  add(socket: AppSocket): void {
    const userId = socketAccess(socket).principal.id;
    let set = this.#byUser.get(userId);
    if (!set) this.#byUser.set(userId, (set = new Set()));
    set.add(socket);
    socket.once('disconnect', () => {
      set.delete(socket);
      if (set.size === 0 && this.#byUser.get(userId) === set) this.#byUser.delete(userId);
    });
  }

  /** Starts following access changes and re-checking sessions every `recheckMs`. */
  follow(recheckMs = 60_000): void {
    this.#unfollow ??= this.#core.changes.on((change) => {
      void this.#apply(change).catch((error: unknown) =>
        console.warn(`[socket] applying a ${change.type} access change: ${(error as Error).message}`),
      );
    });
    this.#timer ??= setInterval(() => void this.recheck(), recheckMs);
    this.#timer.unref();
  }

  close(): void {
    this.#unfollow?.();
    this.#unfollow = null;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /**
   * Re-checks the sockets' sessions (of one user, or all): ended, expired or disabled ones are
   * disconnected with `reason`; the others take their user's current scope.
   */
  async recheck(userId?: string, reason: SessionEndReason = 'expired'): Promise<void> {
    const sockets = userId ? this.#socketsOf(userId) : [...this.#byUser.values()].flatMap((s) => [...s]);
    for (const socket of sockets) {
      const access = socketAccess(socket);
      const auth = await this.#core.auth.authenticate(access.token).catch(() => undefined);
      if (auth === undefined) continue; // the store did not answer: try again next time
      if (!auth) {
        endSocketSession(socket, reason);
        continue;
      }
      await this.#rescope(socket, auth.principal);
    }
  }

  #socketsOf(userId: string): AppSocket[] {
    return [...(this.#byUser.get(userId) ?? [])];
  }

  async #apply(change: AccessChange): Promise<void> {
    if (change.type === 'resync') return this.recheck();
    const sockets = this.#socketsOf(change.userId);
    if (sockets.length === 0) return;
    if (change.type === 'session') {
      for (const socket of sockets)
        if (socketAccess(socket).sessionId === change.sessionId) endSocketSession(socket, 'signed_out');
      return;
    }
    if (change.kinds.includes('disabled')) {
      for (const socket of sockets) endSocketSession(socket, 'disabled');
      return;
    }
    if (change.kinds.includes('password')) await this.recheck(change.userId, 'password_changed');
    else if (change.kinds.includes('scope')) await this.recheck(change.userId);
  }

  async #rescope(socket: AppSocket, principal: Principal): Promise<void> {
    const access = socketAccess(socket);
    const before = access.principal;
    if (JSON.stringify(before) === JSON.stringify(principal)) return;
    access.principal = principal;
    for (const fn of access.rescopers) {
      try {
        await fn(principal);
      } catch (error) {
        console.warn(`[socket] dropping out-of-scope items of ${socket.id}: ${(error as Error).message}`);
      }
    }
  }
}
