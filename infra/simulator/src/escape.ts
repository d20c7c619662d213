/**
 * Escaping for ffmpeg filtergraphs. A filter option value is unescaped twice: once by the
 * filtergraph parser (which splits on `[],;`) and once by the filter's option parser (which splits
 * on `:`). We quote for the second level and backslash-escape for the first, so any string
 * (Chinese names, quotes, colons, commas in expressions) reaches the filter verbatim.
 */
export function quoteOptionValue(raw: string): string {
  const quoted = `'${raw.replace(/'/g, `'\\''`)}'`;
  return quoted.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/** A value that needs no escaping at either level is written as is, for readable graphs. */
const PLAIN = /^[A-Za-z0-9_.#@+\-/]+$/;

export type OptionValue = string | number;

function value(v: OptionValue): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return String(v);
  }
  return PLAIN.test(v) ? v : quoteOptionValue(v);
}

/** `name=k1=v1:k2=v2`, each value escaped as needed. */
export function filter(name: string, options: Record<string, OptionValue | undefined> = {}): string {
  const parts = Object.entries(options)
    .filter((e): e is [string, OptionValue] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${value(v)}`);
  return parts.length ? `${name}=${parts.join(':')}` : name;
}

/** `#rrggbb` or `0xrrggbb` as ffmpeg's `0xRRGGBB`, with an optional alpha suffix. */
export function color(rgb: number, alpha?: number): string {
  const hex = `0x${(rgb & 0xffffff).toString(16).padStart(6, '0').toUpperCase()}`;
  return alpha === undefined ? hex : `${hex}@${alpha}`;
}
