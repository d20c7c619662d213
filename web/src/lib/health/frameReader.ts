/**
 * Reads a VideoFrame's pixels in the worker: in its native format (I420/NV12 from software decode,
 * RGBA/BGRA…) so nothing is converted at full size; anything else is converted to RGBA by the browser.
 */
import type { PixelFormat, PlaneLayout, RawFrame } from '@clinicwall/models';

const NATIVE: Record<string, PixelFormat> = {
  I420: 'I420',
  I420A: 'I420',
  NV12: 'NV12',
  RGBA: 'RGBA',
  RGBX: 'RGBX',
  BGRA: 'BGRA',
  BGRX: 'BGRX',
};

export async function readFrame(frame: VideoFrame): Promise<RawFrame> {
  const width = frame.visibleRect?.width ?? frame.codedWidth;
  const height = frame.visibleRect?.height ?? frame.codedHeight;
  const native = frame.format ? NATIVE[frame.format] : undefined;
  if (native) {
    const data = new Uint8Array(frame.allocationSize());
    const layout = (await frame.copyTo(data)) as PlaneLayout[];
    return { format: native, width, height, data, layout };
  }
  // 10-bit, 4:4:4…: let the browser convert.
  const opts = { format: 'RGBA' } as VideoFrameCopyToOptions;
  const data = new Uint8Array(frame.allocationSize(opts));
  const layout = (await frame.copyTo(data, opts)) as PlaneLayout[];
  return { format: 'RGBA', width, height, data, layout };
}
