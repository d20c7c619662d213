import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MaintenanceReportCreate, type AlarmKind } from '@clinicwall/contract';
import { alarmKit, clinicUser, MIN, summary } from './alarmTestKit.ts';

/** A time on the test day, Beijing time. */
const at = (hhmm: string) => Date.parse(`2026-11-23T${hhmm}:00+08:00`);
const reportReq = (from: string, to: string, cameraIds = ['cam-e1']) =>
  MaintenanceReportCreate.parse({
    clinicId: 'c-e1',
    cameraIds,
    startsAt: `2026-11-23T${from}:00+08:00`,
    endsAt: `2026-11-23T${to}:00+08:00`,
    reason: '更换交换机',
  });

/** The camera goes dark at `from` and comes back at `to`; ticks every minute in between. */
async function outage(kit: Awaited<ReturnType<typeof alarmKit>>, from: number, to: number) {
  const events = [...(await kit.engine.observeFeed('cam-e1', 'no_signal', from))];
  for (let t = from + MIN / 2; t < to; t += MIN / 2) events.push(...(await kit.engine.tick(t)));
  events.push(...(await kit.engine.observeFeed('cam-e1', 'live', to)));
  events.push(...(await kit.engine.tick(to + kit.engine.config.signalClearHoldMs)));
  return events;
}

test('violations: an unreported alarm becomes a ledger entry once it lasts past the threshold, in the kind category', async () => {
  const cases: [AlarmKind, 1 | 2][] = [
    ['signal_loss', 1],
    ['blank', 1],
    ['frozen', 2],
    ['occluded', 2],
    ['redirected', 2],
  ];
  for (const [kind, category] of cases) {
    const { engine, ledger } = await alarmKit({ violationAfterMs: 10 * MIN, escalateAfterMs: 60 * MIN });
    if (kind === 'signal_loss') await engine.observeFeed('cam-e1', 'no_signal', at('09:00'));
    else await engine.observePicture('cam-e1', 'wall-a', kind, at('09:00'));
    await engine.tick(at('09:00') + 5000);
    assert.equal(engine.nextDueAt(at('09:00') + 5000), at('09:10'), `${kind}: counted from the onset`);
    assert.deepEqual(
      summary(await engine.tick(at('09:10') - 1)).filter((s) => s.startsWith('violation')),
      [],
      kind,
    );
    const events = await engine.tick(at('09:10'));
    assert.deepEqual(summary(events), [`violation ${kind}@cam-e1`], kind);
    const alarm = events[0]!.type === 'violation' ? events[0]!.alarm : null;
    const entry = await ledger.get(alarm!.violationId!);
    assert.deepEqual(
      [entry.category, entry.origin, entry.clinicId, entry.regionId, entry.alarmId, entry.startedAt, entry.minutes],
      [category, 'system', 'c-e1', 'r-east', alarm!.id, at('09:00'), 10],
      kind,
    );
    assert.equal(alarm!.history.at(-1)?.why, 'unreported_past_threshold');
  }
});

test('an alarm that clears before the threshold is no violation; one that clears after gets its final minutes', async () => {
  const short = await alarmKit();
  await outage(short, at('09:00'), at('09:09'));
  assert.deepEqual(await short.stores.ledger.list({}), []);

  const long = await alarmKit();
  await outage(long, at('09:00'), at('09:42'));
  const [entry] = await long.stores.ledger.list({});
  assert.deepEqual([entry?.category, entry?.endedAt, entry?.minutes], [1, at('09:42'), 42]);
});

