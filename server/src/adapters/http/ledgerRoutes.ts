import express, { type Request, type Router } from 'express';
import {
  AnnulLedgerEntryRequest,
  ClinicLedgerReportQuery,
  InspectorLedgerEntryCreate,
  type ClinicLedgerReportDto,
  type LedgerEntryDto,
} from '@clinicwall/contract';
import type { AccessAction } from '@clinicwall/contract';
import { actorOf, checkAccess } from './actor.ts';
import type { AlarmHttpDeps } from './alarmRoutes.ts';
import { parseInput, withPathParam } from './parseInput.ts';

/** The clinic of the path, if the caller may do `action` on it (forbidden and audited otherwise). */
async function clinicOf(req: Request, action: AccessAction): Promise<string> {
  const clinicId = String(req.params.clinicId);
  await checkAccess(req, action, { kind: 'clinic', id: clinicId });
  return clinicId;
}

/**
 * The violations ledger: a clinic's report (JSON) and its CSV export over local days, inspectors'
 * entries, and annulments (entries are never deleted).
 */
export function createLedgerRouter(deps: AlarmHttpDeps): Router {
  const now = deps.now ?? Date.now;
  const r = express.Router();
  r.get('/clinics/:clinicId/ledger', async (req, res) => {
    const clinicId = await clinicOf(req, 'ledger.read');
    const query = parseInput(ClinicLedgerReportQuery, req.query, 'ledger report query');
    const body: ClinicLedgerReportDto = await deps.ledger.clinicReport(clinicId, query, now());
    res.json(body);
  });
  r.get('/clinics/:clinicId/ledger.csv', async (req, res) => {
    const clinicId = await clinicOf(req, 'ledger.read');
    const query = parseInput(ClinicLedgerReportQuery, req.query, 'ledger report query');
    const csv = await deps.ledger.clinicCsv(clinicId, query, now());
    res.type('text/csv; charset=utf-8');
    res.attachment(`ledger-${clinicId}-${query.from}-${query.to}.csv`);
    res.send(csv);
  });
  r.post('/clinics/:clinicId/ledger', async (req, res) => {
    const clinicId = await clinicOf(req, 'ledger.write');
    const request = parseInput(
      InspectorLedgerEntryCreate,
      withPathParam(req.body, 'clinicId', clinicId),
      'ledger entry',
    );
    const body: LedgerEntryDto = await deps.ledger.addInspectorEntry(request, actorOf(req), now());
    res.status(201).json(body);
  });
  r.post('/ledger/:entryId/annul', async (req, res) => {
    const entryId = String(req.params.entryId);
    const request = parseInput(AnnulLedgerEntryRequest, withPathParam(req.body, 'entryId', entryId), 'annulment');
    await checkAccess(req, 'ledger.write', { kind: 'clinic', id: (await deps.ledger.get(entryId)).clinicId });
    const body: LedgerEntryDto = await deps.ledger.annul(request, actorOf(req), now());
    res.json(body);
  });
  return r;
}
