/**
 * Test doubles for the sentinel's unit specs (not used at run time): a tap without an SFU, and a
 * stand-in for ffmpeg (a shell script) that writes a YUV4MPEG2 stream.
 */
import { EventEmitter } from 'node:events';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tap, TapStream } from '@clinicwall/sfu';

export class FakeTap extends EventEmitter<{ stream: [TapStream | null]; close: [] }> {
  readonly cameraId: string;
  readonly stream = 'sub' as const;
  sdp: string | null;
  current: TapStream | null;
  keyFrameRequests = 0;
  closed = false;

  constructor(cameraId: string, live = true) {
    super();
    this.cameraId = cameraId;
    this.sdp = live ? FakeTap.sdpFor(cameraId) : null;
    this.current = live ? FakeTap.streamFor(cameraId, this.sdp!, false) : null;
  }

  static sdpFor(cameraId: string, pt = 102): string {
    return `v=0\ns=ClinicWall tap ${cameraId} sub\nm=video 22000 RTP/AVP ${pt}\na=rtpmap:${pt} H264/90000\n`;
  }

  static streamFor(cameraId: string, sdp: string, sdpChanged: boolean): TapStream {
    return {
      producerId: `p-${cameraId}-${Math.random()}`,
      ssrc: 1,
      codec: { mimeType: 'video/H264', payloadType: 102, clockRate: 90000 },
      sdp,
      sdpChanged,
    };
  }

  /** The camera (re)appears, optionally with another codec (new SDP). */
  produce(newCodec = false): void {
    const sdp = newCodec ? FakeTap.sdpFor(this.cameraId, 96) : FakeTap.sdpFor(this.cameraId);
    const changed = this.sdp !== null && this.sdp !== sdp;
    this.sdp = sdp;
    this.current = FakeTap.streamFor(this.cameraId, sdp, changed);
    this.emit('stream', this.current);
  }

  async requestKeyFrame(): Promise<void> {
    this.keyFrameRequests++;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
  }

  asTap(): Tap {
    return this as unknown as Tap;
  }
}

export interface FakeFfmpeg {
  /** Path to pass as ffmpegPath. */
  path: string;
  /** SDP texts the runs got on stdin (trailing newlines dropped), in start order. */
  sdps(): string[];
}

/**
 * A fake ffmpeg: saves its stdin (the SDP) and prints a YUV4MPEG2 header plus `frames` frames of
 * `width`x`height`, one every `intervalS`, filled with the byte `fill` (or `fillFor[camera]` when the
 * SDP names that camera), then sleeps `holdS` seconds (0: exits with `exitCode`).
 */
export function fakeFfmpeg(o: {
  width?: number;
  height?: number;
  frames: number;
  intervalS?: number;
  fill?: number;
  fillFor?: Record<string, number>;
  holdS?: number;
  exitCode?: number;
}): FakeFfmpeg {
  const dir = mkdtempSync(join(tmpdir(), 'fake-ffmpeg-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const w = o.width ?? 8;
  const h = o.height ?? 4;
  const bytes = w * h + 2 * Math.ceil(w / 2) * Math.ceil(h / 2);
  const octal = (n: number) => `\\${n.toString(8).padStart(3, '0')}`;
  const cases = Object.entries(o.fillFor ?? {})
    .map(([cam, v]) => `  *"${cam} "*) fill='${octal(v)}' ;;`)
    .join('\n');
  const script = `#!/bin/sh
n=$(ls "${dir}" | grep -c '^sdp-')
sdp=$(cat)
printf '%s' "$sdp" > "${dir}/sdp-$(printf '%04d' "$n")-$$"
fill='${octal(o.fill ?? 128)}'
case "$sdp" in
${cases}
esac
printf 'YUV4MPEG2 W${w} H${h} F25:1 Ip A1:1 C420jpeg\\n'
i=0
while [ $i -lt ${o.frames} ]; do
  printf 'FRAME\\n'
  head -c ${bytes} /dev/zero | tr '\\000' "$fill"
  i=$((i + 1))
  sleep ${o.intervalS ?? 0.05}
done
${o.holdS ? `exec sleep ${o.holdS}` : `exit ${o.exitCode ?? 0}`}
`;
  const path = join(dir, 'ffmpeg');
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return {
    path,
    sdps: () =>
      readdirSync(dir)
        .filter((f) => f.startsWith('sdp-'))
        .sort()
        .map((f) => readFileSync(join(dir, f), 'utf8')),
  };
}
