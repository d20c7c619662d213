/** Test helpers: decode frames from a simulator UDP stream, and count UDP packets on a port. */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';

export interface GrayFrame {
  /** Luma, width*height bytes. */
  data: Buffer;
  /** Date.now() when the last byte of the frame arrived from the decoder. */
  at: number;
}

export interface Decoder {
  /** Everything the decoder wrote to stderr (at `-loglevel error`: decode errors). */
  stderr(): string;
  stop(): void;
  /** Settles when the decoder process has ended. */
  ended: Promise<void>;
}

/**
 * Decodes a `udp://` MPEG-TS stream as 8-bit gray frames, handed to `onFrame` as they come, with
 * low-latency decoder settings (no frame threads, no buffering), so `at` is close to when the
 * frame left the camera.
 */
export function decodeGray(
  url: string,
  width: number,
  height: number,
  onFrame: (frame: GrayFrame) => void,
  loglevel = 'error',
): Decoder {
  const size = width * height;
  // prettier-ignore
  const args = [
    '-hide_banner', '-nostdin', '-loglevel', loglevel,
    '-fflags', 'nobuffer', '-flags', 'low_delay', '-threads', '1',
    '-probesize', '200000', '-analyzeduration', '500000',
    '-i', `${url}?overrun_nonfatal=1&fifo_size=100000`,
    // yuv4mpegpipe rather than rawvideo: ffmpeg 5.1 holds each rawvideo frame until the next one.
    '-map', '0:v:0', '-fps_mode', 'passthrough', '-f', 'yuv4mpegpipe', '-pix_fmt', 'gray',
    '-s', `${width}x${height}`, '-flush_packets', '1', 'pipe:1',
  ];
  const p = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let pending = Buffer.alloc(0);
  let stderr = '';
  let headerDone = false;
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  p.stdout.on('data', (chunk: Buffer) => {
    const at = Date.now();
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      // Stream header line, then per frame a `FRAME...\n` line and width*height luma bytes.
      const nl = pending.indexOf(0x0a);
      if (nl < 0) break;
      if (!headerDone) {
        headerDone = true;
        pending = pending.subarray(nl + 1);
        continue;
      }
      if (pending.length < nl + 1 + size) break;
      onFrame({ data: Buffer.from(pending.subarray(nl + 1, nl + 1 + size)), at });
      pending = pending.subarray(nl + 1 + size);
    }
  });
  const ended = new Promise<void>((resolve) => {
    p.once('close', () => resolve());
    p.once('error', (err) => {
      stderr += String(err);
      resolve();
    });
  });
  return { stderr: () => stderr, stop: () => p.kill('SIGKILL'), ended };
}

/** Decodes `count` frames of a `udp://` MPEG-TS stream as 8-bit gray (see decodeGray). */
export function captureGray(
  url: string,
  width: number,
  height: number,
  count: number,
  timeoutMs = 8000,
): Promise<GrayFrame[]> {
  return new Promise((resolve, reject) => {
    const frames: GrayFrame[] = [];
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      decoder.stop();
      if (err) reject(err);
      else resolve(frames);
    };
    const decoder = decodeGray(
      url,
      width,
      height,
      (f) => {
        if (frames.length < count) frames.push(f);
        if (frames.length === count) finish();
      },
      'fatal',
    );
    const timer = setTimeout(
      () =>
        finish(
          new Error(`captured ${frames.length}/${count} frames from ${url} in ${timeoutMs} ms ${decoder.stderr()}`),
        ),
      timeoutMs,
    );
    void decoder.ended.then(() => finish(new Error(`decoder ended: ${decoder.stderr()}`)));
  });
}

export interface Arrival {
  /** Date.now() at arrival. */
  at: number;
  /** The datagram carries the start of a key frame (MPEG-TS random access indicator). */
  key: boolean;
}

export interface PacketLog {
  arrivals: Arrival[];
  /** MPEG-TS packets whose continuity counter did not follow the one before on their PID. */
  discontinuities(): number;
  close(): Promise<void>;
}

/** Reads what a receiver checks in each TS packet: key frame starts and continuity counters. */
function tsReader() {
  const last = new Map<number, number>();
  let discontinuities = 0;
  return {
    discontinuities: () => discontinuities,
    /** Whether the datagram carries the start of a key frame; counts counter jumps. */
    read(d: Buffer): boolean {
      let key = false;
      for (let o = 0; o + 188 <= d.length; o += 188) {
        const pid = ((d[o + 1]! & 0x1f) << 8) | d[o + 2]!;
        const adaptation = (d[o + 3]! & 0x20) !== 0 && d[o + 4]! > 0;
        const payload = (d[o + 3]! & 0x10) !== 0;
        const cc = d[o + 3]! & 0x0f;
        if ((d[o + 1]! & 0x40) !== 0 && adaptation && (d[o + 5]! & 0x40) !== 0) key = true;
        const prev = last.get(pid);
        if (prev !== undefined && cc !== (payload ? (prev + 1) & 15 : prev)) discontinuities++;
        last.set(pid, cc);
      }
      return key;
    },
  };
}

/**
 * Logs the UDP datagrams arriving on 127.0.0.1:port; with `forwardTo`, also passes each one on
 * to that port (e.g. to a decoder), so one stream can be both timed and decoded.
 */
export async function logPackets(port: number, forwardTo?: number): Promise<PacketLog> {
  const sock = createSocket('udp4');
  const arrivals: Arrival[] = [];
  const ts = tsReader();
  sock.on('message', (d) => {
    arrivals.push({ at: Date.now(), key: ts.read(d) });
    if (forwardTo) sock.send(d, forwardTo, '127.0.0.1');
  });
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(port, '127.0.0.1', () => resolve());
  });
  return {
    arrivals,
    discontinuities: ts.discontinuities,
    close: () => new Promise((resolve) => sock.close(() => resolve())),
  };
}

/** Counts UDP datagrams arriving on 127.0.0.1:port during `ms`. */
export async function countPackets(port: number, ms: number): Promise<number> {
  const log = await logPackets(port);
  await new Promise((r) => setTimeout(r, ms));
  await log.close();
  return log.arrivals.length;
}

/** Mean absolute difference of two gray frames, 0..255. */
export function meanAbsDiff(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

export function stats(data: Buffer): { mean: number; max: number; stdev: number } {
  let sum = 0;
  let sq = 0;
  let max = 0;
  for (const v of data) {
    sum += v;
    sq += v * v;
    if (v > max) max = v;
  }
  const mean = sum / data.length;
  return { mean, max, stdev: Math.sqrt(sq / data.length - mean * mean) };
}

/**
 * A random even base port in 40000–59999 whose next `count` UDP ports are free right now, so
 * parallel test files (and the fixture's 21000+ ports) don't collide.
 */
export async function freeUdpBasePort(count: number): Promise<number> {
  const tryBind = (port: number) =>
    new Promise<(() => Promise<void>) | null>((resolve) => {
      const s = createSocket('udp4');
      s.once('error', () => resolve(null));
      s.bind(port, '127.0.0.1', () => resolve(() => new Promise<void>((r) => s.close(() => r()))));
    });
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 40000 + 2 * Math.floor(Math.random() * 9000);
    const bound = await Promise.all(Array.from({ length: count }, (_, i) => tryBind(base + i)));
    await Promise.all(bound.map((close) => close?.()));
    if (bound.every(Boolean)) return base;
  }
  throw new Error('no free UDP port range found');
}
