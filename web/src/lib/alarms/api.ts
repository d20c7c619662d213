import type {
  AlarmDto,
  AnnulLedgerEntryRequest,
  ClinicLedgerReportDto,
  InspectorLedgerEntryCreateInput,
  LedgerEntryDto,
  MaintenanceReportCreateInput,
  MaintenanceReportDto,
} from '@clinicwall/contract';
import { apiCall as call } from '../http/apiCall.ts';
import type { DateRange } from '../ledger/range.ts';

/** HTTP calls of the alarm, maintenance-report and ledger pages (http/apiCall.ts: errors, 401). */
const enc = encodeURIComponent;

export interface AlarmListQuery {
  cameraId?: string;
  clinicId?: string;
  state?: AlarmDto['state'];
  kind?: AlarmDto['kind'];
  from?: number;
  to?: number;
  limit?: number;
}

/** GET /api/v1/alarms (newest first). */
export function fetchAlarms(query: AlarmListQuery, signal?: AbortSignal): Promise<AlarmDto[]> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  return call<AlarmDto[]>(`/api/v1/alarms?${params.toString()}`, { signal });
}

/** POST /api/v1/maintenance-reports. */
export function createMaintenanceReport(body: MaintenanceReportCreateInput): Promise<MaintenanceReportDto> {
  return call<MaintenanceReportDto>('/api/v1/maintenance-reports', { method: 'POST', body: JSON.stringify(body) });
}

/** GET /api/v1/maintenance-reports?clinicId= */
export function fetchMaintenanceReports(clinicId: string, signal?: AbortSignal): Promise<MaintenanceReportDto[]> {
  return call<MaintenanceReportDto[]>(`/api/v1/maintenance-reports?clinicId=${enc(clinicId)}`, { signal });
}

const rangeQuery = (range: DateRange) => new URLSearchParams({ from: range.from, to: range.to }).toString();

/** GET /api/v1/clinics/:clinicId/ledger?from&to */
export function fetchClinicLedger(
  clinicId: string,
  range: DateRange,
  signal?: AbortSignal,
): Promise<ClinicLedgerReportDto> {
  return call<ClinicLedgerReportDto>(`/api/v1/clinics/${enc(clinicId)}/ledger?${rangeQuery(range)}`, { signal });
}

/** The CSV download of the same report (a plain link: the browser downloads it). */
export function clinicLedgerCsvHref(clinicId: string, range: DateRange): string {
  return `/api/v1/clinics/${enc(clinicId)}/ledger.csv?${rangeQuery(range)}`;
}

/** POST /api/v1/clinics/:clinicId/ledger (an inspector's entry, categories 3-5). */
export function createLedgerEntry(body: InspectorLedgerEntryCreateInput): Promise<LedgerEntryDto> {
  return call<LedgerEntryDto>(`/api/v1/clinics/${enc(body.clinicId)}/ledger`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
}

/** POST /api/v1/ledger/:entryId/annul */
export function annulLedgerEntry(req: AnnulLedgerEntryRequest): Promise<LedgerEntryDto> {
  return call<LedgerEntryDto>(`/api/v1/ledger/${enc(req.entryId)}/annul`, {
    method: 'POST',
    body: JSON.stringify(req),
  });
}