test('maintenance windows: inside never a violation; partly inside counts only the time outside; a late report excuses only from when it was filed', async () => {
  const cases: {
    name: string;
    report: [string, string];
    filedAt: string;
    outage: [string, string];
    reported: boolean;
    late: boolean;
    /** Escalation waits while inside a window. */
    escalations: number;
    minutes: number | null;
  }[] = [
    {
      name: 'inside',
      report: ['10:00', '12:00'],
      filedAt: '08:00',
      outage: ['10:30', '11:30'],
      reported: true,
      late: false,
      escalations: 0,
      minutes: null,
    },
    {
      name: 'overruns the window',
      report: ['10:00', '10:30'],
      filedAt: '08:00',
      outage: ['10:20', '11:00'],
      reported: true,
      late: false,
      escalations: 1,
      minutes: 30,
    },
    {
      name: 'starts before the window',
      report: ['10:05', '12:00'],
      filedAt: '08:00',
      outage: ['10:00', '11:00'],
      reported: true,
      late: false,
      escalations: 1,
      minutes: null,
    },
    {
      name: 'other window',
      report: ['13:00', '14:00'],
      filedAt: '08:00',
      outage: ['10:00', '10:30'],
      reported: false,
      late: false,
      escalations: 1,
      minutes: 30,
    },
    {
      name: 'late, filed soon',
      report: ['09:55', '12:00'],
      filedAt: '10:04',
      outage: ['10:00', '11:00'],
      reported: true,
      late: true,
      escalations: 1,
      minutes: null,
    },
    {
      name: 'late, filed after the threshold',
      report: ['09:55', '12:00'],
      filedAt: '10:15',
      outage: ['10:00', '11:00'],
      reported: true,
      late: true,
      escalations: 1,
      minutes: 15,
    },
  ];
  for (const c of cases) {
    const kit = await alarmKit({ violationAfterMs: 10 * MIN });
    const start = at(c.outage[0]);
    const end = at(c.outage[1]);
    const filedAt = at(c.filedAt);
    const events = [];
    if (filedAt <= start) {
      const report = await kit.maintenance.create(reportReq(...c.report), clinicUser, filedAt);
      events.push(...(await kit.engine.applyReport(report, filedAt)));
    }
    events.push(...(await kit.engine.observeFeed('cam-e1', 'no_signal', start)));
    for (let t = start + MIN / 2; t < end; t += MIN / 2) {
      if (t === filedAt) {
        const report = await kit.maintenance.create(reportReq(...c.report), clinicUser, filedAt);
        assert.equal(report.late, c.late, c.name);
        events.push(...(await kit.engine.applyReport(report, filedAt)));
      }
      events.push(...(await kit.engine.tick(t)));
    }
    events.push(...(await kit.engine.observeFeed('cam-e1', 'live', end)));
    events.push(...(await kit.engine.tick(end + kit.engine.config.signalClearHoldMs)));
    const alarm = (await kit.stores.alarms.list({ limit: 5 }))[0]!;
    assert.equal(alarm.reported, c.reported, `${c.name}: reported`);
    assert.equal(events.filter((e) => e.type === 'escalated').length, c.escalations, `${c.name}: escalated`);
    const entries = await kit.stores.ledger.list({});
    assert.deepEqual(
      entries.map((e) => e.minutes),
      c.minutes === null ? [] : [c.minutes],
      `${c.name}: violation minutes`,
    );
  }
});

test('a report filed while an alarm is open marks it reported at once, with a history entry naming the report', async () => {
  const kit = await alarmKit();
  await kit.engine.observeFeed('cam-e1', 'no_signal', at('09:00'));
  await kit.engine.tick(at('09:01'));
  const report = await kit.maintenance.create(reportReq('08:55', '11:00'), clinicUser, at('09:03'));
  const events = await kit.engine.applyReport(report, at('09:03'));
  assert.deepEqual(summary(events), ['reported signal_loss@cam-e1']);
  const alarm = events[0]!.type === 'reported' ? events[0]!.alarm : null;
  assert.deepEqual(alarm?.coverage, [{ reportId: report.id, from: at('09:03'), to: at('11:00'), late: true }]);
  assert.equal(alarm?.history.at(-1)?.why, `maintenance_report:${report.id}`);
  assert.deepEqual(await kit.engine.applyReport(report, at('09:04')), [], 'the same report twice changes nothing');
  assert.equal(kit.engine.current()[0]?.coverage.length, 1, 'covered once');
  const other = await kit.maintenance.create(reportReq('08:55', '11:00', ['cam-e2']), clinicUser, at('09:04'));
  assert.deepEqual(await kit.engine.applyReport(other, at('09:04')), [], 'another camera: not this alarm');
});
