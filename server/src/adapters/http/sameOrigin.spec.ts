import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crossSiteReason } from './sameOrigin.ts';

test('a page of this site passes, by Sec-Fetch-Site or by Origin = Host', () => {
  assert.equal(crossSiteReason({ 'sec-fetch-site': 'same-origin', origin: 'http://wall.local' }), null);
  assert.equal(crossSiteReason({ 'sec-fetch-site': 'none' }), null);
  assert.equal(crossSiteReason({ origin: 'https://wall.local:8443', host: 'wall.local:8443' }), null);
});

test('machines without browser headers pass (they cannot be tricked into sending a cookie)', () => {
  assert.equal(crossSiteReason({ host: 'wall.local' }), null);
});

test('another site is refused, whichever header tells', () => {
  assert.match(crossSiteReason({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })!, /cross-site/);
  assert.match(crossSiteReason({ 'sec-fetch-site': 'same-site' })!, /same-site/);
  assert.match(crossSiteReason({ origin: 'https://evil.example', host: 'wall.local' })!, /not this site/);
  assert.match(crossSiteReason({ origin: 'null', host: 'wall.local' })!, /null/);
  assert.match(crossSiteReason({ origin: 'garbage', host: 'wall.local' })!, /not a URL/);
});
