import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { z } from 'zod';
import {
  AuditQuery,
  LoginRequest,
  PasswordChangeRequest,
  RegionAssignmentRequest,
  UserCreateRequest,
  UserUpdateRequest,
  passwordProblem,
} from './accounts.ts';

/** The per-field messages a client would show (as the transports' zodFields builds them). */
function fields(schema: z.ZodType, input: unknown): Record<string, string> {
  const r = schema.safeParse(input);
  assert.equal(r.success, false, `expected ${JSON.stringify(input)} to be refused`);
  const out: Record<string, string> = {};
  for (const issue of r.error!.issues) out[issue.path.join('.') || '(payload)'] ??= issue.message;
  return out;
}

test('password strength: length, username, common passwords', () => {
  const table: [string, string | undefined, string | null][] = [
    ['short-one', undefined, 'at least 10 characters'],
    ['x'.repeat(129), undefined, 'at most 128 characters'],
    ['Password123', undefined, 'too common, choose another'],
    ['1234567890', undefined, 'too common, choose another'],
    ['aaaaaaaaaaaa', undefined, 'too common, choose another'],
    ['my-Alice-pass', 'alice', 'must not contain the username'],
    ['cashier-camera-7', 'alice', null],
    ['收费处摄像头很安全的', undefined, null],
  ];
  for (const [password, username, want] of table) assert.equal(passwordProblem(password, username), want, password);
});

test('login: missing fields are named, the username is normalised', () => {
  assert.deepEqual(fields(LoginRequest, {}), { username: 'username is required', password: 'password is required' });
  assert.deepEqual(fields(LoginRequest, { username: '  ', password: '' }), {
    username: 'username is required',
    password: 'password is required',
  });
  assert.equal(LoginRequest.parse({ username: ' Alice ', password: 'x' }).username, 'alice');
});

test('password change: the new password is checked and must differ', () => {
  assert.deepEqual(fields(PasswordChangeRequest, { currentPassword: 'old-password-1' }), {
    newPassword: 'newPassword is required',
  });
  assert.deepEqual(fields(PasswordChangeRequest, { currentPassword: '', newPassword: 'short' }), {
    currentPassword: 'currentPassword is required',
    newPassword: 'at least 10 characters',
  });
  assert.deepEqual(
    fields(PasswordChangeRequest, { currentPassword: 'same-password-1', newPassword: 'same-password-1' }),
    {
      newPassword: 'must differ from the current password',
    },
  );
});

test('user create: role and scope fields are checked together, per field', () => {
  const base = { username: 'bob', displayName: 'Bob' };
  const table: [Record<string, unknown>, Record<string, string>][] = [
    [
      {},
      {
        username: 'username is required',
        displayName: 'displayName is required',
        role: 'one of admin, operator, supervisor, clinic, integration',
      },
    ],
    [{ ...base, username: 'b', role: 'admin' }, { username: 'at least 3 characters' }],
    [
      { ...base, username: 'bob smith', role: 'admin' },
      { username: 'letters, digits, ".", "_" and "-", starting with a letter or digit' },
    ],
    [{ ...base, role: 'root' }, { role: 'one of admin, operator, supervisor, clinic, integration' }],
    [{ ...base, role: 'clinic' }, { clinicId: 'a clinic user needs a clinicId' }],
    [{ ...base, role: 'admin', regionIds: ['r-1'] }, { regionIds: 'only operators and supervisors have regions' }],
    [{ ...base, role: 'operator', clinicId: 'c-01' }, { clinicId: 'only clinic users have a clinic' }],
    [{ ...base, role: 'supervisor', regionIds: ['r-1', 'r-1'] }, { regionIds: 'each region at most once' }],
    [
      { ...base, role: 'supervisor', regionIds: ['r-1'], allRegions: true },
      { regionIds: 'leave empty when allRegions is set' },
    ],
    [{ ...base, role: 'operator', password: 'bob-password-1' }, { password: 'must not contain the username' }],
  ];
  for (const [input, want] of table) assert.deepEqual(fields(UserCreateRequest, input), want, JSON.stringify(input));
});

test('user create: defaults leave a regional user with no regions (sees nothing until assigned)', () => {
  const u = UserCreateRequest.parse({ username: 'Bob', displayName: ' Bob ', role: 'operator' });
  assert.deepEqual(u, {
    username: 'bob',
    displayName: 'Bob',
    role: 'operator',
    regionIds: [],
    allRegions: false,
    clinicId: null,
  });
});

test('user update and region assignment', () => {
  assert.deepEqual(fields(UserUpdateRequest, {}), { '(payload)': 'nothing to change' });
  assert.ok(Object.keys(fields(UserUpdateRequest, { passwordHash: 'x' })).length > 0, 'unknown fields are refused');
  assert.deepEqual(fields(UserUpdateRequest, { disabled: 'yes' }), { disabled: 'true or false' });
  assert.deepEqual(fields(RegionAssignmentRequest, {}), { regionIds: 'a list of region ids' });
  assert.deepEqual(RegionAssignmentRequest.parse({ regionIds: ['r-1'] }), { regionIds: ['r-1'], allRegions: false });
});

test('audit query: filters, time range and paging are checked', () => {
  assert.deepEqual(fields(AuditQuery, { action: 'camera.delete' }), {
    action: 'an audit action such as camera.view_started',
  });
  assert.deepEqual(fields(AuditQuery, { from: 'yesterday' }), {
    from: 'an ISO 8601 time with offset, e.g. 2026-11-23T09:30:00+08:00',
  });
  assert.deepEqual(fields(AuditQuery, { from: '2026-11-23T10:00:00Z', to: '2026-11-23T09:00:00Z' }), {
    to: 'must not be before from',
  });
  assert.deepEqual(fields(AuditQuery, { limit: '500' }), { limit: 'at most 200' });
  assert.deepEqual(fields(AuditQuery, { before: 'abc' }), { before: 'an event id like 1732345678901-0' });
  assert.equal(AuditQuery.parse({ limit: '20' }).limit, 20, 'query strings are coerced');
  assert.equal(AuditQuery.parse({}).limit, 50);
});
