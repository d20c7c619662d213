/** Finds installed fonts for the burned-in text: a CJK-capable face for names, a monospace clock. */
import { execFileSync } from 'node:child_process';

function fcList(pattern: string): string[] {
  try {
    const out = execFileSync('fc-list', [pattern, 'family'], { encoding: 'utf8', timeout: 5000 });
    return out
      .split('\n')
      .map((l) => l.split(',')[0]!.trim())
      .filter(Boolean);
  } catch {
    return [];
  }
}

export interface Fonts {
  text: string;
  clock: string;
  warnings: string[];
}

let cached: Fonts | undefined;

/** fontconfig family names for drawtext's `font` option (which takes a family, not a pattern). */
export function resolveFonts(): Fonts {
  if (cached) return cached;
  const warnings: string[] = [];
  const cjk = fcList(':lang=zh-cn');
  const text =
    ['Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Zen Hei', 'WenQuanYi Micro Hei', 'Droid Sans Fallback'].find(
      (f) => cjk.includes(f),
    ) ?? cjk[0];
  if (!text) warnings.push('no font with Chinese glyphs found (install fonts-noto-cjk): names will show as boxes');
  const mono = fcList(':spacing=mono');
  const clock = ['DejaVu Sans Mono', 'Liberation Mono', 'Noto Sans Mono'].find((f) => mono.includes(f)) ?? mono[0];
  cached = { text: text ?? 'sans', clock: clock ?? text ?? 'monospace', warnings };
  return cached;
}
