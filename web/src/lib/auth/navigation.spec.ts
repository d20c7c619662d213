import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  afterSignIn,
  endedNotice,
  gateDecision,
  homeFor,
  isPublicPath,
  loginHref,
  passwordProblemKey,
  retryAfterSeconds,
  safeNext,
  waitText,
} from './navigation.ts';
import { passwordProblem } from '@clinicwall/contract';

test('each role starts on its own page', () => {
  assert.equal(homeFor('admin'), '/wall');
  assert.equal(homeFor('operator'), '/wall');
  assert.equal(homeFor('supervisor'), '/m');
  assert.equal(homeFor('clinic'), '/publish');
  assert.equal(homeFor('integration'), '/login');
});

test('next: only same-origin paths, never the sign-in page or another host', () => {
  assert.equal(safeNext('/m/camera/cam-002'), '/m/camera/cam-002');
  assert.equal(safeNext('/wall?layout=9&page=2'), '/wall?layout=9&page=2');
  assert.equal(safeNext('/ledger/c-01#top'), '/ledger/c-01#top');
  for (const bad of [
    null,
    '',
    'wall',
    'https://evil.example/x',
    '//evil.example/x',
    '/\\evil.example',
    '/login',
    '/login?next=/wall',
    '/x\ny',
    'javascript:alert(1)',
  ])
    assert.equal(safeNext(bad), null, String(bad));
});

test('after sign-in: back where the user came from, else by role', () => {
  assert.equal(afterSignIn('supervisor', '/m/camera/cam-002'), '/m/camera/cam-002');
  assert.equal(afterSignIn('supervisor', null), '/m');
  assert.equal(afterSignIn('operator', '//evil.example'), '/wall');
  assert.equal(afterSignIn('clinic', '/login'), '/publish');
});

test('the sign-in link remembers the page (not / nor the sign-in page)', () => {
  assert.equal(loginHref({ pathname: '/m/camera/cam-002', search: '' }), '/login?next=%2Fm%2Fcamera%2Fcam-002');
  assert.equal(loginHref({ pathname: '/wall', search: '?layout=9' }), '/login?next=%2Fwall%3Flayout%3D9');
  assert.equal(loginHref({ pathname: '/', search: '' }), '/login');
  assert.equal(loginHref({ pathname: '/login', search: '?next=/wall' }), '/login');
  assert.equal(
    safeNext(new URLSearchParams(loginHref({ pathname: '/m', search: '?a=1' }).split('?')[1]).get('next')),
    '/m?a=1',
  );
});

test('the gate: public sign-in page, waits, redirects, offline and error states', () => {
  assert.equal(isPublicPath('/login'), true);
  assert.equal(isPublicPath('/login/'), true);
  assert.equal(isPublicPath('/m'), false);
  assert.equal(gateDecision('loading', '/m'), 'wait');
  assert.equal(gateDecision('signed-in', '/m'), 'show');
  assert.equal(gateDecision('signed-out', '/m'), 'login');
  assert.equal(gateDecision('offline', '/m'), 'offline');
  assert.equal(gateDecision('error', '/wall'), 'error');
  assert.equal(gateDecision('unsupported', '/wall'), 'show');
  assert.equal(gateDecision('signed-out', '/login'), 'show');
  assert.equal(gateDecision('loading', '/login'), 'show');
  assert.equal(gateDecision('offline', '/login'), 'show');
  assert.equal(gateDecision('signed-in', '/login'), 'leave-login');
});

test('Retry-After: delta seconds or an HTTP date, at least one second', () => {
  const now = Date.parse('2026-11-23T08:00:00Z');
  assert.equal(retryAfterSeconds('120', now), 120);
  assert.equal(retryAfterSeconds('0', now), 1);
  assert.equal(retryAfterSeconds('Mon, 23 Nov 2026 08:01:30 GMT', now), 90);
  assert.equal(retryAfterSeconds('Mon, 23 Nov 2026 07:00:00 GMT', now), 1);
  assert.equal(retryAfterSeconds(null, now), null);
  assert.equal(retryAfterSeconds('soon', now), null);
});

test('the lock-out countdown text', () => {
  assert.deepEqual(waitText(42.2), { key: 'auth.wait.seconds', params: { s: 43 } });
  assert.deepEqual(waitText(90), { key: 'auth.wait.minutes', params: { m: 1, s: 30 } });
  assert.deepEqual(waitText(-3), { key: 'auth.wait.seconds', params: { s: 0 } });
});

test("the contract's password problems map to messages", () => {
  assert.deepEqual(passwordProblemKey(passwordProblem('short')!), { key: 'pw.tooShort', params: { n: 10 } });
  assert.deepEqual(passwordProblemKey(passwordProblem('x'.repeat(200))!), { key: 'pw.tooLong', params: { n: 128 } });
  assert.equal(passwordProblemKey(passwordProblem('alice-is-great', 'alice')!).key, 'pw.hasUsername');
  assert.equal(passwordProblemKey(passwordProblem('password123')!).key, 'pw.common');
});

test('the sign-in page says how the last session ended, warning when it was not the user here', () => {
  assert.equal(endedNotice(null), null);
  assert.deepEqual(endedNotice('signed-out'), { key: 'auth.signedOut', warn: false });
  assert.deepEqual(endedNotice('expired'), { key: 'auth.expired', warn: true });
  assert.deepEqual(endedNotice('signed_out'), { key: 'auth.ended.signed_out', warn: true });
  assert.deepEqual(endedNotice('password_changed'), { key: 'auth.ended.password_changed', warn: true });
  assert.deepEqual(endedNotice('disabled'), { key: 'auth.ended.disabled', warn: true });
});
