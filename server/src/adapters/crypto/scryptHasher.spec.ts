import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScryptHasher } from './scryptHasher.ts';

test('scrypt: the right password verifies, a wrong one does not, each hash is salted', async () => {
  const hasher = new ScryptHasher({ ln: 12, r: 8, p: 1 }); // cheaper than the default, same code path
  const a = await hasher.hash('correct-horse-battery');
  const b = await hasher.hash('correct-horse-battery');
  assert.match(a, /^\$scrypt\$ln=12,r=8,p=1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
  assert.notEqual(a, b, 'salted');
  assert.ok(!a.includes('correct-horse'), 'no clear text');
  assert.equal(await hasher.verify(a, 'correct-horse-battery'), true);
  assert.equal(await hasher.verify(a, 'correct-horse-batterY'), false);
});

test('scrypt: the default is N=2^15, r=8 (32 MiB per hash)', async () => {
  assert.equal(new ScryptHasher().needsRehash('$scrypt$ln=15,r=8,p=1$AAAA$AAAA'), false);
  assert.equal(new ScryptHasher().needsRehash('$scrypt$ln=14,r=8,p=1$AAAA$AAAA'), true);
});

test('scrypt: unreadable hashes do not verify; weaker parameters ask for a rehash', async () => {
  const weak = new ScryptHasher({ ln: 10, r: 8, p: 1 });
  const strong = new ScryptHasher({ ln: 12, r: 8, p: 1 });
  const old = await weak.hash('correct-horse-battery');
  assert.equal(await strong.verify(old, 'correct-horse-battery'), true, 'old parameters still verify');
  assert.equal(strong.needsRehash(old), true);
  assert.equal(weak.needsRehash(old), false);
  for (const bad of ['', 'plain', '$argon2id$v=19$m=65536,t=3,p=4$abc$def', '$scrypt$ln=40,r=8,p=1$AAAA$AAAA']) {
    assert.equal(await strong.verify(bad, 'x'), false, bad);
  }
});
