/**
 * The simulated clinic room: a static panorama (wall, floor tiles, door, poster, area furniture and
 * sign) drawn once, cropped to the normal or the re-aimed framing, and the walker's path.
 */
import { timecodeStrip, type CameraArea } from '@clinicwall/contract';
import { color, filter } from './escape.ts';
import { box, even, shade, still, text } from './draw.ts';
import type { Look } from './look.ts';
import type { SceneOptions, Size } from './scene.ts';

/** Where things are, in pixels. The room is a panorama twice as wide and 30 % taller than the view. */
export function geometry(main: Size) {
  const W = main.width;
  const H = main.height;
  const top = even(H * 0.3);
  const floorY = top + Math.round(H * 0.62);
  const cell = timecodeStrip(W, H);
  const person = { w: even(H * 0.14), h: even(H * 0.42) };
  return { W, H, PW: 2 * W, PH: H + top, top, floorY, strip: cell, person, margin: even(W * 0.05) };
}
export type Geometry = ReturnType<typeof geometry>;

const AREA_SIGN: Record<CameraArea, string> = {
  entrance: '入口 ENTRANCE',
  consulting: '诊室 CONSULTING',
  ward: '病房 WARD',
  cashier: '收费处 CASHIER',
  pharmacy: '药房 PHARMACY',
};

/** The furniture in front of the wall, by area (drawn at the left edge of the furniture zone). */
function furniture(g: Geometry, look: Look): string[] {
  const { W, H, floorY } = g;
  const x = look.furnitureX * W;
  const wood = look.wood;
  const out: string[] = [];
  switch (look.area) {
    case 'cashier':
    case 'pharmacy': {
      if (look.area === 'pharmacy') {
        // Shelves of medicine boxes behind the counter.
        const sx = x + 0.05 * W;
        const sw = 0.42 * W;
        const sy = floorY - 0.42 * H;
        out.push(box(sx, sy, sw, 0.4 * H, shade(wood, 0.8)));
        for (let row = 0; row < 3; row++) {
          const y = sy + 0.02 * H + row * 0.12 * H;
          out.push(box(sx + 4, y + 0.095 * H, sw - 8, 0.015 * H, shade(wood, 1.3)));
          for (let i = 0; i < 9; i++) {
            const hue = [0xd04040, 0x40a0d0, 0xf0f0f0, 0x50b050, 0xe0c040][(row * 7 + i * 3 + Math.round(x)) % 5]!;
            out.push(box(sx + 8 + i * (sw - 16) * 0.111, y + 0.03 * H, (sw - 16) * 0.085, 0.065 * H, hue));
          }
        }
      }
      // Counter with a glass screen and a monitor.
      const cw = 0.48 * W;
      const ch = 0.22 * H;
      out.push(box(x, floorY - ch, cw, ch + 0.03 * H, wood));
      out.push(box(x, floorY - ch, cw, 0.03 * H, shade(wood, 1.4)));
      out.push(box(x + 0.02 * W, floorY - ch - 0.2 * H, cw - 0.04 * W, 0.2 * H, 0xcfe8f0, 0.35));
      out.push(box(x + 0.3 * W, floorY - ch - 0.09 * H, 0.09 * W, 0.07 * H, 0x202020));
      out.push(box(x + 0.34 * W, floorY - ch - 0.02 * H, 0.01 * W, 0.02 * H, 0x202020));
      break;
    }
    case 'entrance': {
      // Glass double door with frames, and a mat.
      const dw = 0.2 * W;
      const dh = 0.4 * H;
      for (const dx of [0, dw + 4]) {
        out.push(box(x + dx, floorY - dh, dw, dh, 0x9fc7d8));
        out.push(
          filter('drawbox', {
            x: Math.round(x + dx),
            y: Math.round(floorY - dh),
            w: Math.round(dw),
            h: Math.round(dh),
            color: color(0x505860),
            t: 5,
          }),
        );
      }
      out.push(box(x + 0.02 * W, floorY + 0.03 * H, 2 * dw - 0.04 * W, 0.06 * H, 0x3a3a3a));
      break;
    }
    case 'consulting': {
      // Desk with a monitor, a chair, and a privacy curtain.
      out.push(box(x + 0.25 * W, floorY - 0.45 * H, 0.2 * W, 0.47 * H, look.accent, 0.6));
      for (let i = 1; i < 8; i++)
        out.push(box(x + 0.25 * W + i * 0.025 * W, floorY - 0.45 * H, 2, 0.47 * H, shade(look.accent, 0.7)));
      out.push(box(x, floorY - 0.16 * H, 0.22 * W, 0.03 * H, wood));
      out.push(box(x + 0.01 * W, floorY - 0.13 * H, 0.02 * W, 0.15 * H, shade(wood, 0.7)));
      out.push(box(x + 0.19 * W, floorY - 0.13 * H, 0.02 * W, 0.15 * H, shade(wood, 0.7)));
      out.push(box(x + 0.05 * W, floorY - 0.26 * H, 0.1 * W, 0.09 * H, 0x202020));
      break;
    }
    case 'ward': {
      // Two beds with blankets and a rail.
      for (const bx of [x, x + 0.25 * W]) {
        out.push(box(bx, floorY - 0.14 * H, 0.2 * W, 0.1 * H, 0xf4f4f4));
        out.push(box(bx + 0.06 * W, floorY - 0.14 * H, 0.14 * W, 0.1 * H, look.accent));
        out.push(box(bx, floorY - 0.2 * H, 0.015 * W, 0.2 * H, 0x909090));
        out.push(box(bx, floorY - 0.04 * H, 0.2 * W, 0.04 * H, 0x909090));
      }
      break;
    }
  }
  return out;
}

