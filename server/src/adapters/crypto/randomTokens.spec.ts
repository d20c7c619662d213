import { test } from 'node:test';
import assert from 'node:assert/strict';
import { passwordProblem } from '@clinicwall/contract';
import { RandomTokens } from './randomTokens.ts';

test('tokens are long, URL-safe and unique; the digest is stable and not the token', () => {
  const t = new RandomTokens();
  const tokens = new Set(Array.from({ length: 1000 }, () => t.token()));
  assert.equal(tokens.size, 1000);
  for (const tok of tokens) assert.match(tok, /^[A-Za-z0-9_-]{43}$/);
  const [one] = tokens;
  assert.equal(t.digest(one!), t.digest(one!));
  assert.match(t.digest(one!), /^[0-9a-f]{64}$/);
});

test('generated passwords pass the strength rule and avoid look-alike characters', () => {
  const t = new RandomTokens();
  for (let i = 0; i < 200; i++) {
    const p = t.password();
    assert.equal(passwordProblem(p), null);
    assert.equal(p.length, 16);
    assert.doesNotMatch(p, /[0O1lI]/);
  }
});
