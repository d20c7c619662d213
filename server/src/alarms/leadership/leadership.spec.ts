import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Leadership } from './leadership.ts';
import { MemoryLeaseStore, type LeaseStore } from './leaseStore.ts';

const TTL = 5000;

/** Candidates on one lease and one fake clock; each records its elections and depositions. */
function field(store?: (now: () => number) => LeaseStore) {
  let t = 0;
  const now = () => t;
  const lease = store?.(now) ?? new MemoryLeaseStore(now);
  const log: string[] = [];
  const holders: string[] = [];
  const candidate = (token: string, more: Partial<ConstructorParameters<typeof Leadership>[0]> = {}) => {
    const l = new Leadership({ store: lease, token, ttlMs: TTL, now, ...more });
    l.on('elected', () => log.push(`${t} ${token} elected`));
    l.on('deposed', (why) => log.push(`${t} ${token} deposed: ${why}`));
    l.on('holder', (h) => holders.push(`${t} ${token} sees ${h}`));
    return l;
  };
  return { lease, log, holders, candidate, at: (ms: number) => void (t = ms) };
}

test('one leader at a time; a stalled leader stops trusting its term before anyone can take over, then steps down', async () => {
  const f = field();
  const a = f.candidate('a');
  const b = f.candidate('b');
  await a.step();
  await b.step();
  assert.deepEqual([a.isLeader(), b.isLeader()], [true, false]);
  for (let t = 1000; t <= 3000; t += 1000) {
    f.at(t);
    await a.step();
    await b.step();
  }
  assert.deepEqual([a.isLeader(), b.isLeader()], [true, false], 'renewed: still a');
  // a stalls (no rounds) from 3 s: its trust ends at 3 s + 80 % of the lease, the lease at 3 s + 5 s.
  f.at(6999);
  assert.equal(a.isLeader(), true);
  f.at(7000);
  assert.equal(a.isLeader(), false, 'fenced: a no longer acts');
  await b.step();
  assert.equal(b.isLeader(), false, 'the lease has not run out yet');
  f.at(8000);
  await b.step();
  assert.equal(b.isLeader(), true, 'b takes over once it ran out');
  await a.step();
  assert.equal(a.isLeader(), false);
  assert.deepEqual(f.log, [
    '0 a elected',
    '8000 b elected',
    '8000 a deposed: the lease ran out before it was renewed (stalled)',
  ]);
  f.at(9000);
  await a.step();
  assert.deepEqual(f.holders, ['0 a sees a', '0 b sees a', '8000 b sees null', '8000 b sees b', '9000 a sees b']);
});

test('a failing or late renewal deposes the leader at once; it stands again like anyone', async () => {
  let failing = false;
  let delayMs = 0;
  const f = field((now) => {
    const mem = new MemoryLeaseStore(now);
    return {
      acquire: (tk, ttl) => mem.acquire(tk, ttl),
      holder: () => mem.holder(),
      release: (tk) => mem.release(tk),
      renew: async (tk, ttl) => {
        if (failing) throw new Error('connection lost');
        const ok = await mem.renew(tk, ttl);
        f.at(now() + delayMs); // the answer arrives this much later
        return ok;
      },
    };
  });
  const a = f.candidate('a');
  await a.step();
  failing = true;
  f.at(1000);
  await a.step();
  assert.equal(a.isLeader(), false);
  failing = false;
  f.at(2000);
  await a.step();
  assert.equal(a.isLeader(), true, 'its own lease: taken back at once');
  delayMs = 4500; // longer than 80 % of the lease
  f.at(3000);
  await a.step();
  assert.equal(a.isLeader(), false);
  assert.deepEqual(f.log, [
    '0 a elected',
    '1000 a deposed: the lease could not be renewed',
    '2000 a elected',
    '7500 a deposed: the renewal answered too late',
  ]);
});

test('closing gives the lease back: another candidate takes over at its next round', async () => {
  const f = field();
  const a = f.candidate('a');
  const b = f.candidate('b');
  await a.step();
  await b.step();
  await a.close();
  assert.equal(a.isLeader(), false);
  assert.equal(await f.lease.holder(), null);
  f.at(100);
  await b.step();
  assert.equal(b.isLeader(), true);
  await a.step();
  assert.equal(await f.lease.holder(), 'b', 'a closed candidate never stands again');
  assert.deepEqual(f.log, ['0 a elected', '0 a deposed: closing', '100 b elected']);
});

test('a candidate that may not stand under the current holder (another camera set) waits; once the lease is free it stands', async () => {
  const f = field();
  const a = f.candidate('a#cams-1');
  const odd = f.candidate('b#cams-2', { mayStand: (holder) => holder === null || holder.endsWith('#cams-2') });
  await a.step();
  await a.close();
  await odd.step();
  assert.equal(odd.isLeader(), true, 'free: it stands');
  const c = f.candidate('c#cams-1', { mayStand: (holder) => holder === null || holder.endsWith('#cams-1') });
  let asked = 0;
  const counting = f.lease.acquire.bind(f.lease);
  f.lease.acquire = (tk, ttl) => (asked++, counting(tk, ttl));
  f.at(4000);
  await odd.step();
  await c.step();
  assert.deepEqual([c.isLeader(), asked], [false, 0], 'it did not even try');
  f.at(9000); // odd is gone (no renewal since 4 s)
  await c.step();
  assert.deepEqual([c.isLeader(), asked], [true, 1]);
  assert.throws(() => f.candidate('x', { everyMs: TTL }), TypeError);
});
