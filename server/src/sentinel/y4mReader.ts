/**
 * Incremental reader of a YUV4MPEG2 stream (`ffmpeg -f yuv4mpegpipe`): one header line, then
 * `FRAME[ params]\n` + raw planes per frame. ffmpeg writes each frame as soon as it is decoded
 * (its `rawvideo` muxer holds a frame until the next one: a whole GOP late when only key frames
 * are decoded), and the header carries the size, so no side channel is needed.
 */

export interface Y4mFrame {
  width: number;
  height: number;
  /** 'I420' (planar 4:2:0, tightly packed Y, U, V) or 'GRAY' (Y only). */
  format: 'I420' | 'GRAY';
  data: Uint8Array;
}

export interface Y4mHeader {
  width: number;
  height: number;
  format: Y4mFrame['format'];
  /** Bytes of one frame's planes. */
  frameBytes: number;
}

const MAX_LINE = 1024;

export class Y4mError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Y4mError';
  }
}

function frameBytes(width: number, height: number, format: Y4mFrame['format']): number {
  const luma = width * height;
  return format === 'GRAY' ? luma : luma + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
}

export class Y4mReader {
  #header: Y4mHeader | null = null;
  #pending: Buffer = Buffer.alloc(0);
  /** Bytes of the current frame's planes still to come, with the frame being filled. */
  #frame: { data: Uint8Array; filled: number } | null = null;

  /** The stream header, once read. */
  get header(): Y4mHeader | null {
    return this.#header;
  }

  /** Feeds bytes; returns the frames they complete, in order. Throws Y4mError on a malformed stream. */
  push(chunk: Uint8Array): Y4mFrame[] {
    const out: Y4mFrame[] = [];
    let buf: Buffer = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : Buffer.from(chunk);
    this.#pending = Buffer.alloc(0);
    for (;;) {
      if (this.#frame) {
        const f = this.#frame;
        const n = Math.min(buf.length, f.data.length - f.filled);
        f.data.set(buf.subarray(0, n), f.filled);
        f.filled += n;
        buf = buf.subarray(n);
        if (f.filled < f.data.length) break;
        const h = this.#header!;
        out.push({ width: h.width, height: h.height, format: h.format, data: f.data });
        this.#frame = null;
        continue;
      }
      const nl = buf.indexOf(0x0a);
      if (nl < 0) {
        if (buf.length > MAX_LINE) throw new Y4mError('no line end within 1 KiB: not a YUV4MPEG2 stream');
        this.#pending = Buffer.from(buf);
        break;
      }
      const line = buf.subarray(0, nl).toString('latin1');
      buf = buf.subarray(nl + 1);
      if (!this.#header) {
        this.#header = parseY4mHeader(line);
        continue;
      }
      if (line !== 'FRAME' && !line.startsWith('FRAME ')) {
        throw new Y4mError(`expected FRAME, got ${JSON.stringify(line.slice(0, 40))}`);
      }
      this.#frame = { data: new Uint8Array(this.#header.frameBytes), filled: 0 };
    }
    return out;
  }
}

export function parseY4mHeader(line: string): Y4mHeader {
  const [magic, ...params] = line.split(' ');
  if (magic !== 'YUV4MPEG2') throw new Y4mError(`not a YUV4MPEG2 stream (starts with ${JSON.stringify(magic)})`);
  let width = 0;
  let height = 0;
  let colour = '420jpeg';
  for (const p of params) {
    if (p[0] === 'W') width = Number(p.slice(1));
    else if (p[0] === 'H') height = Number(p.slice(1));
    else if (p[0] === 'C') colour = p.slice(1);
  }
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) {
    throw new Y4mError(`bad frame size in header: ${line}`);
  }
  let format: Y4mFrame['format'];
  if (colour.startsWith('420')) format = 'I420';
  else if (colour === 'mono') format = 'GRAY';
  else throw new Y4mError(`unsupported colour space C${colour} (want 4:2:0 or mono)`);
  return { width, height, format, frameBytes: frameBytes(width, height, format) };
}
