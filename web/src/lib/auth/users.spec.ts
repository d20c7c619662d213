import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserCreateRequest, UserUpdateRequest, type UserDto } from '@clinicwall/contract';
import {
  createRequestOf,
  draftOf,
  draftProblems,
  emptyDraft,
  matchesUser,
  scopeOf,
  seesNothing,
  sortUsers,
  updateRequestOf,
} from './users.ts';

const user = (over: Partial<UserDto> = {}): UserDto => ({
  id: 'u-sup',
  username: 'sup',
  displayName: '督导员',
  role: 'supervisor',
  regionIds: ['r-dongcheng'],
  allRegions: false,
  clinicId: null,
  disabled: false,
  createdAt: '2026-11-23T08:00:00.000Z',
  updatedAt: '2026-11-23T08:00:00.000Z',
  lastLoginAt: null,
  ...over,
});

test('a create request carries only the fields of its role and passes the contract', () => {
  const d = { ...emptyDraft(), username: ' Zhang.San ', displayName: ' 张三 ', regionIds: ['r-a', 'r-a', 'r-b'] };
  const req = createRequestOf(d);
  assert.deepEqual(req, {
    username: 'zhang.san',
    displayName: '张三',
    role: 'supervisor',
    regionIds: ['r-a', 'r-b'],
    allRegions: false,
    clinicId: null,
  });
  assert.ok(UserCreateRequest.safeParse(req).success);
  // Switching to a clinic user drops regions, keeps the clinic; an admin has neither.
  const clinic = createRequestOf({ ...d, role: 'clinic', clinicId: 'c-01', password: 'Harbour-Lights-42' });
  assert.deepEqual(
    [clinic.regionIds, clinic.allRegions, clinic.clinicId, clinic.password],
    [[], false, 'c-01', 'Harbour-Lights-42'],
  );
  assert.ok(UserCreateRequest.safeParse(clinic).success);
  assert.deepEqual(scopeOf({ ...d, role: 'admin', clinicId: 'c-01' }), {
    regionIds: [],
    allRegions: false,
    clinicId: null,
  });
  assert.deepEqual(scopeOf({ ...d, allRegions: true }), { regionIds: [], allRegions: true, clinicId: null });
});

test('form problems: username rule on create, a name, a clinic for clinic users, the password rule', () => {
  assert.deepEqual(Object.keys(draftProblems(emptyDraft(), 'create')).sort(), ['displayName', 'username']);
  const ok = { ...emptyDraft(), username: 'wang', displayName: '王' };
  assert.deepEqual(draftProblems(ok, 'create'), {});
  assert.equal(draftProblems({ ...ok, role: 'clinic' }, 'create').clinicId?.key, 'users.err.clinic');
  assert.equal(draftProblems({ ...ok, password: 'short' }, 'create').password?.key, 'pw.tooShort');
  assert.equal(draftProblems({ ...ok, password: 'wang-rocks-hard' }, 'create').password?.key, 'pw.hasUsername');
  // Editing never re-checks the (immutable) username.
  assert.deepEqual(draftProblems({ ...ok, username: 'X' }, 'edit'), {});
  assert.equal(seesNothing({ ...ok, regionIds: [] }), true);
  assert.equal(seesNothing({ ...ok, allRegions: true }), false);
  assert.equal(seesNothing({ ...ok, role: 'admin' }), false);
});

test('an update sends only what changed, the scope as one piece', () => {
  const u = user();
  assert.equal(updateRequestOf(u, draftOf(u)), null);
  assert.deepEqual(updateRequestOf(u, { ...draftOf(u), displayName: '李四' }), { displayName: '李四' });
  assert.deepEqual(updateRequestOf(u, { ...draftOf(u), disabled: true }), { disabled: true });
  // Same regions in another order: nothing to do.
  const two = user({ regionIds: ['r-a', 'r-b'] });
  assert.equal(updateRequestOf(two, { ...draftOf(two), regionIds: ['r-b', 'r-a'] }), null);
  const regions = updateRequestOf(u, { ...draftOf(u), regionIds: ['r-dongcheng', 'r-xicheng'] });
  assert.deepEqual(regions, { regionIds: ['r-dongcheng', 'r-xicheng'], allRegions: false, clinicId: null });
  const toClinic = updateRequestOf(u, { ...draftOf(u), role: 'clinic', clinicId: 'c-01' });
  assert.deepEqual(toClinic, { role: 'clinic', regionIds: [], allRegions: false, clinicId: 'c-01' });
  for (const req of [regions, toClinic]) assert.ok(UserUpdateRequest.safeParse(req).success);
});

test('search and order of the list', () => {
  const a = user({ id: 'a', username: 'zhao', displayName: '赵', role: 'operator' });
  const b = user({ id: 'b', username: 'qian', displayName: 'Qian Supervisor', disabled: true });
  const c = user({ id: 'c', username: 'sun', displayName: '孙' });
  assert.deepEqual(
    sortUsers([a, b, c]).map((u) => u.id),
    ['c', 'a', 'b'],
  );
  assert.equal(matchesUser(b, 'SUPERV', ''), true);
  assert.equal(matchesUser(a, '赵', 'operator'), true);
  assert.equal(matchesUser(a, '', 'supervisor'), false);
  assert.equal(matchesUser(c, 'nobody', ''), false);
});
