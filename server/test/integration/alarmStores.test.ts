import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlarmDto, LedgerEntryDto, MaintenanceReportDto } from '@clinicwall/contract';
import { alarmStoreContract } from '../../src/domain/alarms/alarmStoreContract.ts';
import { ledgerStoreContract } from '../../src/domain/ledger/ledgerStoreContract.ts';
import { maintenanceStoreContract } from '../../src/domain/maintenance/maintenanceStoreContract.ts';
import { RedisAlarmStore } from '../../src/adapters/redis/alarmStore.ts';
import { RedisLedgerStore } from '../../src/adapters/redis/ledgerStore.ts';
import { RedisMaintenanceStore } from '../../src/adapters/redis/maintenanceStore.ts';
import { redisPerFile } from './helpers/redisServer.ts';

/** The store contracts the memory stores pass, run against a real redis-server (emptied per test). */
const redis = redisPerFile({ flush: false });

const empty = async () => {
  await redis.client.flushall();
  return redis.client;
};

alarmStoreContract('redis alarm store', async () => new RedisAlarmStore(await empty()));
ledgerStoreContract('redis ledger store', async () => new RedisLedgerStore(await empty()));
maintenanceStoreContract('redis maintenance store', async () => new RedisMaintenanceStore(await empty()));

test('an alarm, a maintenance report and a ledger entry written before Redis is killed (-9) are there after it restarts', async () => {
  const c = await empty();
  const alarms = new RedisAlarmStore(c);
  const reports = new RedisMaintenanceStore(c);
  const ledger = new RedisLedgerStore(c);
  const alarm = sample.alarm();
  await alarms.put(alarm);
  await reports.put(sample.report());
  await ledger.put(sample.entry(alarm.id));
  await redis.server.restart(); // kill -9, then start again from the AOF
  assert.deepEqual(await alarms.get(alarm.id), alarm);
  assert.deepEqual(
    (await alarms.open()).map((a) => a.id),
    [alarm.id],
  );
  assert.equal((await reports.ofCamera('cam-e1', 0))[0]?.reason, '更换交换机');
  assert.equal((await ledger.byAlarm(alarm.id))?.category, 1);
});

const sample = {
  alarm: (): AlarmDto => ({
    id: 'a-durable',
    cameraId: 'cam-e1',
    clinicId: 'c-e1',
    regionId: 'r-east',
    kind: 'signal_loss',
    state: 'active',
    onsetAt: 1000,
    activatedAt: 1250,
    acknowledgedAt: null,
    acknowledgedBy: null,
    escalatedAt: null,
    clearedAt: null,
    reported: false,
    coverage: [],
    snoozedUntil: null,
    violationId: null,
    history: [{ at: 1000, by: 'system', byRole: 'system', action: 'raised', from: null, to: 'pending', why: 'x' }],
  }),
  report: (): MaintenanceReportDto => ({
    id: 'r-durable',
    clinicId: 'c-e1',
    cameraIds: ['cam-e1'],
    startsAt: 1000,
    endsAt: 5000,
    reason: '更换交换机',
    createdAt: 500,
    createdBy: 'u',
    late: false,
  }),
  entry: (alarmId: string): LedgerEntryDto => ({
    id: 'e-durable',
    clinicId: 'c-e1',
    regionId: 'r-east',
    category: 1,
    origin: 'system',
    cameraIds: ['cam-e1'],
    alarmId,
    alarmKind: 'signal_loss',
    startedAt: 1000,
    endedAt: null,
    minutes: 10,
    note: '',
    createdAt: 2000,
    createdBy: 'system',
    annulled: null,
  }),
};
