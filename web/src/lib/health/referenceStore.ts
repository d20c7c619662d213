/**
 * Persists the cameras' reference views in this browser (IndexedDB, one record of ~12 KB per camera:
 * 3x64x64 RGB bytes and when the view was taken), so a reloaded wall keeps them. Records are
 * validated when read: a damaged or outdated record is skipped, never used as a reference.
 */
import { z } from 'zod';
import { REFERENCE_BYTES, type ReferenceEntry } from './references.ts';

const DB_NAME = 'clinicwall-tile-health';
const STORE = 'references';

const Image = z
  .object({
    pixels: z.instanceof(Uint8Array).refine((p) => p.length === REFERENCE_BYTES, 'pixels must be 3x64x64 bytes'),
    takenAt: z.number().finite().positive(),
  })
  .nullable();

export const StoredReference = z.object({
  cameraId: z.string().min(1).max(200),
  auto: Image,
  autoConfirmed: z.boolean(),
  operator: Image,
});

/** Keeps the valid records; reports how many were skipped. */
export function parseStored(records: readonly unknown[]): { entries: ReferenceEntry[]; skipped: number } {
  const entries: ReferenceEntry[] = [];
  for (const r of records) {
    const p = StoredReference.safeParse(r);
    if (p.success) entries.push(p.data);
  }
  return { entries, skipped: records.length - entries.length };
}

export interface ReferenceStore {
  loadAll(): Promise<ReferenceEntry[]>;
  save(entry: ReferenceEntry): Promise<void>;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function open(): Promise<IDBDatabase> {
  const req = indexedDB.open(DB_NAME, 1);
  req.onupgradeneeded = () => {
    if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'cameraId' });
  };
  return request(req);
}

/** The browser's store; without IndexedDB (or if it fails) references live for this page only. */
export function browserReferenceStore(): ReferenceStore {
  let db: Promise<IDBDatabase> | null = null;
  const get = (): Promise<IDBDatabase> => {
    if (typeof indexedDB === 'undefined') return Promise.reject(new Error('no IndexedDB'));
    db ??= open();
    return db;
  };
  return {
    async loadAll() {
      const d = await get();
      const all = await request(d.transaction(STORE, 'readonly').objectStore(STORE).getAll());
      const { entries, skipped } = parseStored(all);
      if (skipped) console.warn(`[health] ${skipped} stored reference(s) are unreadable and were skipped`);
      return entries;
    },
    async save(entry) {
      const d = await get();
      const tx = d.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put(entry);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
      });
    },
  };
}
