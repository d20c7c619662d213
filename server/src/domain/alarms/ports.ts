import type {
  AlarmDto,
  AlarmKind,
  AlarmState,
  CameraSnoozeDto,
  LedgerEntryDto,
  MaintenanceReportDto,
} from '@clinicwall/contract';

export interface AlarmFilter {
  cameraId?: string;
  clinicId?: string;
  /** Only alarms of these clinics (the caller's scope). */
  clinicIds?: readonly string[];
  state?: AlarmState;
  kind?: AlarmKind;
  /** Onset at or after. */
  from?: number;
  /** Onset before. */
  to?: number;
  limit: number;
}

/**
 * Storage port of the alarm engine. Holds every alarm that became active (pending ones are never
 * stored) with its history, and the camera snoozes. Enough to rebuild the engine after a restart.
 */
export interface AlarmStore {
  /** Insert or replace by id. */
  put(alarm: AlarmDto): Promise<void>;
  get(id: string): Promise<AlarmDto | null>;
  /** Every alarm not cleared (active or acknowledged). */
  open(): Promise<AlarmDto[]>;
  /** Newest onset first. */
  list(filter: AlarmFilter): Promise<AlarmDto[]>;
  putSnooze(snooze: CameraSnoozeDto): Promise<void>;
  deleteSnooze(cameraId: string): Promise<void>;
  snoozes(): Promise<CameraSnoozeDto[]>;
}

/** Where unreported alarms become violations (the ledger). */
export interface ViolationRecorder {
  /** Opens the entry for an alarm unreported past the threshold (idempotent per alarm). */
  openFromAlarm(alarm: AlarmDto, at: number, unreportedMinutes: number): Promise<LedgerEntryDto>;
  /** The alarm cleared: the entry gets its end and its unreported minutes. */
  closeFromAlarm(entryId: string, endedAt: number, minutes: number): Promise<void>;
}

/** Read port over maintenance reports. */
export interface MaintenanceLookup {
  /** Reports naming this camera whose window ends after `after`. */
  reportsForCamera(cameraId: string, after: number): Promise<MaintenanceReportDto[]>;
}
