import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { INGEST_H264_PAYLOAD_TYPE } from '../sfu/src/codecs.ts';
import { x264LowLatencyArgs } from '../sfu/src/ingest/ffmpegArgs.ts';
import { spawnTied } from '../sfu/src/tiedSpawn.ts';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const OUT = `${ROOT}var/bench`;

/** The 1, 5 and 15 min load averages, space separated, with `digits` decimals. */
export function loadAverage(digits = 1): string {
  return loadavg()
    .map((l) => l.toFixed(digits))
    .join(' ');
}

/** `x` with `digits` decimals, or '-' when it is not a finite number (an empty percentile, say). */
export function fixed(x: number, digits = 1): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '-';
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** CPU seconds (user+system, children included) used so far by each of these pids, from /proc. */
export function cpuTimes(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100);
    } catch {
      // process gone
    }
  }
  return out;
}

/** CPU seconds used between two samples, over the processes present in both. */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let s = 0;
  for (const [pid, t] of after) if (before.has(pid)) s += t - before.get(pid)!;
  return s;
}

/** A looping H.264 clip in MPEG-TS (encoded once, then relayed with `copy`: almost free to send). */
export function ensureClip(name: string, size: string, bitrate: string, fps = 15): string {
  mkdirSync(OUT, { recursive: true });
  const file = `${OUT}/${name}.mpegts`;
  if (existsSync(file)) return file;
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${size}:rate=${fps}`,
    '-t',
    '10',
    ...x264LowLatencyArgs({ gop: fps, preset: 'veryfast' }),
    '-b:v',
    bitrate,
    '-f',
    'mpegts',
    file,
  ]);
  return file;
}

/** One ffmpeg that loops a clip in real time to many RTP targets (copy, no encoding). */
export function rtpFanout(clip: string, targets: { ip: string; port: number; rtcpPort: number; ssrc: number }[]) {
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-stream_loop', '-1', '-i', clip];
  for (const t of targets) {
    args.push(
      '-map',
      '0:v:0',
      '-c:v',
      'copy',
      '-f',
      'rtp',
      '-payload_type',
      String(INGEST_H264_PAYLOAD_TYPE),
      '-ssrc',
      String(t.ssrc),
      `rtp://${t.ip}:${t.port}?rtcpport=${t.rtcpPort}&pkt_size=1200`,
    );
  }
  return spawnTied('ffmpeg', args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * Loops a pre-encoded clip at its real rate to each camera's MPEG-TS/UDP source with `copy` (the
 * camera side then costs almost nothing). Tied to this process: a killed bench leaves no feeder.
 */
export function loopFeed(clip: string, urls: string[]): ChildProcess {
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-stream_loop', '-1', '-i', clip];
  for (const u of urls) args.push('-map', '0:v:0', '-c:v', 'copy', '-f', 'mpegts', `${u}?pkt_size=1316`);
  return spawnTied('ffmpeg', args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Milliseconds since the epoch with sub-ms resolution: comparable between processes on one machine. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
