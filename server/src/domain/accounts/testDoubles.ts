import type { PasswordHasher, TokenGenerator } from './ports.ts';

/**
 * Test doubles for the accounts specs: a deterministic, fast hasher (same shape as argon2id's
 * `$alg$params$salt$hash` strings; NOT a real hash) that counts its calls, and predictable tokens.
 */
export class FakeHasher implements PasswordHasher {
  hashes = 0;
  verifies = 0;
  /** Makes verify take this long (like a real memory-hard hash), so parallel attempts overlap. */
  verifyDelayMs = 0;
  /** Set by a test to ask for rehashing. */
  needsRehash?: (encoded: string) => boolean;
  #salt = 0;

  async hash(password: string): Promise<string> {
    this.hashes++;
    return `$fake$v=1$s${this.#salt++}$${encodeURIComponent(password)}`;
  }

  async verify(encoded: string, password: string): Promise<boolean> {
    this.verifies++;
    if (this.verifyDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.verifyDelayMs));
    const parts = encoded.split('$');
    return parts[1] === 'fake' && parts[4] === encodeURIComponent(password);
  }
}

export class FakeTokens implements TokenGenerator {
  #n = 0;
  token(): string {
    return `tok-${++this.#n}`;
  }
  digest(token: string): string {
    return `digest(${token})`;
  }
  password(): string {
    return `Gen-pass-${++this.#n}-xyz`;
  }
}

/** A clock the test moves by hand. */
export class FakeClock {
  t: number;
  constructor(start = Date.parse('2026-11-23T01:00:00Z')) {
    this.t = start;
  }
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}
