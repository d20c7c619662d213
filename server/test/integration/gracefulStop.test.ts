import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'node:http';
import { spawnServer } from './helpers/serverProcess.ts';
import { postSignedKeepAlive, swipeEnv, until, wireSwipe } from './helpers/swipeStack.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'clinicwall-stop-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('a stopping server answers the swipes under way and lets keep-alive senders go at once', async () => {
  const server = await spawnServer(swipeEnv(dir));
  // 32 senders posting back to back on keep-alive connections: the server is never without a request.
  let stopping = false;
  const statuses: number[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const sender = async (k: number) => {
    for (let i = 0; !stopping; i++) {
      try {
        const raw = JSON.stringify(wireSwipe({ swipeId: `keepalive-${k}-${i}` }));
        statuses.push((await postSignedKeepAlive(server.url, agent, raw)).status);
      } catch {
        return; // refused: the server has stopped listening
      }
    }
  };
  const senders = Array.from({ length: 32 }, (_, k) => sender(k));
  await until('posting', () => statuses.length >= 200);

  const t = performance.now();
  await server.stop(); // SIGTERM, until the process has exited
  const stopMs = performance.now() - t;
  stopping = true;
  await Promise.all(senders);
  agent.destroy();

  assert.deepEqual(
    statuses.filter((s) => s !== 201),
    [],
    'every swipe that reached the server was acknowledged, none cut off',
  );
  assert.ok(stopMs < 1000, `stopped in ${stopMs.toFixed(0)} ms, without the 1 s force-close of busy connections`);
});
