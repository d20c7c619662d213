import { createHmac } from 'node:crypto';

/** What is kept of a card number: the last four digits and a keyed hash ("same card" stays detectable). */
export interface MaskedCard {
  last4: string;
  hash: string;
}

/** The card number reduced to last 4 + the first 32 hex of HMAC-SHA256(key, digits). Not reversible without the key. */
export function maskCard(digits: string, key: string): MaskedCard {
  if (!/^\d{8,19}$/.test(digits)) throw new TypeError('card number must be 8 to 19 digits');
  return { last4: digits.slice(-4), hash: cardHash(digits, key) };
}

export function cardHash(digits: string, key: string): string {
  return createHmac('sha256', key).update(digits).digest('hex').slice(0, 32);
}

const HAN = /\p{Script=Han}/u;
/** Kept as they are inside a name: the middle dot of transliterated minority and foreign names. */
const SEPARATOR = /^[·•・.]$/u;

/**
 * Masks a card holder's name:
 * - Chinese: keeps the first and the last character of three or more (张*明, 欧阳**明 → 欧**明),
 *   the first of two (李*), none of one (*); a middle dot stays (买买提·艾力 → 买**·*力);
 * - other scripts: the first letter of each word, then one star per remaining letter (J*** S****).
 */
export function maskHolderName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (!trimmed) return '';
  if (HAN.test(trimmed)) {
    const chars = [...trimmed.replace(/ /g, '')];
    if (chars.length === 1) return '*';
    if (chars.length === 2) return `${chars[0]}*`;
    const middle = chars.slice(1, -1).map((c) => (SEPARATOR.test(c) ? c : '*'));
    return `${chars[0]}${middle.join('')}${chars.at(-1)}`;
  }
  return trimmed
    .split(' ')
    .map((word) => {
      const chars = [...word];
      return chars[0] + '*'.repeat(chars.length - 1);
    })
    .join(' ');
}
