import type { Clinic, Region, UserCreatedDto, UserDto } from '@clinicwall/contract';
import { createUser, fetchUsers, resetPassword, updateUser } from '../auth/api.ts';
import { createRequestOf, sortUsers, updateRequestOf, type UserDraft } from '../auth/users.ts';
import { fetchRegistry } from '../registry.ts';
import { describeApiError } from '../http/apiCall.ts';

export type LoadState = 'loading' | 'loaded' | 'error';

/** The admin's user list with the regions and clinics to assign; every change goes to the server first. */
export class UserAdmin {
  users = $state.raw<UserDto[]>([]);
  status = $state<LoadState>('loading');
  error = $state<string | null>(null);
  regions = $state.raw<Region[]>([]);
  clinics = $state.raw<Clinic[]>([]);

  #abort: AbortController | null = null;

  async load(): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.status = 'loading';
    this.error = null;
    try {
      const [users, registry] = await Promise.all([fetchUsers(abort.signal), fetchRegistry(abort.signal)]);
      this.users = sortUsers(users);
      this.regions = registry.regions;
      this.clinics = registry.clinics;
      this.status = 'loaded';
    } catch (error) {
      if (abort.signal.aborted) return;
      this.error = describeApiError(error);
      this.status = 'error';
    }
  }

  stop(): void {
    this.#abort?.abort();
  }

  regionName(id: string, en: boolean): string {
    const r = this.regions.find((x) => x.id === id);
    return r ? (en ? r.nameEn : r.name) : id;
  }

  clinicName(id: string | null, en: boolean): string {
    if (!id) return '';
    const c = this.clinics.find((x) => x.id === id);
    return c ? (en ? c.nameEn : c.name) : id;
  }

  async create(draft: UserDraft): Promise<UserCreatedDto> {
    const created = await createUser(createRequestOf(draft));
    this.#put(created.user);
    return created;
  }

  /** Saves what changed; resolves with the user as the server now has it (unchanged: as it was). */
  async update(user: UserDto, draft: UserDraft): Promise<UserDto> {
    const req = updateRequestOf(user, draft);
    if (!req) return user;
    const updated = await updateUser(user.id, req);
    this.#put(updated);
    return updated;
  }

  /** A new generated password for the user (shown once). */
  async resetPassword(user: UserDto): Promise<string | null> {
    return (await resetPassword(user.id)).password;
  }

  #put(user: UserDto): void {
    this.users = sortUsers([...this.users.filter((u) => u.id !== user.id), user]);
  }
}
