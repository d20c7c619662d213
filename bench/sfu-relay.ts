/**
 * SFU relay capacity: C cameras × V viewers on this machine, CPU per consumer.
 *   node --import tsx bench/sfu-relay.ts [--cameras 100] [--viewers 10] [--seconds 20]
 * Cameras: one ffmpeg loops a 320x180 H.264 clip (the substream a wall tile consumes) to C
 * PlainTransports. Viewers: SRTP PlainTransports (encryption cost like WebRTC) sending to a UDP sink.
 */
import { createSocket } from 'node:dgram';
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { Sfu, defaultSfuConfig } from '@clinicwall/sfu';
import type { types } from 'mediasoup';
import { ingestRtpParameters } from '../sfu/src/codecs.ts';
import { cpuDelta, cpuTimes, ensureClip, rtpFanout, sleep } from './lib.ts';

const { values } = parseArgs({
  options: {
    cameras: { type: 'string', default: '100' },
    viewers: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '20' },
  },
});
const C = Number(values.cameras),
  V = Number(values.viewers),
  SECONDS = Number(values.seconds);

const sfu = await Sfu.start(defaultSfuConfig({ numWorkers: cpus().length, rtcMinPort: 20000, rtcMaxPort: 59999 }));
const routers = sfu.pool.routers;
const sink = createSocket('udp4');
sink.on('message', () => undefined);
await new Promise<void>((r) => sink.bind(0, '127.0.0.1', () => r()));
const sinkPort = sink.address().port;

const producers: { producer: types.Producer; router: types.Router }[] = [];
const targets = [];
for (let i = 0; i < C; i++) {
  const router = routers[i % routers.length]!;
  const t = await router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
    rtcpMux: false,
    comedia: true,
  });
  const ssrc = 1000 + i;
  producers.push({ producer: await t.produce({ kind: 'video', rtpParameters: ingestRtpParameters(ssrc) }), router });
  targets.push({ ip: '127.0.0.1', port: t.tuple.localPort, rtcpPort: t.rtcpTuple!.localPort, ssrc });
}
const clip = ensureClip('sub-320x180', '320x180', '150k');
const feeder = rtpFanout(clip, targets);

// Viewers are spread over the routers like wall transports; a producer is piped once per router.
const consumers: types.Consumer[] = (
  await Promise.all(
    producers.map(async ({ producer, router }, i) => {
      const out: types.Consumer[] = [];
      for (const target of routers) {
        if (target !== router) await router.pipeToRouter({ producerId: producer.id, router: target });
      }
      for (let k = 0; k < V; k++) {
        const target = routers[(i * V + k) % routers.length]!;
        const t = await target.createPlainTransport({
          listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
          rtcpMux: true,
          comedia: false,
          enableSrtp: true,
        });
        await t.connect({ ip: '127.0.0.1', port: sinkPort, srtpParameters: t.srtpParameters });
        out.push(await t.consume({ producerId: producer.id, rtpCapabilities: target.rtpCapabilities }));
      }
      return out;
    }),
  )
).flat();
await sleep(3000);
const workerPids = (await sfu.pool.usage()).map((u) => u.pid);
const before = { t: Date.now(), workers: cpuTimes(workerPids), feeder: cpuTimes([feeder.pid!]) };
const pktBefore = await Promise.all(consumers.map(async (c) => (await c.getStats())[0]?.packetCount ?? 0));
await sleep(SECONDS * 1000);
const pktAfter = await Promise.all(consumers.map(async (c) => (await c.getStats())[0]?.packetCount ?? 0));
const wall = (Date.now() - before.t) / 1000;
const workerCpu = cpuDelta(before.workers, cpuTimes(workerPids)) / wall;
const feederCpu = cpuDelta(before.feeder, cpuTimes([feeder.pid!])) / wall;
const sent = pktAfter.reduce((n, p, i) => n + p - pktBefore[i]!, 0);
const starving = pktAfter.filter((p, i) => p - pktBefore[i]! === 0).length;

console.log(
  `SFU relay: ${C} cameras × ${V} viewers = ${consumers.length} consumers on ${routers.length} workers (${cpus().length} cores)`,
);
console.log(
  `  packets forwarded: ${(sent / wall).toFixed(0)}/s (${(sent / wall / consumers.length).toFixed(1)}/s per consumer), consumers receiving nothing: ${starving}`,
);
console.log(
  `  mediasoup workers CPU: ${(workerCpu * 100).toFixed(1)} % of one core (${((workerCpu / cpus().length) * 100).toFixed(1)} % of the machine)`,
);
console.log(
  `  CPU per consumer: ${((workerCpu * 1000) / consumers.length).toFixed(2)} ms/s (${((workerCpu * 100) / consumers.length).toFixed(3)} % of a core)`,
);
console.log(`  camera feeder (ffmpeg copy, not SFU): ${(feederCpu * 100).toFixed(1)} % of one core`);
feeder.kill('SIGKILL');
sink.close();
sfu.close();
process.exit(0);
