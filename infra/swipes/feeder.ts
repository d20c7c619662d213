/**
 * Demo feeder: posts a realistic signed swipe every few seconds to a random mapped terminal of the
 * demo cameras, so the wall shows swipes live. Now and then the "one person, several cards" pattern
 * (3-5 cards at one terminal within seconds), one card at two distant clinics within a minute, a
 * swipe dated while its clinic was closed, a stack of costly drugs (flagged once the clinic has its
 * usual: 30 swipes), a total that does not add up, or a terminal nobody mapped yet (listed for
 * admins). Stops on SIGINT/SIGTERM or after --minutes.
 *   node --import tsx infra/swipes/feeder.ts [--url http://127.0.0.1:8080] [--every 3] [--cameras 16] [--minutes 480]
 */
import { parseArgs } from 'node:util';
import { demoIntegration, postSigned } from './client.ts';
import { cardNumber, closedTime, demoTerminals, distantPair, sampleSwipe } from './sample.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    every: { type: 'string', default: '3' },
    cameras: { type: 'string', default: '16' },
    minutes: { type: 'string', default: '480' },
  },
});
const everyMs = Number(values.every) * 1000;
const until = Date.now() + Number(values.minutes) * 60_000;
const terminals = demoTerminals(Number(values.cameras));
if (terminals.length === 0) throw new Error('no mapped terminal among the demo cameras');
const integration = demoIntegration();
const rnd = Math.random;
const pickTerminal = () => terminals[Math.floor(rnd() * terminals.length)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let running = true;
for (const s of ['SIGINT', 'SIGTERM'] as const) process.on(s, () => (running = false));

async function post(body: unknown, what: string): Promise<void> {
  try {
    const res = await postSigned(values.url!, integration, body);
    if (res.status >= 300) console.warn(`[feeder] ${what}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  } catch (error) {
    console.warn(`[feeder] ${what}: ${(error as Error).message}`);
  }
}

console.log(`[feeder] posting a swipe every ~${values.every} s to ${terminals.length} terminals as ${integration.id}`);
while (running && Date.now() < until) {
  const { terminal, clinicCode, clinic } = pickTerminal();
  const dice = rnd();
  if (dice < 0.08) {
    // One person, several cards: 3-5 different cards at the same terminal within seconds.
    const n = 3 + Math.floor(rnd() * 3);
    for (let i = 0; i < n && running; i++) {
      await post(sampleSwipe(rnd, { terminalId: terminal.id, clinicCode, card: cardNumber(rnd) }), 'multi-card');
      await sleep(700 + rnd() * 800);
    }
  } else if (dice < 0.12) {
    // One card at two clinics kilometres apart, within a minute.
    const pair = distantPair(terminals, rnd);
    const card = cardNumber(rnd);
    for (const [i, t] of (pair ?? []).entries()) {
      if (i > 0) await sleep(5000 + rnd() * 40_000);
      if (!running) break;
      await post(sampleSwipe(rnd, { terminalId: t.terminal.id, clinicCode: t.clinicCode, card }), 'card travel');
    }
  } else if (dice < 0.15) {
    // Dated while the clinic was closed (a bill entered at night); a 24-hour clinic is skipped.
    const atMs = closedTime(clinic, Date.now());
    if (atMs !== null) await post(sampleSwipe(rnd, { terminalId: terminal.id, clinicCode, atMs }), 'after hours');
  } else if (dice < 0.18) {
    await post(sampleSwipe(rnd, { terminalId: terminal.id, clinicCode, costly: true }), 'costly');
  } else if (dice < 0.22) {
    await post(sampleSwipe(rnd, { terminalId: terminal.id, clinicCode, wrongTotal: true }), 'wrong total');
  } else if (dice < 0.25) {
    await post(sampleSwipe(rnd, { terminalId: `${terminal.id}-new`, clinicCode }), 'unmapped terminal');
  } else {
    await post(sampleSwipe(rnd, { terminalId: terminal.id, clinicCode }), 'swipe');
  }
  await sleep(everyMs * (0.5 + rnd()));
}
console.log('[feeder] stopped');
