import { DomainError } from '../../domain/errors.ts';
import type { UserStore } from '../../domain/accounts/ports.ts';
import type { UserRecord } from '../../domain/accounts/userRecord.ts';

/** In-memory users (the embedded default and the test double); hands out copies. */
export class MemoryUserStore implements UserStore {
  readonly #byId = new Map<string, UserRecord>();

  async byId(id: string): Promise<UserRecord | null> {
    const u = this.#byId.get(id);
    return u ? structuredClone(u) : null;
  }

  async byUsername(username: string): Promise<UserRecord | null> {
    for (const u of this.#byId.values()) if (u.username === username) return structuredClone(u);
    return null;
  }

  async list(): Promise<UserRecord[]> {
    return [...this.#byId.values()].map((u) => structuredClone(u));
  }

  async insert(user: UserRecord): Promise<void> {
    if (this.#byId.has(user.id) || (await this.byUsername(user.username)))
      throw new DomainError('conflict', `username ${user.username} is taken`, { username: 'already taken' });
    this.#byId.set(user.id, structuredClone(user));
  }

  async update(id: string, change: (current: UserRecord) => UserRecord): Promise<UserRecord> {
    const current = this.#byId.get(id);
    if (!current) throw new DomainError('not_found', `user ${id} does not exist`);
    const next = change(structuredClone(current));
    this.#byId.set(id, structuredClone({ ...next, id }));
    return structuredClone(next);
  }
}
