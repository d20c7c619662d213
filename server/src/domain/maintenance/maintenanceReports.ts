import { randomUUID } from 'node:crypto';
import {
  MAINTENANCE_MAX_WINDOW_HOURS,
  MAINTENANCE_MIN_WINDOW_MINUTES,
  type MaintenanceReportCreate,
  type MaintenanceReportDto,
} from '@clinicwall/contract';
import { DomainError } from '../errors.ts';
import type { Acting } from '../alarms/alarmTransitions.ts';
import type { CameraDirectory } from '../alarms/cameraDirectory.ts';
import type { MaintenanceLookup } from '../alarms/ports.ts';
import type { MaintenanceStore } from './maintenanceStore.ts';

export interface MaintenanceRules {
  minWindowMs: number;
  maxWindowMs: number;
  /** How far ahead a window may start. */
  maxAdvanceMs: number;
  /** A report filed this long after its start still counts as on time (the form takes a moment). */
  lateToleranceMs: number;
}

export const DEFAULT_MAINTENANCE_RULES: MaintenanceRules = {
  minWindowMs: MAINTENANCE_MIN_WINDOW_MINUTES * 60_000,
  maxWindowMs: MAINTENANCE_MAX_WINDOW_HOURS * 3_600_000,
  maxAdvanceMs: 30 * 86_400_000,
  lateToleranceMs: 60_000,
};

/**
 * Maintenance reports (报备). Who may file for which clinic is the access policy's decision
 * (maintenance.create on the clinic); this checks the report itself: the clinic exists, the cameras
 * are the clinic's, the window is sane and not over. A report for a window already begun is
 * accepted and marked late.
 */
export class MaintenanceReports implements MaintenanceLookup {
  readonly #store: MaintenanceStore;
  readonly #cameras: CameraDirectory;
  readonly #rules: MaintenanceRules;
  readonly #newId: () => string;

  constructor(
    store: MaintenanceStore,
    cameras: CameraDirectory,
    opts: { rules?: Partial<MaintenanceRules>; newId?: () => string } = {},
  ) {
    this.#store = store;
    this.#cameras = cameras;
    this.#rules = { ...DEFAULT_MAINTENANCE_RULES, ...opts.rules };
    this.#newId = opts.newId ?? randomUUID;
  }

  /** Validates and stores a report; then hand it to AlarmEngine.applyReport so open alarms see it. */
  async create(req: MaintenanceReportCreate, actor: Acting, now: number): Promise<MaintenanceReportDto> {
    if (this.#cameras.clinicRegion(req.clinicId) === null)
      throw new DomainError('not_found', `clinic ${req.clinicId} does not exist`);
    const fields = this.#problems(req, now);
    if (Object.keys(fields).length)
      throw new DomainError('invalid_argument', 'the maintenance report is not valid', fields);
    const report: MaintenanceReportDto = {
      id: this.#newId(),
      clinicId: req.clinicId,
      cameraIds: [...req.cameraIds],
      startsAt: req.startsAt,
      endsAt: req.endsAt,
      reason: req.reason,
      createdAt: now,
      createdBy: actor.id,
      late: now - req.startsAt > this.#rules.lateToleranceMs,
    };
    await this.#store.put(report);
    return report;
  }

  async get(id: string): Promise<MaintenanceReportDto> {
    const report = await this.#store.get(id);
    if (!report) throw new DomainError('not_found', `maintenance report ${id} does not exist`);
    return report;
  }

  /** A clinic's reports whose window overlaps [from, to). */
  ofClinic(clinicId: string, from: number, to: number): Promise<MaintenanceReportDto[]> {
    return this.#store.ofClinic(clinicId, from, to);
  }

  reportsForCamera(cameraId: string, after: number): Promise<MaintenanceReportDto[]> {
    return this.#store.ofCamera(cameraId, after);
  }

  #problems(req: MaintenanceReportCreate, now: number): Record<string, string> {
    const r = this.#rules;
    const fields: Record<string, string> = {};
    const length = req.endsAt - req.startsAt;
    if (!Number.isFinite(req.startsAt)) fields.startsAt = 'not a time';
    if (!Number.isFinite(req.endsAt)) fields.endsAt = 'not a time';
    else if (length <= 0) fields.endsAt = 'must be after startsAt';
    else if (length < r.minWindowMs) fields.endsAt = `the window must last at least ${r.minWindowMs / 60_000} minutes`;
    else if (length > r.maxWindowMs) fields.endsAt = `the window may last at most ${r.maxWindowMs / 3_600_000} hours`;
    else if (req.endsAt <= now) fields.endsAt = 'the window is already over; a past outage cannot be reported';
    if (req.startsAt - now > r.maxAdvanceMs) fields.startsAt = `at most ${r.maxAdvanceMs / 86_400_000} days ahead`;
    if (req.cameraIds.length === 0) fields.cameraIds = 'at least one camera';
    req.cameraIds.forEach((id, i) => {
      if (this.#cameras.camera(id)?.clinicId !== req.clinicId)
        fields[`cameraIds.${i}`] = `${id} is not a camera of this clinic`;
    });
    return fields;
  }
}
