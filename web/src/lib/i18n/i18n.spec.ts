import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CAMERA_AREAS } from '@clinicwall/contract';
import { DICTIONARIES, parseLocale, pickLocale, placeholders, translate } from './translate.ts';
import { LOCALES, type MessageKey } from './types.ts';
import { zhCN } from './zh-CN.ts';
import { TILE_STATES } from '../wall/tileState.ts';

const keys = Object.keys(zhCN).sort();

test('every locale has exactly the zh-CN keys, none empty', () => {
  for (const locale of LOCALES) {
    const dict = DICTIONARIES[locale];
    assert.deepEqual(Object.keys(dict).sort(), keys, locale);
    for (const k of keys) assert.ok(dict[k as MessageKey].trim().length > 0, `${locale} ${k} is empty`);
  }
});

test('translations use the same placeholders as zh-CN', () => {
  for (const locale of LOCALES) {
    for (const k of keys as MessageKey[]) {
      assert.deepEqual(placeholders(DICTIONARIES[locale][k]), placeholders(zhCN[k]), `${locale} ${k}`);
    }
  }
});

test('English is really translated (no Han characters except the language switch)', () => {
  for (const k of keys as MessageKey[]) {
    if (k === 'header.otherLanguage') continue;
    assert.doesNotMatch(DICTIONARIES.en[k], /\p{Script=Han}/u, k);
  }
});

test('every camera area and tile state has a label', () => {
  for (const a of CAMERA_AREAS) assert.ok(`area.${a}` in zhCN, a);
  for (const s of TILE_STATES) assert.ok(`tile.${s}` in zhCN, s);
});

test('translate fills placeholders and leaves unknown ones', () => {
  assert.equal(translate('zh-CN', 'header.page', { page: 2, pages: 7 }), '第 2/7 页');
  assert.equal(translate('en', 'header.page', { page: 2, pages: 7 }), 'Page 2/7');
  assert.equal(translate('en', 'header.liveCount', { live: 3 }), 'Live 3/{total}');
  assert.equal(translate('zh-CN', 'tile.live'), '直播');
});

test('locale choice: ?lang, then saved, then zh-CN', () => {
  assert.equal(parseLocale('en'), 'en');
  assert.equal(parseLocale('en-US'), 'en');
  assert.equal(parseLocale('zh'), 'zh-CN');
  assert.equal(parseLocale('fr'), null);
  assert.equal(pickLocale('en', 'zh-CN'), 'en');
  assert.equal(pickLocale(null, 'en'), 'en');
  assert.equal(pickLocale('xx', null), 'zh-CN');
  assert.equal(pickLocale(null, null), 'zh-CN');
});
