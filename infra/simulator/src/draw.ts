/** Small helpers that write ffmpeg drawing filters. */
import { color, filter } from './escape.ts';
import type { Rgb } from './sprites.ts';

export const even = (v: number) => 2 * Math.round(v / 2);

export const rgb = (c: number): Rgb => [(c >> 16) & 255, (c >> 8) & 255, c & 255];
export const shade = (c: number, f: number) =>
  rgb(c)
    .map((v) => Math.max(0, Math.min(255, Math.round(v * f))))
    .reduce((a, v) => (a << 8) | v, 0);

/** A filled rectangle (coordinates rounded to pixels). */
export function box(x: number, y: number, w: number, h: number, c: number, alpha?: number): string {
  return filter('drawbox', {
    x: Math.round(x),
    y: Math.round(y),
    w: Math.round(w),
    h: Math.round(h),
    color: color(c, alpha),
    t: 'fill',
  });
}

/** A single still frame from a source filter, at the camera's frame rate. */
export function still(source: string, options: Record<string, string | number>, fps: number): string {
  return `${filter(source, { ...options, r: fps })},trim=end_frame=1`;
}

/** Text in a fontconfig family; `expand` enables drawtext's %{...} functions. */
export function text(
  fonts: { text: string; clock: string },
  font: 'text' | 'clock',
  body: string,
  o: { x: string | number; y: string | number; size: number; color?: string; box?: boolean; expand?: boolean },
): string {
  return filter('drawtext', {
    font: fonts[font],
    expansion: o.expand ? 'normal' : 'none',
    text: body,
    x: o.x,
    y: o.y,
    fontsize: o.size,
    fontcolor: o.color ?? 'white',
    borderw: o.box ? undefined : Math.max(1, Math.round(o.size / 10)),
    bordercolor: o.box ? undefined : 'black@0.8',
    box: o.box ? 1 : undefined,
    boxcolor: o.box ? 'black@0.45' : undefined,
    boxborderw: o.box ? Math.max(2, Math.round(o.size / 5)) : undefined,
  });
}
