import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scope } from '../../domain/access/policy.ts';
import { roomsOfRegion, roomsOfScope } from './scopeRooms.ts';

const scope = (all: boolean, regions: string[]): Scope => ({
  all,
  regionIds: new Set(regions),
  clinicIds: new Set(),
  cameraIds: new Set(),
  terminalIds: new Set(),
});

test('an event of a region reaches unrestricted sockets and that region only', () => {
  const event = new Set(roomsOfRegion('alarms', 'r-east'));
  const reaches = (s: Scope) => roomsOfScope('alarms', s).some((room) => event.has(room));
  assert.equal(reaches(scope(true, [])), true, 'admin');
  assert.equal(reaches(scope(false, ['r-east', 'r-north'])), true, 'supervisor of the east');
  assert.equal(reaches(scope(false, ['r-west'])), false, 'supervisor of the west');
  assert.equal(reaches(scope(false, [])), false, 'no regions: nothing');
});

test('feeds do not share rooms', () => {
  assert.deepEqual(roomsOfScope('status', scope(false, ['r-east'])), ['status:region:r-east']);
  assert.deepEqual(roomsOfRegion('alarms', 'r-east'), ['alarms:all', 'alarms:region:r-east']);
});
