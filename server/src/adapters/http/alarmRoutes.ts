import express, { type Router } from 'express';
import { AlarmQuery, type AlarmDto } from '@clinicwall/contract';
import type { AlarmDesk } from '../../alarms/alarmDesk.ts';
import type { Ledger } from '../../domain/ledger/ledger.ts';
import type { DeliveryLog } from '../../webhooks/deliveryLog.ts';
import { checkAccess, scopeOf } from './actor.ts';
import { parseInput } from './parseInput.ts';

/** What the alarm, maintenance, ledger and webhook routers need. */
export interface AlarmHttpDeps {
  service: AlarmDesk;
  ledger: Ledger;
  deliveries: DeliveryLog;
  now?: () => number;
}

/** GET /alarms (stored alarms, newest onset first) and GET /alarms/:id (open or stored). */
export function createAlarmRouter(deps: AlarmHttpDeps): Router {
  const r = express.Router();
  r.get('/alarms', async (req, res) => {
    const query = parseInput(AlarmQuery, req.query, 'alarm query');
    // A named camera or clinic out of scope is refused (and audited); the list is filtered to the scope.
    if (query.cameraId) await checkAccess(req, 'alarms.read', { kind: 'camera', id: query.cameraId });
    if (query.clinicId) await checkAccess(req, 'alarms.read', { kind: 'clinic', id: query.clinicId });
    const body: AlarmDto[] = await deps.service.list(query, scopeOf(req));
    res.json(body);
  });
  r.get('/alarms/:id', async (req, res) => {
    const body: AlarmDto = await deps.service.get(String(req.params.id), null);
    await checkAccess(req, 'alarms.read', { kind: 'camera', id: body.cameraId });
    res.json(body);
  });
  return r;
}
