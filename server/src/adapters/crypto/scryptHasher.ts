import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHasher } from '../../domain/accounts/ports.ts';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  ln: number;
  r: number;
  p: number;
}
/** N = 2^15, r = 8: 32 MiB and roughly 50-100 ms per hash on one core (OWASP's scrypt minimum is N=2^17 r=8 p=1 or equivalent). */
export const DEFAULT_SCRYPT: ScryptParams = { ln: 15, r: 8, p: 1 };
const KEY_LEN = 32;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.ln;
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LEN, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/**
 * Memory-hard hashing with Node's built-in scrypt, until an argon2id binding is installed (same port).
 * Encoded as `$scrypt$ln=15,r=8,p=1$<salt b64>$<hash b64>`, so parameters can be raised later.
 */
export class ScryptHasher implements PasswordHasher {
  readonly #params: ScryptParams;

  constructor(params: ScryptParams = DEFAULT_SCRYPT) {
    this.#params = params;
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, this.#params);
    const { ln, r, p } = this.#params;
    return `$scrypt$ln=${ln},r=${r},p=${p}$${salt.toString('base64')}$${key.toString('base64')}`;
  }

  async verify(encoded: string, password: string): Promise<boolean> {
    const parsed = parse(encoded);
    if (!parsed) return false;
    const key = await derive(password, parsed.salt, parsed.params);
    return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
  }

  needsRehash(encoded: string): boolean {
    const parsed = parse(encoded);
    const want = this.#params;
    return !parsed || parsed.params.ln !== want.ln || parsed.params.r !== want.r || parsed.params.p !== want.p;
  }
}

function parse(encoded: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const m = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(encoded);
  if (!m) return null;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.ln < 1 || params.ln > 20 || params.r < 1 || params.p < 1) return null;
  return { params, salt: Buffer.from(m[4]!, 'base64'), key: Buffer.from(m[5]!, 'base64') };
}
