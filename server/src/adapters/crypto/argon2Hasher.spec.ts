import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Argon2Hasher } from './argon2Hasher.ts';
import { ScryptHasher } from './scryptHasher.ts';

const cheap = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

test('argon2id: the right password verifies, a wrong one does not, each hash is salted', async () => {
  const hasher = new Argon2Hasher(cheap);
  const a = await hasher.hash('correct-horse-battery');
  const b = await hasher.hash('correct-horse-battery');
  assert.match(a, /^\$argon2id\$v=19\$m=1024,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert.notEqual(a, b, 'salted');
  assert.ok(!a.includes('correct-horse'), 'no clear text');
  assert.equal(await hasher.verify(a, 'correct-horse-battery'), true);
  assert.equal(await hasher.verify(a, 'correct-horse-batterY'), false);
});

test('argon2id: the default costs at least 19 MiB and 2 passes', async () => {
  const encoded = await new Argon2Hasher().hash('correct-horse-battery');
  assert.match(encoded, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.equal(new Argon2Hasher().needsRehash(encoded), false);
});

test('argon2id: weaker or foreign hashes ask for a rehash; unreadable ones never verify', async () => {
  const strong = new Argon2Hasher({ ...cheap, memoryCost: 2048 });
  const weak = await new Argon2Hasher(cheap).hash('correct-horse-battery');
  assert.equal(await strong.verify(weak, 'correct-horse-battery'), true, 'old parameters still verify');
  assert.equal(strong.needsRehash(weak), true);
  const scrypt = await new ScryptHasher({ ln: 10, r: 8, p: 1 }).hash('correct-horse-battery');
  assert.equal(await strong.verify(scrypt, 'correct-horse-battery'), true, 'scrypt hashes still verify');
  assert.equal(await strong.verify(scrypt, 'wrong-horse-battery'), false);
  assert.equal(strong.needsRehash(scrypt), true, 'and move to argon2id');
  for (const bad of ['', 'plain', '$argon2i$v=19$m=1024,t=1,p=1$abc$def', '$argon2id$v=19$m=1024,t=1,p=1$!!$!!'])
    assert.equal(await strong.verify(bad, 'x'), false, bad);
});
