import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '../../domain/accounts/ports.ts';
import { ScryptHasher } from './scryptHasher.ts';

export interface Argon2Params {
  /** Memory in KiB. */
  memoryCost: number;
  /** Passes over the memory. */
  timeCost: number;
  parallelism: number;
}
/** OWASP's argon2id recommendation (m=19 MiB, t=2, p=1): about 30-60 ms per hash on one core here. */
export const DEFAULT_ARGON2: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

const PHC = /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,3}),p=(\d{1,3})\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

/**
 * argon2id (the @node-rs/argon2 binding, hashing off the main thread), encoded as a PHC string
 * `$argon2id$v=19$m=...,t=...,p=...$salt$hash`. Older `$scrypt$` hashes still verify and are
 * rehashed to argon2id at the next sign-in (needsRehash).
 */
export class Argon2Hasher implements PasswordHasher {
  readonly #params: Argon2Params;
  readonly #legacy = new ScryptHasher();

  constructor(params: Argon2Params = DEFAULT_ARGON2) {
    this.#params = params;
  }

  hash(password: string): Promise<string> {
    return hash(password.normalize('NFC'), this.#params); // the binding's default algorithm is argon2id
  }

  async verify(encoded: string, password: string): Promise<boolean> {
    if (encoded.startsWith('$scrypt$')) return this.#legacy.verify(encoded, password);
    if (!PHC.test(encoded)) return false;
    try {
      return await verify(encoded, password.normalize('NFC'));
    } catch {
      return false;
    }
  }

  needsRehash(encoded: string): boolean {
    const m = PHC.exec(encoded);
    if (!m) return true;
    const { memoryCost, timeCost, parallelism } = this.#params;
    return Number(m[1]) < memoryCost || Number(m[2]) < timeCost || Number(m[3]) !== parallelism;
  }
}