/**
 * The static room, as labelled graph segments ending in `[room]`: one frame, `framing` picks the
 * normal view or the re-aimed one (shifted right, tilted up and rotated).
 */
export function room(look: Look, opts: SceneOptions, framing: 'normal' | 'reaimed'): string[] {
  const g = geometry(opts.main);
  const { W, H, PW, PH, top, floorY } = g;
  const fps = opts.fps;
  const wall = [
    still(
      'gradients',
      {
        s: `${PW}x${PH}`,
        c0: color(look.wall[0]),
        c1: color(look.wall[1]),
        x0: 0,
        y0: 0,
        x1: PW,
        y1: PH,
        n: 2,
        seed: 1,
      },
      fps,
    ),
    'format=yuv420p',
    // Ceiling with lights (visible mostly when re-aimed), skirting board.
    box(0, 0, PW, top + 0.07 * H, look.ceiling),
    ...[0.1, 0.45, 0.8, 1.15, 1.5, 1.85].map((f) => box(f * W, top * 0.35, 0.14 * W, 0.025 * H, 0xffffee)),
    box(0, floorY - 0.02 * H, PW, 0.02 * H, shade(look.wall[1], 0.6)),
    // Door with frame and handle.
    box(look.doorX * W, floorY - 0.52 * H, 0.15 * W, 0.52 * H, shade(look.wood, 1.2)),
    filter('drawbox', {
      x: Math.round(look.doorX * W),
      y: Math.round(floorY - 0.52 * H),
      w: Math.round(0.15 * W),
      h: Math.round(0.52 * H),
      color: color(shade(look.wood, 0.6)),
      t: 4,
    }),
    box((look.doorX + 0.12) * W, floorY - 0.27 * H, 0.012 * W, 0.04 * H, 0xd0d0d0),
    // Sign board with the area name.
    box(look.furnitureX * W, top + 0.1 * H, 0.36 * W, 0.09 * H, look.accent),
    text(opts.fonts, 'text', AREA_SIGN[look.area], {
      x: Math.round((look.furnitureX + 0.015) * W),
      y: Math.round(top + 0.115 * H),
      size: Math.round(0.055 * H),
    }),
    // Outside the normal framing: a window with mullions and a cabinet.
    box(1.15 * W, top + 0.15 * H, 0.35 * W, 0.3 * H, 0xbfe0f5),
    box(1.15 * W + 0.17 * W, top + 0.15 * H, 0.012 * W, 0.3 * H, 0xffffff),
    box(1.15 * W, top + 0.29 * H, 0.35 * W, 0.012 * H, 0xffffff),
    box(1.62 * W, floorY - 0.4 * H, 0.2 * W, 0.4 * H, shade(look.wood, 0.9)),
    box(1.72 * W - 1, floorY - 0.4 * H, 2, 0.4 * H, shade(look.wood, 0.5)),
    `[wall]`,
  ];
  const floorH = PH - floorY;
  const floor = [
    still('color', { c: color(look.floor), s: `${PW}x${floorH}` }, fps),
    filter('drawgrid', { w: even(W / 12), h: even(floorH / 5), t: 2, c: color(look.grout) }),
    '[floor]',
  ];
  const poster = [
    still(
      'mandelbrot',
      {
        s: `${even(0.12 * W)}x${even(0.22 * H)}`,
        maxiter: 96,
        start_x: look.poster.x,
        start_y: look.poster.y,
        start_scale: look.poster.scale,
      },
      fps,
    ),
    filter('hue', { h: Math.round(look.poster.hue * 360) }),
    'format=yuv420p',
    filter('drawbox', { x: 0, y: 0, w: 'iw', h: 'ih', color: color(0xf0f0f0), t: 3 }),
    '[poster]',
  ];
  const crop =
    framing === 'normal'
      ? filter('crop', { w: W, h: H, x: 0, y: top })
      : `${filter('rotate', { a: look.reaim.angle, fillcolor: color(look.ceiling) })},${filter('crop', { w: W, h: H, x: Math.round(look.reaim.x * W), y: 0 })}`;
  const compose = [`[wall][floor]overlay=x=0:y=${floorY}`, ...furniture(g, look), `[pos]`];
  return [
    wall.join(','),
    floor.join(','),
    poster.join(',').replace(',[poster]', '[poster]'),
    compose.join(',').replace(',[pos]', '[pos]'),
    `[pos][poster]overlay=x=${Math.round(look.posterX * W)}:y=${Math.round(top + 0.22 * H)},${crop}[room]`,
  ].map((s) => s.replace(/,\[(\w+)\]$/, '[$1]'));
}

