#!/usr/bin/env node
// End-to-end check of a mediasoup-worker binary built by build-worker.sh.
//
//   MEDIASOUP_WORKER_BIN="$(infra/mediasoup/build-worker.sh)" node infra/mediasoup/check-worker.mjs
//
// Everything runs on 127.0.0.1. Checks (each prints PASS/FAIL):
//   1. worker + router (VP8, H264) start
//   2. WebRtcTransport on 127.0.0.1 has ICE candidates and DTLS parameters
//   3. DTLS handshake against the worker (openssl s_client through a tiny
//      STUN/ICE relay): exercises the DTLS BIO fix; a crash fails the check
//   4. ffmpeg VP8 RTP -> PlainTransport (comedia, rtcpMux false) -> bytes received
//   5. ffmpeg H264 RTP -> PlainTransport -> bytes received
//   6. ffmpeg SRTP (AES_CM_128_HMAC_SHA1_80) -> PlainTransport(enableSrtp) -> bytes
//   7. worker-to-worker SRTP for every suite (AES_CM_128_HMAC_SHA1_80/_32,
//      AEAD_AES_128_GCM, AEAD_AES_256_GCM): consumer on one SRTP PlainTransport
//      -> producer on another; exercises protect + unprotect (RTP and RTCP)
// Exits 0 only if everything passed. Requires ffmpeg (libvpx, libx264), openssl.
import { spawn, execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const FEED_SECONDS = 3;
const LOOPBACK = '127.0.0.1';

const results = [];
function record(name, ok, detail = '') {
  results.push({ name, ok });
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? `  (${detail})` : ''}`);
}

async function check(name, fn) {
  try {
    const detail = await fn();
    record(name, true, detail ?? '');
  } catch (error) {
    record(name, false, error instanceof Error ? error.message : String(error));
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

if (!process.env.MEDIASOUP_WORKER_BIN) {
  console.error('FAIL  MEDIASOUP_WORKER_BIN is not set (use the path printed by build-worker.sh)');
  process.exit(2);
}

// mediasoup reads MEDIASOUP_WORKER_BIN when it is loaded: import it afterwards.
const mediasoup = await import('mediasoup');

// For an AddressSanitizer worker (build-worker.sh --asan): collect sanitizer
// reports (including leaks at exit) in a folder and fail if any appear.
// Harmless for a normal worker, which ignores ASAN_OPTIONS.
const sanitizerDir = mkdtempSync(join(tmpdir(), 'clinicwall-asan-'));
process.env.ASAN_OPTIONS = [process.env.ASAN_OPTIONS, `log_path=${join(sanitizerDir, 'report')}`]
  .filter(Boolean)
  .join(':');

const mediaCodecs = [
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000 },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: {
      'packetization-mode': 1,
      'profile-level-id': '42e01f',
      'level-asymmetry-allowed': 1,
    },
  },
];

const children = new Set();
function run(cmd, args) {
  const child = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  children.add(child);
  const done = new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: -1, stderr: String(error) }));
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve({ code: code ?? signal, stderr });
    });
  });
  return { child, done };
}

function ffmpegFeed({ codec, payloadType, ssrc, url, extra = [] }) {
  const enc =
    codec === 'vp8'
      ? ['-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '300k', '-g', '15']
      : [
          '-c:v',
          'libx264',
          '-preset',
          'ultrafast',
          '-tune',
          'zerolatency',
          '-profile:v',
          'baseline',
          '-pix_fmt',
          'yuv420p',
          '-g',
          '15',
        ];
  return run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-re',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x180:rate=15',
    '-t',
    String(FEED_SECONDS),
    '-an',
    ...enc,
    '-payload_type',
    String(payloadType),
    '-ssrc',
    String(ssrc),
    '-f',
    'rtp',
    ...extra,
    url,
  ]);
}

async function receivedBytes(producer) {
  const stats = await producer.getStats();
  return stats.reduce((sum, s) => sum + (s.byteCount ?? 0), 0);
}

// ---------------------------------------------------------------------------
// Minimal STUN Binding request (RFC 5389/8445) so the ICE-lite WebRtcTransport
// accepts our UDP 5-tuple, then relay DTLS between it and openssl s_client.
// ---------------------------------------------------------------------------
const CRC_TABLE = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

function stunBindingRequest({ username, password }) {
  const attr = (type, value) => {
    const pad = (4 - (value.length % 4)) % 4;
    const b = Buffer.alloc(4 + value.length + pad);
    b.writeUInt16BE(type, 0);
    b.writeUInt16BE(value.length, 2);
    value.copy(b, 4);
    return b;
  };
  const header = (bodyLen) => {
    const h = Buffer.alloc(20);
    h.writeUInt16BE(0x0001, 0); // Binding request
    h.writeUInt16BE(bodyLen, 2);
    h.writeUInt32BE(0x2112a442, 4);
    txId.copy(h, 8);
    return h;
  };
  const txId = randomBytes(12);
  const priority = Buffer.alloc(4);
  priority.writeUInt32BE(0x6e7f1eff);
  let body = Buffer.concat([
    attr(0x0006, Buffer.from(username)), // USERNAME
    attr(0x0024, priority), // PRIORITY
    attr(0x802a, randomBytes(8)), // ICE-CONTROLLING
    attr(0x0025, Buffer.alloc(0)), // USE-CANDIDATE
  ]);
  // MESSAGE-INTEGRITY: HMAC-SHA1 with the length field covering MI itself.
  const mi = createHmac('sha1', password)
    .update(Buffer.concat([header(body.length + 24), body]))
    .digest();
  body = Buffer.concat([body, attr(0x0008, mi)]);
  // FINGERPRINT: CRC32 xor 0x5354554e, length field covering it.
  const fp = Buffer.alloc(4);
  fp.writeUInt32BE((crc32(Buffer.concat([header(body.length + 8), body])) ^ 0x5354554e) >>> 0);
  body = Buffer.concat([body, attr(0x8028, fp)]);
  return Buffer.concat([header(body.length), body]);
}

function waitFor(emitter, event, predicate, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, onEvent);
      reject(new Error(`timeout waiting for ${what}`));
    }, timeoutMs);
    function onEvent(...args) {
      if (predicate(...args)) {
        clearTimeout(timer);
        emitter.off(event, onEvent);
        resolve(args[0]);
      }
    }
    emitter.on(event, onEvent);
  });
}

async function dtlsHandshake(router, worker) {
  const dir = mkdtempSync(join(tmpdir(), 'clinicwall-dtls-'));
  const toWorker = dgram.createSocket('udp4');
  const toClient = dgram.createSocket('udp4');
  let transport;
  try {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-subj',
        '/CN=clinicwall-check',
        '-days',
        '1',
      ],
      { stdio: 'ignore' },
    );
    const fingerprint = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', cert])
      .toString()
      .trim()
      .split('=')[1];

    transport = await router.createWebRtcTransport({
      listenInfos: [{ protocol: 'udp', ip: LOOPBACK }],
    });
    const candidate = transport.iceCandidates.find((c) => c.protocol === 'udp');
    await transport.connect({
      dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: fingerprint }] },
    });

    await new Promise((r) => toWorker.bind(0, LOOPBACK, r));
    await new Promise((r) => toClient.bind(0, LOOPBACK, r));
    let client = null;
    toClient.on('message', (msg, rinfo) => {
      client = rinfo;
      toWorker.send(msg, candidate.port, candidate.ip);
    });
    toWorker.on('message', (msg) => {
      // STUN responses start with 0b00; DTLS records with 20..63.
      if (msg[0] >= 20 && msg[0] <= 63 && client) toClient.send(msg, client.port, client.address);
    });

    const stun = () =>
      toWorker.send(
        stunBindingRequest({
          username: `${transport.iceParameters.usernameFragment}:check`,
          password: transport.iceParameters.password,
        }),
        candidate.port,
        candidate.ip,
      );
    const iceUp = waitFor(transport, 'icestatechange', (s) => s === 'connected' || s === 'completed', 5000, 'ICE');
    stun();
    const stunTimer = setInterval(stun, 500);
    try {
      await iceUp;
      const dtlsDone = waitFor(
        transport,
        'dtlsstatechange',
        (s) => s === 'connected' || s === 'failed' || s === 'closed',
        10000,
        'DTLS handshake',
      );
      const died = waitFor(worker, 'died', () => true, 11000, 'worker death').then(
        (e) => {
          throw new Error(`worker died during DTLS: ${e?.message ?? e}`);
        },
        () => {},
      );
      const sClient = run('openssl', [
        's_client',
        '-dtls1_2',
        '-connect',
        `${LOOPBACK}:${toClient.address().port}`,
        '-cert',
        cert,
        '-key',
        key,
        '-use_srtp',
        'SRTP_AES128_CM_SHA1_80',
        '-quiet',
      ]);
      const state = await Promise.race([dtlsDone, died]);
      sClient.child.kill('SIGTERM');
      assert(state === 'connected', `DTLS state ${state}`);
      await sleep(300);
      assert(!worker.closed && !worker.died, 'worker died after the DTLS handshake');
      return 'DTLS connected, worker alive';
    } finally {
      clearInterval(stunTimer);
    }
  } finally {
    transport?.close();
    toWorker.close();
    toClient.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------
let worker;
try {
  await check('worker + router (VP8, H264)', async () => {
    worker = await mediasoup.createWorker({ logLevel: 'warn' });
    worker.on('died', (error) => console.error(`worker died: ${error?.message ?? error}`));
    return `mediasoup ${mediasoup.version}, pid ${worker.pid}`;
  });
  if (!worker) throw new Error('no worker');
  const router = await worker.createRouter({ mediaCodecs });

  await check('WebRtcTransport on 127.0.0.1', async () => {
    const t = await router.createWebRtcTransport({ listenInfos: [{ protocol: 'udp', ip: LOOPBACK }] });
    assert(t.iceCandidates.length > 0, 'no ICE candidates');
    assert(
      t.iceCandidates.every((c) => c.address === LOOPBACK || c.ip === LOOPBACK),
      'candidate not on loopback',
    );
    assert(t.dtlsParameters.fingerprints.length > 0, 'no DTLS fingerprints');
    const detail = `candidate ${LOOPBACK}:${t.iceCandidates[0].port}`;
    t.close();
    return detail;
  });

  await check('DTLS handshake (openssl s_client via STUN relay)', () => dtlsHandshake(router, worker));

  const plainOpts = { listenInfo: { protocol: 'udp', ip: LOOPBACK }, rtcpMux: false, comedia: true };

  // Plain RTP inputs.
  const vp8In = await router.createPlainTransport(plainOpts);
  const vp8Producer = await vp8In.produce({
    kind: 'video',
    rtpParameters: {
      codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }],
      encodings: [{ ssrc: 1111 }],
    },
  });
  const h264In = await router.createPlainTransport(plainOpts);
  const h264Producer = await h264In.produce({
    kind: 'video',
    rtpParameters: {
      codecs: [
        {
          mimeType: 'video/H264',
          payloadType: 102,
          clockRate: 90000,
          parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f' },
        },
      ],
      encodings: [{ ssrc: 2222 }],
    },
  });

  // SRTP input from ffmpeg.
  const srtpKey = randomBytes(30).toString('base64');
  const srtpIn = await router.createPlainTransport({
    ...plainOpts,
    enableSrtp: true,
    srtpCryptoSuite: 'AES_CM_128_HMAC_SHA1_80',
  });
  await srtpIn.connect({ srtpParameters: { cryptoSuite: 'AES_CM_128_HMAC_SHA1_80', keyBase64: srtpKey } });
  const srtpProducer = await srtpIn.produce({
    kind: 'video',
    rtpParameters: {
      codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }],
      encodings: [{ ssrc: 3333 }],
    },
  });

  // Worker-to-worker SRTP pairs, one per suite, fed by the VP8 producer.
  const suites = ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32', 'AEAD_AES_128_GCM', 'AEAD_AES_256_GCM'];
  const pairs = [];
  for (const suite of suites) {
    const opts = {
      listenInfo: { protocol: 'udp', ip: LOOPBACK },
      rtcpMux: true,
      comedia: false,
      enableSrtp: true,
      srtpCryptoSuite: suite,
    };
    const sender = await router.createPlainTransport(opts);
    const receiver = await router.createPlainTransport(opts);
    await sender.connect({ ip: LOOPBACK, port: receiver.tuple.localPort, srtpParameters: receiver.srtpParameters });
    await receiver.connect({ ip: LOOPBACK, port: sender.tuple.localPort, srtpParameters: sender.srtpParameters });
    const consumer = await sender.consume({ producerId: vp8Producer.id, rtpCapabilities: router.rtpCapabilities });
    const producer = await receiver.produce({ kind: 'video', rtpParameters: consumer.rtpParameters });
    pairs.push({ suite, sender, receiver, consumer, producer });
  }

  const feeds = [
    ffmpegFeed({
      codec: 'vp8',
      payloadType: 101,
      ssrc: 1111,
      url: `rtp://${LOOPBACK}:${vp8In.tuple.localPort}?rtcpport=${vp8In.rtcpTuple?.localPort}`,
    }),
    ffmpegFeed({
      codec: 'h264',
      payloadType: 102,
      ssrc: 2222,
      url: `rtp://${LOOPBACK}:${h264In.tuple.localPort}?rtcpport=${h264In.rtcpTuple?.localPort}`,
    }),
    ffmpegFeed({
      codec: 'vp8',
      payloadType: 101,
      ssrc: 3333,
      url: `srtp://${LOOPBACK}:${srtpIn.tuple.localPort}?rtcpport=${srtpIn.rtcpTuple?.localPort}`,
      extra: ['-srtp_out_suite', 'AES_CM_128_HMAC_SHA1_80', '-srtp_out_params', srtpKey],
    }),
  ];
  const exits = await Promise.all(feeds.map((f) => f.done));
  await sleep(300);

  const feedCheck = async (name, index, producer) =>
    check(name, async () => {
      const { code, stderr } = exits[index];
      assert(code === 0, `ffmpeg exited ${code}: ${stderr.trim().split('\n').pop()}`);
      const bytes = await receivedBytes(producer);
      assert(bytes > 0, 'producer received 0 bytes');
      const score = producer.score.map((s) => s.score).join(',');
      return `${bytes} bytes, score ${score}`;
    });
  await feedCheck('ffmpeg VP8 RTP -> PlainTransport', 0, vp8Producer);
  await feedCheck('ffmpeg H264 RTP -> PlainTransport', 1, h264Producer);
  await feedCheck('ffmpeg SRTP AES_CM_128_HMAC_SHA1_80 -> PlainTransport', 2, srtpProducer);

  for (const pair of pairs) {
    await check(`worker SRTP ${pair.suite} (PlainTransport pair)`, async () => {
      const sent = (await pair.consumer.getStats()).find((s) => s.type === 'outbound-rtp');
      const bytes = await receivedBytes(pair.producer);
      assert(bytes > 0, `receiver got 0 bytes (sender sent ${sent?.byteCount ?? 0})`);
      return `${bytes} bytes received after SRTP decryption`;
    });
  }

  await check('worker alive at the end', async () => {
    assert(!worker.died && !worker.closed, 'worker died');
    const usage = await worker.getResourceUsage();
    return `maxrss ${usage.ru_maxrss} kB`;
  });
} catch (error) {
  record('unexpected error', false, error?.stack ?? String(error));
} finally {
  for (const child of children) child.kill('SIGKILL');
  if (worker && !worker.died) {
    const exited = new Promise((resolve) => worker.once('subprocessclose', resolve));
    worker.close();
    await Promise.race([exited, sleep(10000)]);
  }
}

await check('no sanitizer reports (ASan builds)', async () => {
  const reports = readdirSync(sanitizerDir);
  for (const file of reports) console.error(readFileSync(join(sanitizerDir, file), 'utf8'));
  rmSync(sanitizerDir, { recursive: true, force: true });
  assert(reports.length === 0, `${reports.length} sanitizer report(s), printed above`);
  return 'none';
});

const failed = results.filter((r) => !r.ok);
console.log(
  failed.length === 0
    ? `\nPASS: all ${results.length} checks`
    : `\nFAIL: ${failed.length}/${results.length} checks failed`,
);
process.exit(failed.length === 0 ? 0 : 1);
