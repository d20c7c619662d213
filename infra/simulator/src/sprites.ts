/**
 * One-frame RGBA sprites drawn with `geq` (costly per pixel, so drawn once and repeated by overlay):
 * a walking person in two leg positions, and the hand or cloth held over a covered lens.
 */
import { filter } from './escape.ts';

export type Rgb = [number, number, number];

/** geq expression: `if(c1,v1,if(c2,v2,...,otherwise))`. */
function pick(cases: [string, string | number][], otherwise: string | number): string {
  return cases.reduceRight<string>((acc, [cond, v]) => `if(${cond},${v},${acc})`, String(otherwise));
}

const ellipse = (cx: number, cy: number, rx: number, ry: number) =>
  `lte(pow((X-${cx})/${rx},2)+pow((Y-${cy})/${ry},2),1)`;
const rect = (x0: number, y0: number, x1: number, y1: number) => `between(X,${x0},${x1})*between(Y,${y0},${y1})`;
const r2 = (v: number) => Math.round(v * 100) / 100;

function sprite(w: number, h: number, fps: number, channels: (c: 0 | 1 | 2) => string, alpha: string): string {
  return [
    filter('color', { c: 'black@0', s: `${w}x${h}`, r: fps }),
    'trim=end_frame=1',
    'format=rgba',
    filter('geq', { r: channels(0), g: channels(1), b: channels(2), a: alpha }),
  ].join(',');
}

/** A person seen from the side-front, feet at the bottom with a soft shadow. */
export function personSprite(
  w: number,
  h: number,
  colors: { shirt: Rgb; trousers: Rgb; skin: Rgb; hair: Rgb },
  legs: 'together' | 'apart',
  fps: number,
): string {
  const cx = r2(w / 2);
  const headR = r2(h * 0.075);
  const headY = r2(h * 0.09);
  const head = ellipse(cx, headY, headR, r2(headR * 1.1));
  const hair = `${head}*lt(Y,${r2(headY - headR * 0.25)})`;
  const torso = `(${rect(r2(cx - w * 0.32), r2(h * 0.2), r2(cx + w * 0.32), r2(h * 0.56))}+${ellipse(cx, r2(h * 0.22), r2(w * 0.32), r2(h * 0.04))})`;
  const arms = `(${rect(r2(cx - w * 0.47), r2(h * 0.21), r2(cx - w * 0.33), r2(h * 0.5))}+${rect(r2(cx + w * 0.33), r2(h * 0.21), r2(cx + w * 0.47), r2(h * 0.5))})`;
  const hands = `(${ellipse(r2(cx - w * 0.4), r2(h * 0.53), r2(w * 0.08), r2(h * 0.03))}+${ellipse(r2(cx + w * 0.4), r2(h * 0.53), r2(w * 0.08), r2(h * 0.03))})`;
  const legTop = r2(h * 0.55);
  const legBottom = r2(h * 0.93);
  const halfLeg = r2(w * 0.13);
  const legsExpr =
    legs === 'together'
      ? `between(Y,${legTop},${legBottom})*(between(X,${r2(cx - 2 * halfLeg - 1)},${r2(cx - 1)})+between(X,${r2(cx + 1)},${r2(cx + 2 * halfLeg + 1)}))`
      : `between(Y,${legTop},${legBottom})*(lte(abs(X-${cx}+(Y-${legTop})*0.38),${halfLeg})+lte(abs(X-${cx}-(Y-${legTop})*0.38),${halfLeg}))`;
  const shoeY = r2(h * 0.94);
  const shoeSpread = legs === 'together' ? halfLeg : r2((legBottom - legTop) * 0.38);
  const shoes = `(${ellipse(r2(cx - shoeSpread), shoeY, r2(w * 0.16), r2(h * 0.02))}+${ellipse(r2(cx + shoeSpread), shoeY, r2(w * 0.16), r2(h * 0.02))})`;
  const shadow = ellipse(cx, r2(h * 0.965), r2(w * 0.5), r2(h * 0.03));
  // Shirt and trousers shaded from the left, so the figure reads as round.
  const lit = `(1.1-0.35*abs(X-${r2(cx * 0.8)})/${cx})`;
  const channel = (c: 0 | 1 | 2) =>
    pick(
      [
        [hair, colors.hair[c]],
        [head, colors.skin[c]],
        [hands, colors.skin[c]],
        [`${torso}+${arms}`, `clip(${colors.shirt[c]}*${lit},0,255)`],
        [legsExpr, `clip(${colors.trousers[c]}*${lit},0,255)`],
        [shoes, 30],
      ],
      0,
    );
  const alpha = pick(
    [
      [`${head}+${hands}+${torso}+${arms}+${legsExpr}+${shoes}`, 255],
      [shadow, 70],
    ],
    0,
  );
  return sprite(w, h, fps, channel, alpha);
}

/**
 * What covers the lens, larger than the view so it can jitter without showing its edge: a hand
 * (palm, four fingers with gaps, thumb) or a draped cloth with folds and weave. ~85–100 % coverage.
 */
export function coverSprite(w: number, h: number, variant: 'hand' | 'cloth', tone: Rgb, fps: number): string {
  if (variant === 'hand') {
    const palm = ellipse(r2(w * 0.52), r2(h * 0.85), r2(w * 0.62), r2(h * 0.6));
    const fingers = [0, 1, 2, 3].map((i) =>
      ellipse(r2(w * (0.17 + 0.19 * i)), r2(h * (0.3 + Math.abs(i - 1.5) * 0.07)), r2(w * 0.088), r2(h * 0.36)),
    );
    const thumb = ellipse(r2(w * 0.95), r2(h * 0.5), r2(w * 0.12), r2(h * 0.24));
    const inside = [palm, ...fingers, thumb].join('+');
    // Close to the lens, so out of focus and dim toward the edges, with faint creases and grain.
    const light = `(0.95-0.45*hypot((X-${r2(w * 0.5)})/${r2(w * 0.7)},(Y-${r2(h * 0.75)})/${r2(h * 0.9)}))`;
    const creases = `6*sin(X/${r2(w / 60)}+Y/${r2(h / 9)})*sin(Y/${r2(h / 25)})`;
    const channel = (c: 0 | 1 | 2) => `clip(${tone[c]}*${light}+${creases}+8*(random(0)-0.5),0,255)`;
    return sprite(w, h, fps, channel, pick([[inside, 255]], 0));
  }
  // Cloth: everything but a wavy strip along one bottom corner.
  const edge = `${r2(h * 0.93)}-${r2(h * 0.08)}*sin(X/${r2(w / 7)})-${r2(h * 0.25)}*max(0,1-X/${r2(w * 0.3)})`;
  const folds = `(0.78+0.22*sin((X+0.6*Y)/${r2(w / 14)}+2*sin(Y/${r2(h / 4)})))`;
  const weave = `10*sin(X*1.57)*sin(Y*1.57)`;
  const channel = (c: 0 | 1 | 2) => `clip(${tone[c]}*${folds}+${weave}+6*(random(0)-0.5),0,255)`;
  return sprite(w, h, fps, channel, `if(lt(Y,${edge}),255,0)`);
}
