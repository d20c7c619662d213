import { test } from 'node:test';
import assert from 'node:assert/strict';
import { color, filter, quoteOptionValue } from './escape.ts';

/** libavutil's av_get_token: unquotes '...' and backslash escapes, stops at a terminator. */
function getToken(s: string, terms: string): [string, string] {
  let out = '';
  let i = 0;
  while (i < s.length && !terms.includes(s[i]!)) {
    const c = s[i]!;
    if (c === '\\') {
      out += s[i + 1] ?? '';
      i += 2;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      out += s.slice(i + 1, end < 0 ? s.length : end);
      i = end < 0 ? s.length : end + 1;
    } else {
      out += c;
      i++;
    }
  }
  return [out, s.slice(i)];
}

/** What a filter sees for one `key=value` written into a filtergraph: two rounds of unescaping. */
function roundTrip(written: string): string {
  const [graphLevel] = getToken(written, '[],;');
  const [optionLevel] = getToken(graphLevel, ':');
  return optionLevel;
}

test('option values survive both levels of filtergraph unescaping', () => {
  for (const raw of [
    '安定门社区卫生服务中心',
    "O'Brien's clinic",
    'a:b,c;d[e]f\\g',
    '%{pts:localtime:0:%H\\:%M}',
    "'''",
    'mod(t*40,600)+abs(sin(t))',
  ]) {
    assert.equal(roundTrip(quoteOptionValue(raw)), raw, raw);
  }
});

test('filter() writes plain values as is and escapes the rest', () => {
  assert.equal(
    filter('drawbox', { x: 10, y: 20, color: '0xFF0000@0.5', t: 'fill' }),
    'drawbox=x=10:y=20:color=0xFF0000@0.5:t=fill',
  );
  assert.equal(filter('scale', { w: 320, h: undefined }), 'scale=w=320');
  assert.equal(filter('hflip'), 'hflip');
  const f = filter('overlay', { x: 'mod(t,2)' });
  assert.equal(f, `overlay=x=${quoteOptionValue('mod(t,2)')}`);
  assert.throws(() => filter('x', { a: Number.NaN }));
});

test('color() formats 0xRRGGBB with optional alpha', () => {
  assert.equal(color(0x0a0b0c), '0x0A0B0C');
  assert.equal(color(0xffffff, 0.4), '0xFFFFFF@0.4');
});
