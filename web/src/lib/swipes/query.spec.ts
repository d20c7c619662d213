import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SwipeQuery } from '@clinicwall/contract';
import {
  activeFilterCount,
  hasFilters,
  isoToLocalInput,
  localInputToIso,
  NO_FILTERS,
  parseSwipeSearch,
  swipeApiParams,
  swipeSearch,
  withClinic,
} from './query.ts';

const HASH = '0123456789abcdef0123456789abcdef';

test('filters and cursor round-trip through the URL; lang is kept', () => {
  const filters = {
    ...NO_FILTERS,
    clinicId: 'c-01',
    terminalId: 't-01-1',
    cardHash: HASH,
    flag: 'multi_card' as const,
    from: '2026-11-23T00:00:00.000Z',
  };
  const search = swipeSearch(filters, '1700000000000-2', new URLSearchParams('lang=en&clinicId=c-09'));
  const params = new URLSearchParams(search);
  assert.equal(params.get('lang'), 'en');
  assert.deepEqual(parseSwipeSearch(params), { filters, before: '1700000000000-2' });
  assert.equal(swipeSearch(NO_FILTERS, null), '');
});

test('values the API would refuse are dropped from the URL', () => {
  const { filters, before } = parseSwipeSearch(
    new URLSearchParams('cardHash=1234&flag=nope&from=yesterday&before=abc&clinicId=%20'),
  );
  assert.deepEqual(filters, NO_FILTERS);
  assert.equal(before, null);
  assert.equal(hasFilters(filters), false);
  assert.equal(activeFilterCount({ ...NO_FILTERS, flag: 'unmapped', cardHash: HASH }), 2);
  // An upper-case hash pasted from elsewhere still works.
  assert.equal(parseSwipeSearch(new URLSearchParams(`cardHash=${HASH.toUpperCase()}`)).filters.cardHash, HASH);
});

test('the API query is valid for the contract', () => {
  const params = swipeApiParams({ ...NO_FILTERS, cardHash: HASH, to: '2026-11-23T10:00:00.000Z' }, '5-1', 20);
  const parsed = SwipeQuery.safeParse(Object.fromEntries(params));
  assert.equal(parsed.success, true);
  assert.equal(parsed.data?.limit, 20);
  assert.equal(parsed.data?.before, '5-1');
  assert.equal(parsed.data?.cardHash, HASH);
});

test('changing the clinic drops a terminal of another clinic', () => {
  const clinicOf = (t: string) => (t.startsWith('t-01') ? 'c-01' : 'c-02');
  const f = { ...NO_FILTERS, clinicId: 'c-01', terminalId: 't-01-1' };
  assert.equal(withClinic(f, 'c-01', clinicOf).terminalId, 't-01-1');
  assert.equal(withClinic(f, 'c-02', clinicOf).terminalId, null);
  assert.equal(withClinic(f, null, clinicOf).terminalId, null);
});

test('datetime-local values convert to ISO and back in local time', () => {
  const iso = localInputToIso('2026-11-23T09:30');
  assert.ok(iso);
  assert.equal(new Date(iso).getHours(), 9);
  assert.equal(isoToLocalInput(iso), '2026-11-23T09:30');
  assert.equal(localInputToIso(''), null);
  assert.equal(localInputToIso('23/11/2026'), null);
  assert.equal(isoToLocalInput(null), '');
});
