import { randomUUID } from 'node:crypto';
import type {
  AlarmDto,
  AnnulLedgerEntryRequest,
  ClinicLedgerReportDto,
  ClinicLedgerReportQuery,
  InspectorLedgerEntryCreate,
  LedgerEntryDto,
} from '@clinicwall/contract';
import { DomainError } from '../errors.ts';
import type { Acting } from '../alarms/alarmTransitions.ts';
import type { CameraDirectory } from '../alarms/cameraDirectory.ts';
import type { ViolationRecorder } from '../alarms/ports.ts';
import { CATEGORY_OF_KIND } from './categories.ts';
import { buildClinicReport } from './clinicReport.ts';
import { ledgerCsv } from './ledgerCsv.ts';
import type { LedgerStore } from './ledgerStore.ts';
import { CHINA_UTC_OFFSET_MINUTES, dayStart } from './localTime.ts';

/** An inspector may date an observation at most this far in the future (clock drift of a phone). */
const FUTURE_SLACK_MS = 5 * 60_000;

/**
 * The violations ledger per clinic. The alarm engine records categories 1 and 2 (ViolationRecorder);
 * inspectors add 3 to 5. Entries are never deleted: an annulment keeps the entry with who, when and
 * why. Who may write is the access policy's decision (ledger.write on the clinic).
 */
export class Ledger implements ViolationRecorder {
  readonly #store: LedgerStore;
  readonly #cameras: CameraDirectory;
  readonly #newId: () => string;
  readonly utcOffsetMinutes: number;

  constructor(
    store: LedgerStore,
    cameras: CameraDirectory,
    opts: { newId?: () => string; utcOffsetMinutes?: number } = {},
  ) {
    this.#store = store;
    this.#cameras = cameras;
    this.#newId = opts.newId ?? randomUUID;
    this.utcOffsetMinutes = opts.utcOffsetMinutes ?? CHINA_UTC_OFFSET_MINUTES;
  }

  async openFromAlarm(alarm: AlarmDto, at: number, unreportedMinutes: number): Promise<LedgerEntryDto> {
    const existing = await this.#store.byAlarm(alarm.id);
    if (existing) return existing;
    const entry: LedgerEntryDto = {
      id: this.#newId(),
      clinicId: alarm.clinicId,
      regionId: alarm.regionId,
      category: CATEGORY_OF_KIND[alarm.kind],
      origin: 'system',
      cameraIds: [alarm.cameraId],
      alarmId: alarm.id,
      alarmKind: alarm.kind,
      startedAt: alarm.onsetAt,
      endedAt: null,
      minutes: unreportedMinutes,
      note: `${alarm.kind} on ${alarm.cameraId}, unreported`,
      createdAt: at,
      createdBy: 'system',
      annulled: null,
    };
    await this.#store.put(entry);
    return entry;
  }

  async closeFromAlarm(entryId: string, endedAt: number, minutes: number): Promise<void> {
    const entry = await this.get(entryId);
    if (entry.endedAt === null) await this.#store.put({ ...entry, endedAt, minutes });
  }

  /** An inspector's entry of category 3, 4 or 5. */
  async addInspectorEntry(req: InspectorLedgerEntryCreate, actor: Acting, now: number): Promise<LedgerEntryDto> {
    const regionId = this.#cameras.clinicRegion(req.clinicId);
    if (regionId === null) throw new DomainError('not_found', `clinic ${req.clinicId} does not exist`);
    const fields: Record<string, string> = {};
    if (![3, 4, 5].includes(req.category)) fields.category = 'inspectors record categories 3, 4 or 5';
    if (req.occurredAt > now + FUTURE_SLACK_MS) fields.occurredAt = 'must not be in the future';
    req.cameraIds.forEach((id, i) => {
      if (this.#cameras.camera(id)?.clinicId !== req.clinicId)
        fields[`cameraIds.${i}`] = `${id} is not a camera of this clinic`;
    });
    if (Object.keys(fields).length) throw new DomainError('invalid_argument', 'the ledger entry is not valid', fields);
    const entry: LedgerEntryDto = {
      id: this.#newId(),
      clinicId: req.clinicId,
      regionId,
      category: req.category,
      origin: 'inspector',
      cameraIds: [...new Set(req.cameraIds)],
      alarmId: null,
      alarmKind: null,
      startedAt: req.occurredAt,
      endedAt: null,
      minutes: null,
      note: req.note,
      createdAt: now,
      createdBy: actor.id,
      annulled: null,
    };
    await this.#store.put(entry);
    return entry;
  }

  /** Annuls an entry (once): it stays in the ledger and the list, no longer counted. */
  async annul(req: AnnulLedgerEntryRequest, actor: Acting, now: number): Promise<LedgerEntryDto> {
    const entry = await this.get(req.entryId);
    if (entry.annulled)
      throw new DomainError('conflict', `entry ${entry.id} was already annulled by ${entry.annulled.by}`);
    const annulled = { ...entry, annulled: { at: now, by: actor.id, reason: req.reason } };
    await this.#store.put(annulled);
    return annulled;
  }

  async get(entryId: string): Promise<LedgerEntryDto> {
    const entry = await this.#store.get(entryId);
    if (!entry) throw new DomainError('not_found', `ledger entry ${entryId} does not exist`);
    return entry;
  }

  async clinicReport(clinicId: string, query: ClinicLedgerReportQuery, now: number): Promise<ClinicLedgerReportDto> {
    return buildClinicReport(clinicId, await this.#entries(clinicId, query), query, this.utcOffsetMinutes, now);
  }

  /** The report's entries (annulled ones included, marked) as CSV for Excel. */
  async clinicCsv(clinicId: string, query: ClinicLedgerReportQuery, now: number): Promise<string> {
    const report = await this.clinicReport(clinicId, query, now);
    return ledgerCsv(report.entries, this.utcOffsetMinutes, now);
  }

  async #entries(clinicId: string, query: ClinicLedgerReportQuery): Promise<LedgerEntryDto[]> {
    if (this.#cameras.clinicRegion(clinicId) === null)
      throw new DomainError('not_found', `clinic ${clinicId} does not exist`);
    const from = dayStart(query.from, this.utcOffsetMinutes);
    const to = dayStart(query.to, this.utcOffsetMinutes) + 86_400_000;
    return this.#store.list({ clinicId, from, to });
  }
}
