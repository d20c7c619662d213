import { LEDGER_CATEGORIES, type LedgerCategory, type LedgerTrendDay } from '@clinicwall/contract';

export interface ChartBox {
  width: number;
  height: number;
  /** Room for the axis labels. */
  left: number;
  bottom: number;
  top: number;
  right: number;
}

export interface BarSegment {
  category: LedgerCategory;
  count: number;
  y: number;
  height: number;
}

export interface TrendBar {
  date: string;
  x: number;
  width: number;
  total: number;
  minutes: number;
  segments: BarSegment[];
  /** Show this day's date under the axis (every few days on long ranges). */
  labelled: boolean;
}

export interface TrendChart {
  bars: TrendBar[];
  /** Top of the y axis (a whole number ≥ 1). */
  yMax: number;
  /** Gridline values with their y. */
  ticks: { value: number; y: number }[];
  plot: { x: number; y: number; width: number; height: number };
}

/** A round axis top ≥ max with whole-number steps: 1, 2, 5, 10, 20, 50 ... per step, at most 5 steps. */
export function niceScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  let step = 1;
  for (let mag = 1; ; mag *= 10) {
    const found = [1, 2, 5].map((m) => m * mag).find((s) => Math.ceil(max / s) <= 5);
    if (found !== undefined) {
      step = found;
      break;
    }
  }
  return { top: Math.ceil(max / step) * step, step };
}

/** Stacked bars (category 1 at the bottom) of the counts per day, laid out in `box`. */
export function trendChart(trend: readonly LedgerTrendDay[], box: ChartBox): TrendChart {
  const plot = {
    x: box.left,
    y: box.top,
    width: Math.max(1, box.width - box.left - box.right),
    height: Math.max(1, box.height - box.top - box.bottom),
  };
  const totals = trend.map((d) => LEDGER_CATEGORIES.reduce((n, c) => n + d.counts[c], 0));
  const { top, step } = niceScale(Math.max(0, ...totals));
  const slot = plot.width / Math.max(1, trend.length);
  const barWidth = Math.max(1, Math.min(28, slot * 0.7));
  // About one date label per 48 px, at most ten.
  const maxLabels = Math.max(2, Math.min(10, Math.floor(plot.width / 48)));
  const labelEvery = Math.max(1, Math.ceil(trend.length / maxLabels));
  const yOf = (v: number) => plot.y + plot.height - (v / top) * plot.height;
  const bars = trend.map((day, i): TrendBar => {
    let base = 0;
    const segments: BarSegment[] = [];
    for (const category of LEDGER_CATEGORIES) {
      const count = day.counts[category];
      if (count <= 0) continue;
      segments.push({ category, count, y: yOf(base + count), height: (count / top) * plot.height });
      base += count;
    }
    return {
      date: day.date,
      x: plot.x + i * slot + (slot - barWidth) / 2,
      width: barWidth,
      total: totals[i]!,
      minutes: day.minutes,
      segments,
      labelled: (trend.length - 1 - i) % labelEvery === 0,
    };
  });
  const ticks = [];
  for (let v = 0; v <= top; v += step) ticks.push({ value: v, y: yOf(v) });
  return { bars, yMax: top, ticks, plot };
}
