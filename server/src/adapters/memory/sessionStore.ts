import type { SessionRecord, SessionStore } from '../../domain/accounts/ports.ts';

/** In-memory sessions (lost on restart: everyone signs in again). */
export class MemorySessionStore implements SessionStore {
  readonly #sessions = new Map<string, SessionRecord>();

  async insert(session: SessionRecord): Promise<void> {
    this.#sessions.set(session.id, { ...session });
  }

  async get(id: string): Promise<SessionRecord | null> {
    const s = this.#sessions.get(id);
    return s ? { ...s } : null;
  }

  async touch(id: string, lastSeenAt: number): Promise<void> {
    const s = this.#sessions.get(id);
    if (s) s.lastSeenAt = Math.max(s.lastSeenAt, lastSeenAt);
  }

  async delete(id: string): Promise<void> {
    this.#sessions.delete(id);
  }

  async deleteForUser(userId: string, exceptId?: string): Promise<number> {
    let n = 0;
    for (const [id, s] of this.#sessions) {
      if (s.userId === userId && id !== exceptId) {
        this.#sessions.delete(id);
        n++;
      }
    }
    return n;
  }

  async listForUser(userId: string): Promise<SessionRecord[]> {
    return [...this.#sessions.values()].filter((s) => s.userId === userId).map((s) => ({ ...s }));
  }
}