/** Overlay expressions for the walker, who paces left and right along the floor. */
export function walker(look: Look, g: Geometry, framing: 'normal' | 'reaimed', startMs: number) {
  const { W, H, top, floorY, strip } = g;
  const xMin = Math.round(0.03 * W);
  const span = Math.round(0.94 * W - g.person.w);
  const speed = Math.round(look.walk.speed * W);
  const phase = Math.round(look.walk.phase * 2 * span);
  const floorView = floorY - top;
  const feet = Math.round(floorView + 0.02 * H + look.walk.depth * (strip.y - floorView - 0.04 * H));
  const dx = framing === 'normal' ? 0 : -Math.round(look.reaim.x * W);
  const dy = framing === 'normal' ? 0 : top;
  const steps = (speed / (0.06 * W)).toFixed(3);
  // Seconds since start plus the start time modulo one walk (there and back): x follows real time.
  const t = `(t+${((startMs / 1000) % ((2 * span) / speed)).toFixed(3)})`;
  return {
    x: `${xMin + dx}+abs(mod(${t}*${speed}+${phase},${2 * span})-${span})`,
    y: `${feet + dy - g.person.h}-round(${Math.max(1, Math.round(H / 120))}*abs(sin(${t}*${steps}*PI)))`,
    // Two steps per stride: legs apart, then together.
    stride: `lt(mod(${t}*${steps},1),0.5)`,
  };
}
