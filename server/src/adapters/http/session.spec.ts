import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCookie } from './session.ts';

test('the session cookie is read from a Cookie header among others', () => {
  assert.equal(readCookie('theme=dark; cw_session=abc-DEF_123; lang=zh', 'cw_session'), 'abc-DEF_123');
  assert.equal(readCookie('cw_session="quoted"', 'cw_session'), 'quoted');
  assert.equal(readCookie('cw_session=a%2Fb', 'cw_session'), 'a/b');
});

test('no cookie, another cookie or a broken value is no session', () => {
  assert.equal(readCookie(undefined, 'cw_session'), null);
  assert.equal(readCookie('', 'cw_session'), null);
  assert.equal(readCookie('xcw_session=abc; cw_sessionx=def', 'cw_session'), null);
  assert.equal(readCookie('cw_session=%E0%A4%A', 'cw_session'), null);
});
