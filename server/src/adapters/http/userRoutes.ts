import express, { type Router } from 'express';
import {
  AuditQuery,
  PasswordResetRequest,
  RegionAssignmentRequest,
  UserCreateRequest,
  UserUpdateRequest,
  type AuditPageDto,
  type PasswordResetDto,
  type UserCreatedDto,
  type UserDto,
} from '@clinicwall/contract';
import { actorOf, checkAccess } from './actor.ts';
import { parseInput } from './parseInput.ts';
import { contextOf, requestAccess } from './session.ts';

/**
 * The admin's user management (users.manage, checked by the accounts core) and the audit log
 * (audit.read). Generated passwords are in the answer once and nowhere else.
 */
export function createUserRouter(): Router {
  const r = express.Router();
  const admin = (req: express.Request) => requestAccess(req).core.userAdmin;
  const noStore = (res: express.Response) => res.setHeader('Cache-Control', 'no-store');
  r.get('/users', async (req, res) => {
    const body: UserDto[] = await admin(req).list(actorOf(req), contextOf(req));
    res.json(body);
  });
  r.post('/users', async (req, res) => {
    const request = parseInput(UserCreateRequest, req.body, 'user');
    const body: UserCreatedDto = await admin(req).create(actorOf(req), request, contextOf(req));
    noStore(res);
    res.status(201).json(body);
  });
  r.patch('/users/:id', async (req, res) => {
    const request = parseInput(UserUpdateRequest, req.body, 'user change');
    const body: UserDto = await admin(req).update(actorOf(req), String(req.params.id), request, contextOf(req));
    res.json(body);
  });
  r.put('/users/:id/regions', async (req, res) => {
    const request = parseInput(RegionAssignmentRequest, req.body, 'region assignment');
    const body: UserDto = await admin(req).assignRegions(actorOf(req), String(req.params.id), request, contextOf(req));
    res.json(body);
  });
  r.post('/users/:id/password-reset', async (req, res) => {
    const request = parseInput(PasswordResetRequest, req.body, 'password reset');
    const body: PasswordResetDto = await admin(req).resetPassword(
      actorOf(req),
      String(req.params.id),
      request,
      contextOf(req),
    );
    noStore(res);
    res.json(body);
  });
  r.get('/audit', async (req, res) => {
    await checkAccess(req, 'audit.read', { kind: 'system' });
    const query = parseInput(AuditQuery, req.query, 'audit query');
    const body: AuditPageDto = await requestAccess(req).core.trail.query(query);
    res.json(body);
  });
  return r;
}
