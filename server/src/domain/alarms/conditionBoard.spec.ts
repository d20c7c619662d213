import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConditionBoard } from './conditionBoard.ts';

test('several walls reporting one condition hold it once, from the first report, until the last one stops', () => {
  const b = new ConditionBoard();
  b.report('cam-1', 'wall-a', 'picture', 'blank', 1000);
  b.report('cam-1', 'wall-b', 'picture', 'blank', 1500);
  assert.deepEqual(b.status('cam-1', 'blank'), { held: true, since: 1000, ended: false });
  b.report('cam-1', 'wall-a', 'picture', null, 2000);
  assert.deepEqual(b.status('cam-1', 'blank'), { held: true, since: 1000, ended: false }, 'wall-b still sees it');
  b.report('cam-1', 'wall-b', 'picture', null, 2500);
  assert.deepEqual(b.status('cam-1', 'blank'), { held: false, since: null, ended: true });
});

test('a source that leaves stops counting; with no source left nothing is known', () => {
  const b = new ConditionBoard();
  b.report('cam-1', 'wall-a', 'picture', 'occluded', 1000);
  b.report('cam-1', 'wall-b', 'picture', null, 1000);
  assert.deepEqual(b.forgetSource('wall-a', 2000), ['cam-1']);
  assert.deepEqual(b.status('cam-1', 'occluded'), { held: false, since: null, ended: true }, 'wall-b says ok');
  b.forgetSource('wall-b', 3000);
  assert.deepEqual(b.status('cam-1', 'occluded'), { held: false, since: null, ended: false }, 'nobody judges it');
  assert.deepEqual(b.cameras(), []);
});

test('the signal is judged by the SFU only: a healthy picture says nothing about signal loss', () => {
  const b = new ConditionBoard();
  b.report('cam-1', 'sfu', 'signal', 'signal_loss', 1000);
  b.report('cam-1', 'wall-a', 'picture', null, 1000);
  assert.equal(b.status('cam-1', 'signal_loss').held, true);
  b.withdraw('cam-1', 'sfu', 2000);
  assert.deepEqual(b.status('cam-1', 'signal_loss'), { held: false, since: null, ended: false });
  assert.equal(b.signalBackAt('cam-1'), null, 'no evidence the signal came back');
  b.report('cam-1', 'sfu', 'signal', 'signal_loss', 3000);
  b.report('cam-1', 'sfu', 'signal', null, 4000);
  assert.deepEqual(b.status('cam-1', 'signal_loss'), { held: false, since: null, ended: true });
  assert.equal(b.signalBackAt('cam-1'), 4000);
});

test('a source cannot report a condition of the other domain', () => {
  const b = new ConditionBoard();
  assert.throws(() => b.report('cam-1', 'wall-a', 'picture', 'signal_loss', 1), TypeError);
  assert.throws(() => b.report('cam-1', 'sfu', 'signal', 'blank', 1), TypeError);
});

test("the report that makes a condition hold dates its start (the source's onset); later reports do not move it", () => {
  const b = new ConditionBoard();
  b.report('cam-1', 'wall-a', 'picture', 'frozen', 5000, 2000);
  assert.deepEqual(b.status('cam-1', 'frozen'), { held: true, since: 2000, ended: false });
  b.report('cam-1', 'sentinel', 'picture', 'frozen', 6000, 1000);
  assert.equal(b.status('cam-1', 'frozen').since, 2000);
  b.report('cam-1', 'wall-a', 'picture', null, 7000);
  b.report('cam-1', 'sentinel', 'picture', null, 7000);
  b.report('cam-1', 'wall-a', 'picture', 'blank', 8000);
  assert.equal(b.status('cam-1', 'blank').since, 8000, 'without a since: the report');
  assert.throws(() => b.report('cam-1', 'wall-a', 'picture', 'blank', 9000, 9001), TypeError);
});
