/**
 * Posts one signed sample swipe (or a few) to a running ClinicWall, as the insurance system would.
 *   npm run -s swipe -- [--url http://127.0.0.1:8080] [--terminal t-01-1] [--card 6222021234567890123]
 *                       [--count 1] [--cameras 16]
 * The integration id and secret come from SWIPE_INTEGRATIONS, or var/secrets.env (written by demo.sh).
 */
import { parseArgs } from 'node:util';
import { demoIntegration, postSigned } from './client.ts';
import { demoTerminals, sampleSwipe } from './sample.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.CLINICWALL_URL ?? 'http://127.0.0.1:8080' },
    terminal: { type: 'string' },
    clinic: { type: 'string' },
    card: { type: 'string' },
    count: { type: 'string', default: '1' },
    cameras: { type: 'string', default: process.env.DEMO_CAMERAS ?? '16' },
  },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1 || count > 500) throw new Error('--count must be 1 to 500');
const terminals = demoTerminals(Number(values.cameras));
const known = terminals.find((t) => t.terminal.id === (values.terminal ?? terminals[0]?.terminal.id));
const terminalId = values.terminal ?? known?.terminal.id;
const clinicCode = values.clinic ?? known?.clinicCode;
if (!terminalId || !clinicCode) throw new Error('unknown terminal: pass --clinic <clinic code> too');
const swipes = Array.from({ length: count }, () =>
  sampleSwipe(Math.random, { terminalId, clinicCode, ...(values.card ? { card: values.card } : {}) }),
);
const res = await postSigned(values.url!, demoIntegration(), count === 1 ? swipes[0] : { swipes });
console.log(`HTTP ${res.status}`);
console.log(JSON.stringify(res.body, null, 2));
process.exitCode = res.status < 300 ? 0 : 1;
