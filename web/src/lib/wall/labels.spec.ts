import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tileCaption } from './labels.ts';

test('the area is shown once', () => {
  assert.equal(tileCaption('收费处', '收费处'), '收费处');
  assert.equal(tileCaption('Pharmacy', 'Pharmacy counter'), 'Pharmacy counter');
  assert.equal(tileCaption('诊室', '网络摄像头'), '诊室 · 网络摄像头');
  assert.equal(tileCaption('Consulting room', 'Webcam'), 'Consulting room · Webcam');
  assert.equal(tileCaption('', 'Webcam'), 'Webcam');
});
