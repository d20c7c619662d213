import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CardSightings, ClinicTotals } from './ports.ts';

const H = 3600_000;
const T0 = Date.parse('2026-11-23T01:00:00Z');
const card = (c: string) => c.repeat(32);

/**
 * What the stores behind the card_travel and amount_outlier rules must do (run against the memory
 * ones in unit tests, against Redis in integration tests): `make` returns empty stores.
 */
export function flagStoresContract(
  name: string,
  make: () => Promise<{ sightings: CardSightings; totals: ClinicTotals }>,
): void {
  test(`${name}: each sighting returns the card's sighting before it, in order, also within one call`, async () => {
    const { sightings } = await make();
    assert.deepEqual(await sightings.observe([], H), []);
    const res = await sightings.observe(
      [
        { cardHash: card('a'), clinicId: 'c-1', atMs: T0 },
        { cardHash: card('b'), clinicId: 'c-2', atMs: T0 },
        { cardHash: card('a'), clinicId: 'c-2', atMs: T0 + 60_000 },
      ],
      4 * H,
    );
    assert.deepEqual(res, [null, null, { clinicId: 'c-1', atMs: T0 }]);
    const [next] = await sightings.observe([{ cardHash: card('a'), clinicId: 'c-3', atMs: T0 + 120_000 }], 4 * H);
    assert.deepEqual(next, { clinicId: 'c-2', atMs: T0 + 60_000 });
  });

  test(`${name}: an older sighting is compared with the newest but does not replace it`, async () => {
    const { sightings } = await make();
    await sightings.observe([{ cardHash: card('c'), clinicId: 'c-1', atMs: T0 + H }], 4 * H);
    const [late] = await sightings.observe([{ cardHash: card('c'), clinicId: 'c-2', atMs: T0 }], 4 * H);
    assert.deepEqual(late, { clinicId: 'c-1', atMs: T0 + H });
    const [after] = await sightings.observe([{ cardHash: card('c'), clinicId: 'c-3', atMs: T0 + 2 * H }], 4 * H);
    assert.deepEqual(after, { clinicId: 'c-1', atMs: T0 + H }, 'still the newest');
    const again = { cardHash: card('c'), clinicId: 'c-3', atMs: T0 + 2 * H };
    assert.deepEqual(await sightings.observe([again], 4 * H), [{ clinicId: 'c-3', atMs: T0 + 2 * H }], 'a repeat');
  });

  test(`${name}: each total returns the clinic's newest totals before it, newest first, at most the window`, async () => {
    const { totals } = await make();
    assert.deepEqual(await totals.observe([], 3), []);
    const res = await totals.observe(
      [
        { clinicId: 'c-1', cents: 100 },
        { clinicId: 'c-1', cents: 200 },
        { clinicId: 'c-2', cents: 999 },
        { clinicId: 'c-1', cents: 300 },
        { clinicId: 'c-1', cents: 400 },
      ],
      3,
    );
    assert.deepEqual(res, [[], [100], [], [200, 100], [300, 200, 100]]);
    assert.deepEqual(await totals.observe([{ clinicId: 'c-1', cents: 500 }], 3), [[400, 300, 200]]);
    assert.deepEqual(await totals.observe([{ clinicId: 'c-1', cents: 600 }], 2), [[500, 400]], 'a smaller window');
  });
}
