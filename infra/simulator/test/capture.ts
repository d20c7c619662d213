/** Test helpers: decode frames from a simulator UDP stream, and count UDP packets on a port. */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';

export interface GrayFrame {
  /** Luma, width*height bytes. */
  data: Buffer;
  /** Date.now() when the last byte of the frame arrived from the decoder. */
  at: number;
}

/**
 * Decodes `count` frames of a `udp://` MPEG-TS stream as 8-bit gray, with low-latency decoder
 * settings (no frame threads, no buffering), so `at` is close to when the frame left the camera.
 */
export function captureGray(
  url: string,
  width: number,
  height: number,
  count: number,
  timeoutMs = 8000,
): Promise<GrayFrame[]> {
  const size = width * height;
  // prettier-ignore
  const args = [
    '-hide_banner', '-nostdin', '-loglevel', 'fatal',
    '-fflags', 'nobuffer', '-flags', 'low_delay', '-threads', '1',
    '-probesize', '200000', '-analyzeduration', '500000',
    '-i', `${url}?overrun_nonfatal=1&fifo_size=100000`,
    // yuv4mpegpipe rather than rawvideo: ffmpeg 5.1 holds each rawvideo frame until the next one.
    '-map', '0:v:0', '-fps_mode', 'passthrough', '-f', 'yuv4mpegpipe', '-pix_fmt', 'gray',
    '-s', `${width}x${height}`, '-flush_packets', '1', 'pipe:1',
  ];
  return new Promise((resolve, reject) => {
    const p = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const frames: GrayFrame[] = [];
    let pending = Buffer.alloc(0);
    let stderr = '';
    const finish = (err?: Error) => {
      clearTimeout(timer);
      p.kill('SIGKILL');
      if (err) reject(err);
      else resolve(frames);
    };
    const timer = setTimeout(
      () => finish(new Error(`captured ${frames.length}/${count} frames from ${url} in ${timeoutMs} ms ${stderr}`)),
      timeoutMs,
    );
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let headerDone = false;
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
        if (frames.length < count) frames.push({ data: Buffer.from(pending.subarray(nl + 1, nl + 1 + size)), at });
        pending = pending.subarray(nl + 1 + size);
      }
      if (frames.length >= count) finish();
    });
    p.on('error', finish);
  });
}

/** Counts UDP datagrams arriving on 127.0.0.1:port during `ms`. */
export function countPackets(port: number, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    let n = 0;
    sock.on('message', () => n++);
    sock.on('error', reject);
    sock.bind(port, '127.0.0.1', () => setTimeout(() => sock.close(() => resolve(n)), ms));
  });
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
