import express, { type Router } from 'express';
import { MaintenanceReportCreate, MaintenanceReportQuery, type MaintenanceReportDto } from '@clinicwall/contract';
import { actorOf, checkAccess, scopeOf } from './actor.ts';
import type { AlarmHttpDeps } from './alarmRoutes.ts';
import { parseInput } from './parseInput.ts';

/** Maintenance reports (报备): file one (open alarms of its cameras become reported), list a clinic's. */
export function createMaintenanceRouter(deps: AlarmHttpDeps): Router {
  const r = express.Router();
  r.post('/maintenance-reports', async (req, res) => {
    const request = parseInput(MaintenanceReportCreate, req.body, 'maintenance report');
    await checkAccess(req, 'maintenance.create', { kind: 'clinic', id: request.clinicId });
    for (const id of request.cameraIds) await checkAccess(req, 'maintenance.create', { kind: 'camera', id });
    const body: MaintenanceReportDto = await deps.service.fileReport(request, actorOf(req));
    res.status(201).json(body);
  });
  r.get('/maintenance-reports', async (req, res) => {
    const query = parseInput(MaintenanceReportQuery, req.query, 'maintenance report query');
    await checkAccess(req, 'maintenance.read', { kind: 'clinic', id: query.clinicId });
    const body: MaintenanceReportDto[] = await deps.service.reports(query, scopeOf(req, 'maintenance.read'));
    res.json(body);
  });
  return r;
}
