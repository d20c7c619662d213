import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { maskCard, maskHolderName } from './masking.ts';

const KEY = 'k'.repeat(32);

test('a card keeps its last four digits and a 32-hex keyed hash, never the number', () => {
  const m = maskCard('6222021234567890123', KEY);
  assert.equal(m.last4, '0123');
  assert.match(m.hash, /^[0-9a-f]{32}$/);
  assert.equal(m.hash, createHmac('sha256', KEY).update('6222021234567890123').digest('hex').slice(0, 32));
  assert.ok(!JSON.stringify(m).includes('62220212345'), 'the number is not in the masked card');
});

test('the same card gives the same hash; another card or another key does not', () => {
  const a = maskCard('6222021234567890123', KEY).hash;
  assert.equal(maskCard('6222021234567890123', KEY).hash, a);
  assert.notEqual(maskCard('6222021234567890124', KEY).hash, a);
  assert.notEqual(maskCard('6222021234567890123', 'x'.repeat(32)).hash, a);
});

test('a card number that is not 8 to 19 digits is refused without echoing it', () => {
  assert.throws(
    () => maskCard('1234-5678', KEY),
    (e: Error) => e instanceof TypeError && !e.message.includes('1234'),
  );
});

test('Chinese names keep the first and last character', () => {
  assert.equal(maskHolderName('张三明'), '张*明');
  assert.equal(maskHolderName('欧阳小明'), '欧**明');
  assert.equal(maskHolderName('李四'), '李*');
  assert.equal(maskHolderName('王'), '*');
  assert.equal(maskHolderName(' 张 三 明 '), '张*明', 'spaces inside a Chinese name do not count');
  assert.equal(maskHolderName('买买提·艾力'), '买**·*力', 'the middle dot stays');
});

test('Latin names keep the first letter of each word', () => {
  assert.equal(maskHolderName('John Smith'), 'J*** S****');
  assert.equal(maskHolderName('  Anna   Maria  Lopez '), 'A*** M**** L****');
  assert.equal(maskHolderName('Zoë'), 'Z**');
});
