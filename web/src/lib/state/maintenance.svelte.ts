import type { MaintenanceReportDto, RegistrySnapshot } from '@clinicwall/contract';
import { createMaintenanceReport, fetchMaintenanceReports } from '../alarms/api.ts';
import {
  emptyReportForm,
  reportCreateBody,
  serverErrors,
  validateReportForm,
  type ReportErrors,
  type ReportForm,
} from '../maintenance/form.ts';
import { fetchRegistry } from '../registry.ts';
import { ApiError, describeApiError } from '../http/apiCall.ts';

export type LoadPhase = 'idle' | 'loading' | 'ready' | 'error';

/**
 * The /maintenance page: the report form (checked like the server checks it, the server's per-field
 * errors shown on their fields) and the chosen clinic's reports, newest window first.
 */
export class MaintenanceState {
  registry = $state.raw<RegistrySnapshot | null>(null);
  registryError = $state<string | null>(null);
  form = $state<ReportForm>(emptyReportForm(Date.now()));
  errors = $state.raw<ReportErrors>({});
  submitting = $state(false);
  /** The report just filed (the success message says whether it was late). */
  filed = $state.raw<MaintenanceReportDto | null>(null);
  reports = $state.raw<MaintenanceReportDto[]>([]);
  reportsPhase = $state<LoadPhase>('idle');
  reportsError = $state<string | null>(null);

  #abort: AbortController | null = null;

  async loadRegistry(): Promise<void> {
    try {
      this.registry = await fetchRegistry();
      this.registryError = null;
    } catch (error) {
      this.registryError = describeApiError(error);
    }
  }

  /** Picks the clinic (its camera choice starts empty) and loads its reports. */
  setClinic(clinicId: string, cameraIds: string[] = []): void {
    if (clinicId !== this.form.clinicId) this.filed = null;
    this.form.clinicId = clinicId;
    this.form.cameraIds = cameraIds;
    this.errors = {};
    void this.loadReports();
  }

  async loadReports(): Promise<void> {
    const clinicId = this.form.clinicId;
    this.#abort?.abort();
    if (!clinicId) {
      this.reports = [];
      this.reportsPhase = 'idle';
      return;
    }
    const abort = new AbortController();
    this.#abort = abort;
    this.reportsPhase = 'loading';
    this.reportsError = null;
    try {
      const list = await fetchMaintenanceReports(clinicId, abort.signal);
      if (abort.signal.aborted) return;
      this.reports = [...list].sort((a, b) => b.startsAt - a.startsAt || b.createdAt - a.createdAt);
      this.reportsPhase = 'ready';
    } catch (error) {
      if (abort.signal.aborted) return;
      this.reportsPhase = 'error';
      this.reportsError = describeApiError(error);
    }
  }

  /** Validates, sends, and on success resets the window and reason (clinic and cameras stay). */
  async submit(): Promise<boolean> {
    if (this.submitting) return false;
    this.filed = null;
    const errors = validateReportForm(this.form);
    this.errors = errors;
    if (Object.keys(errors).length > 0) return false;
    this.submitting = true;
    try {
      const report = await createMaintenanceReport(reportCreateBody(this.form));
      this.filed = report;
      const fresh = emptyReportForm(Date.now(), this.form.clinicId);
      this.form.startsAt = fresh.startsAt;
      this.form.endsAt = fresh.endsAt;
      this.form.reason = '';
      this.reports = [report, ...this.reports.filter((r) => r.id !== report.id)].sort(
        (a, b) => b.startsAt - a.startsAt || b.createdAt - a.createdAt,
      );
      if (this.reportsPhase !== 'ready') void this.loadReports();
      return true;
    } catch (error) {
      this.errors =
        error instanceof ApiError
          ? serverErrors(error.fields, error.message)
          : { form: { text: describeApiError(error) } };
      return false;
    } finally {
      this.submitting = false;
    }
  }

  stop(): void {
    this.#abort?.abort();
  }
}
