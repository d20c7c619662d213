/** Redis key names of alarms, maintenance reports and the violations ledger, all under `cw:`. */
export const ALARM_KEYS = {
  alarms: {
    /** Hash: alarm id → AlarmDto JSON (every alarm that became active, with its history). */
    byId: 'cw:alarms:byId',
    /** Set: ids of alarms not cleared. */
    open: 'cw:alarms:open',
    /** Sorted sets: alarm id → onsetAt, for all alarms and per camera / clinic. */
    byOnset: 'cw:alarms:onset',
    cameraOnset: (cameraId: string) => `cw:alarms:onset:cam:${cameraId}`,
    clinicOnset: (clinicId: string) => `cw:alarms:onset:clinic:${clinicId}`,
    /** Hash: camera id → CameraSnoozeDto JSON. */
    snoozes: 'cw:alarms:snoozes',
  },
  leader: {
    /** String: the alarm leader's lease (its token), with a TTL the leader keeps renewing. */
    lease: 'cw:alarms:leader',
    /** Stream: what every server process sends the alarm leader (verdicts, liveness, requests). */
    inbox: 'cw:alarms:inbox',
    /** String: the id of the last inbox entry a leader handled (the next leader starts after it). */
    cursor: 'cw:alarms:inbox:cursor',
    /** Pub/sub channel per process: the leader's answers to its requests. */
    replies: (origin: string) => `cw:alarms:replies:${origin}`,
  },
  maintenance: {
    /** Hash: report id → MaintenanceReportDto JSON. */
    byId: 'cw:maintenance:byId',
    /** Sorted set per clinic: report id → startsAt. */
    clinicStarts: (clinicId: string) => `cw:maintenance:clinic:${clinicId}`,
    /** Sorted set per camera: report id → endsAt. */
    cameraEnds: (cameraId: string) => `cw:maintenance:cam:${cameraId}`,
  },
  ledger: {
    /** Hash: entry id → LedgerEntryDto JSON. Never deleted from. */
    byId: 'cw:ledger:byId',
    /** Hash: alarm id → the id of the system entry recorded for it. */
    byAlarm: 'cw:ledger:byAlarm',
    /** Sorted sets: entry id → startedAt, for all entries and per clinic. */
    byStart: 'cw:ledger:started',
    clinicStarts: (clinicId: string) => `cw:ledger:started:clinic:${clinicId}`,
  },
} as const;
