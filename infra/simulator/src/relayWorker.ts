/**
 * The fleet's UDP relay, on a thread of its own so that a busy main thread (the server, the SFU,
 * a test) never delays a packet. Each camera encoder sends its two streams to internal ports
 * bound here, a frame per datagram; per camera and stream a Splicer forwards one encoder at a time
 * to the public target, in wire-sized datagrams.
 */
import { createSocket, type Socket } from 'node:dgram';
import { parentPort } from 'node:worker_threads';
import { STREAMS, type RelayEvent, type RelayRequest, type StreamName, type UdpTarget } from './relayMessages.ts';
import { RELAY_DATAGRAM, wireDatagrams } from './mpegts.ts';
import { Splicer } from './splicer.ts';

const port = parentPort;
if (!port) throw new Error('relayWorker.ts runs as a worker thread');

/** Enough for a few key frames of every stream should the thread be descheduled. */
const RECEIVE_BUFFER = 1 << 20;
const POLL_MS = 20;

interface Camera {
  splicers: Record<StreamName, Splicer>;
  /** Internal sockets per encoder. */
  sources: Map<number, Socket[]>;
}

const cameras = new Map<string, Camera>();
const senders = new Map<4 | 6, Socket>();
const post = (e: RelayEvent) => port.postMessage(e);

function sender(family: 4 | 6): Socket {
  let s = senders.get(family);
  if (!s) {
    s = createSocket(family === 4 ? 'udp4' : 'udp6');
    // A send can fail (no route, buffer full); UDP is lossy anyway, like a real camera's network.
    s.on('error', () => undefined);
    senders.set(family, s);
  }
  return s;
}

function checkLive(name: string, cam: Camera): void {
  const source = cam.splicers.main.active;
  if (source !== null && STREAMS.every((s) => cam.splicers[s].active === source)) {
    post({ op: 'live', camera: name, source });
  }
}

function add(name: string, targets: Record<StreamName, UdpTarget>): void {
  const splicer = (t: UdpTarget) => {
    const out = sender(t.family);
    return new Splicer((d) => wireDatagrams(d).forEach((w) => out.send(w, t.port, t.host)), Date.now, RELAY_DATAGRAM);
  };
  cameras.set(name, { splicers: { main: splicer(targets.main), sub: splicer(targets.sub) }, sources: new Map() });
}

function bind(onMessage: (d: Buffer) => void): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket({ type: 'udp4', recvBufferSize: RECEIVE_BUFFER });
    s.once('error', reject);
    s.on('message', onMessage);
    s.bind(0, '127.0.0.1', () => {
      s.removeListener('error', reject);
      s.on('error', () => undefined);
      resolve(s);
    });
  });
}

async function open(name: string, source: number): Promise<Record<StreamName, number>> {
  const cam = cameras.get(name);
  if (!cam) throw new Error(`unknown camera ${name}`);
  for (const s of STREAMS) cam.splicers[s].open(source);
  cam.sources.set(source, []);
  const bound = await Promise.allSettled(
    STREAMS.map((s) =>
      bind((d) => {
        const splicer = cam.splicers[s];
        if (splicer.receive(source, d)) checkLive(name, cam);
        else if (splicer.pending) schedulePoll();
      }),
    ),
  );
  const sockets = bound.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = bound.find((r) => r.status === 'rejected');
  if (failed || !cam.sources.has(source)) {
    sockets.forEach((s) => s.close());
    close(name, source);
    throw failed ? failed.reason : new Error(`${name}: encoder ${source} was closed while opening`);
  }
  cam.sources.set(source, sockets);
  const [main, sub] = sockets.map((s) => s.address().port);
  return { main: main!, sub: sub! };
}

function close(name: string, source: number): void {
  const cam = cameras.get(name);
  if (!cam) return;
  for (const s of STREAMS) cam.splicers[s].close(source);
  cam.sources.get(source)?.forEach((s) => s.close());
  cam.sources.delete(source);
}

port.on('message', (m: RelayRequest) => {
  switch (m.op) {
    case 'add':
      add(m.camera, m.targets);
      break;
    case 'open':
      open(m.camera, m.source).then(
        (ports) => post({ op: 'opened', id: m.id, ports }),
        (err: unknown) => post({ op: 'failed', id: m.id, message: err instanceof Error ? err.message : String(err) }),
      );
      break;
    case 'close':
      close(m.camera, m.source);
      break;
    case 'cut':
      for (const s of STREAMS) cameras.get(m.camera)?.splicers[s].cut();
      break;
  }
});

/** While a switch waits for an old encoder to finish its frame, checks every POLL_MS (else sleeps). */
let pollTimer: NodeJS.Timeout | null = null;
function schedulePoll(): void {
  pollTimer ??= setTimeout(() => {
    pollTimer = null;
    let waiting = false;
    for (const [name, cam] of cameras) {
      if (STREAMS.map((s) => cam.splicers[s].poll()).some(Boolean)) checkLive(name, cam);
      waiting ||= STREAMS.some((s) => cam.splicers[s].pending);
    }
    if (waiting) schedulePoll();
  }, POLL_MS);
}
