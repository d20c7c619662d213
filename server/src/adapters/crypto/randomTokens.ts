import { createHash, randomBytes, randomInt } from 'node:crypto';
import { passwordProblem } from '@clinicwall/contract';
import type { TokenGenerator } from '../../domain/accounts/ports.ts';

/** No 0/O, 1/l/I: generated passwords are read off a screen and typed. */
const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Session tokens of 256 random bits (base64url), stored as their SHA-256; 16-character passwords (~94 bits). */
export class RandomTokens implements TokenGenerator {
  token(): string {
    return randomBytes(32).toString('base64url');
  }

  digest(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  password(): string {
    for (;;) {
      let p = '';
      for (let i = 0; i < 16; i++) p += ALPHABET[randomInt(ALPHABET.length)];
      if (passwordProblem(p) === null) return p;
    }
  }
}
