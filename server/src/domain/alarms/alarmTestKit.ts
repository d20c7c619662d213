import type { AlarmEventDto, RegistrySnapshot } from '@clinicwall/contract';
import { MemoryAlarmStore } from '../../adapters/memory/alarmStore.ts';
import { MemoryLedgerStore } from '../../adapters/memory/ledgerStore.ts';
import { MemoryMaintenanceStore } from '../../adapters/memory/maintenanceStore.ts';
import { Ledger } from '../ledger/ledger.ts';
import { MaintenanceReports } from '../maintenance/maintenanceReports.ts';
import type { AlarmConfigOverrides } from './alarmConfig.ts';
import { AlarmEngine } from './alarmEngine.ts';
import type { Acting } from './alarmTransitions.ts';
import { directoryFromSnapshot } from './cameraDirectory.ts';

/** Shared fixtures of the alarm, maintenance and ledger specs. */

/** 09:00 in Beijing on a Monday. */
export const T0 = Date.parse('2026-11-23T09:00:00+08:00');
export const SEC = 1000;
export const MIN = 60_000;

export const operator: Acting = { id: 'u-op', role: 'operator' };
export const operator2: Acting = { id: 'u-op2', role: 'operator' };
export const supervisor: Acting = { id: 'u-sup', role: 'supervisor' };
export const clinicUser: Acting = { id: 'u-clinic', role: 'clinic' };

/** Two regions; clinic c-e1 (east) has cameras cam-e1 and cam-e2, clinic c-w1 (west) has cam-w1. */
export function testRegistry(): RegistrySnapshot {
  const ingest = { kind: 'ingest', main: 'rtsp://sim/main', sub: 'rtsp://sim/sub' } as const;
  return {
    regions: [
      { id: 'r-east', name: '东区', nameEn: 'East' },
      { id: 'r-west', name: '西区', nameEn: 'West' },
    ],
    clinics: [
      { id: 'c-e1', code: 'E1', regionId: 'r-east', name: '东一诊所', nameEn: 'East 1', level: 'clinic' },
      { id: 'c-w1', code: 'W1', regionId: 'r-west', name: '西一药店', nameEn: 'West 1', level: 'pharmacy' },
    ],
    cameras: [
      { id: 'cam-e1', clinicId: 'c-e1', name: '收费', nameEn: 'Cashier', area: 'cashier', source: ingest },
      { id: 'cam-e2', clinicId: 'c-e1', name: '诊室', nameEn: 'Room', area: 'consulting', source: ingest },
      { id: 'cam-w1', clinicId: 'c-w1', name: '药房', nameEn: 'Pharmacy', area: 'pharmacy', source: ingest },
    ],
    terminals: [],
  };
}

let counter = 0;
const nextId = (prefix: string) => () => `${prefix}-${++counter}`;

export interface KitStores {
  alarms: MemoryAlarmStore;
  maintenance: MemoryMaintenanceStore;
  ledger: MemoryLedgerStore;
}

export function memoryStores(): KitStores {
  return { alarms: new MemoryAlarmStore(), maintenance: new MemoryMaintenanceStore(), ledger: new MemoryLedgerStore() };
}

/** An engine (loaded) with its ledger and maintenance reports over memory stores (pass stores to "restart"). */
export async function alarmKit(config: AlarmConfigOverrides = {}, stores: KitStores = memoryStores()) {
  const snapshot = testRegistry();
  const cameras = directoryFromSnapshot(() => snapshot);
  const maintenance = new MaintenanceReports(stores.maintenance, cameras, { newId: nextId('report') });
  const ledger = new Ledger(stores.ledger, cameras, { newId: nextId('entry') });
  const engine = new AlarmEngine({
    store: stores.alarms,
    cameras,
    violations: ledger,
    maintenance,
    config,
    newId: nextId('alarm'),
  });
  await engine.load();
  return { engine, ledger, maintenance, stores, cameras };
}

/** Events as "type kind@camera" strings, easy to compare in a table. */
export const summary = (events: AlarmEventDto[]): string[] =>
  events.map((e) =>
    e.type === 'snoozed' ? `snoozed @${e.cameraId}` : `${e.type} ${e.alarm.kind}@${e.alarm.cameraId}`,
  );
