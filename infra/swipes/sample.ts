import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RegistrySnapshot, type Clinic, type SwipeInInput, type Terminal } from '@clinicwall/contract';
import { limitCameras } from '../../server/src/adapters/memory/registryStore.ts';
import { outsideHours } from '../../server/src/domain/swipes/openingHours.ts';
import { haversineKm } from '../../server/src/domain/swipes/travel.ts';

/** Billable items of a Beijing community clinic / pharmacy, with typical unit prices in CNY. */
export const ITEMS: readonly { code: string; name: string; unitPrice: number; maxQty: number }[] = [
  { code: '110200001', name: '普通门诊诊查费', unitPrice: 10, maxQty: 1 },
  { code: '120400005', name: '手部伤口换药', unitPrice: 35.5, maxQty: 1 },
  { code: '120400006', name: '中换药', unitPrice: 48, maxQty: 1 },
  { code: '250101015', name: '血常规检查', unitPrice: 25, maxQty: 1 },
  { code: '250302001', name: '血糖测定', unitPrice: 8, maxQty: 2 },
  { code: '310701001', name: '常规心电图检查', unitPrice: 30, maxQty: 1 },
  { code: '120400001', name: '肌肉注射', unitPrice: 6, maxQty: 3 },
  { code: '120400002', name: '静脉注射', unitPrice: 9.5, maxQty: 2 },
  { code: '310603002', name: '雾化吸入', unitPrice: 18, maxQty: 2 },
  { code: '430000001', name: '针灸治疗', unitPrice: 45, maxQty: 2 },
  { code: '450000003', name: '推拿治疗', unitPrice: 60, maxQty: 1 },
  { code: '310511001', name: '口腔检查', unitPrice: 15, maxQty: 1 },
  { code: 'XJ01CA04', name: '阿莫西林胶囊 0.25g×24粒', unitPrice: 12.8, maxQty: 3 },
  { code: 'XM01AE01', name: '布洛芬缓释胶囊 0.3g×20粒', unitPrice: 16.5, maxQty: 2 },
  { code: 'XJ01DD08', name: '头孢克肟分散片 0.1g×6片', unitPrice: 28.9, maxQty: 2 },
  { code: 'XA10BA02', name: '盐酸二甲双胍片 0.5g×48片', unitPrice: 9.6, maxQty: 4 },
  { code: 'XC08CA01', name: '苯磺酸氨氯地平片 5mg×28片', unitPrice: 22.4, maxQty: 3 },
  { code: 'ZA01AA', name: '感冒灵颗粒 10g×9袋', unitPrice: 14.5, maxQty: 2 },
  { code: 'ZB01BA', name: '复方丹参滴丸 27mg×180丸', unitPrice: 26.8, maxQty: 2 },
  { code: 'YP0012', name: '中药饮片 当归 10g', unitPrice: 3.2, maxQty: 14 },
  { code: 'YP0031', name: '中药饮片 黄芪 15g', unitPrice: 2.6, maxQty: 14 },
];

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤',
];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉宇浩凯秀兰建国志强淑珍'];

export type Random = () => number;
const pick = <T>(rnd: Random, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** A card number that looks like a social-security bank card (19 digits, 6222 02...). */
export function cardNumber(rnd: Random): string {
  let s = '622202';
  while (s.length < 19) s += Math.floor(rnd() * 10);
  return s;
}

export function holderName(rnd: Random): string {
  const given = Array.from({ length: rnd() < 0.7 ? 2 : 1 }, () => pick(rnd, GIVEN)).join('');
  return pick(rnd, SURNAMES) + given;
}

/** `2026-11-23T09:30:00.123+08:00`: local Beijing time, as Chinese billing systems send it. */
export function beijingTime(ms: number): string {
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, -1)}+08:00`;
}

export interface DemoTerminal {
  terminal: Terminal;
  clinicCode: string;
  /** Its clinic (place and opening hours, when the fixture has them). */
  clinic: Clinic;
}

/** Terminals mapped to a camera among the first `cameras` IP cameras of the demo fixture. */
export function demoTerminals(cameras: number, fixture?: string): DemoTerminal[] {
  const path = fixture ?? fileURLToPath(new URL('../fixtures/demo-registry.json', import.meta.url));
  const snap = limitCameras(RegistrySnapshot.parse(JSON.parse(readFileSync(path, 'utf8'))), cameras);
  const clinics = new Map(snap.clinics.map((c) => [c.id, c]));
  return snap.terminals
    .filter((t) => t.cameraId)
    .map((terminal) => {
      const clinic = clinics.get(terminal.clinicId)!;
      return { terminal, clinicCode: clinic.code, clinic };
    });
}

/** Expensive items a fraudulent bill piles up (an insurance-drug stockpile), CNY. */
const COSTLY: readonly { code: string; name: string; unitPrice: number }[] = [
  { code: 'XB05AA01', name: '人血白蛋白注射液 10g', unitPrice: 398 },
  { code: 'XL04AB02', name: '英夫利西单抗 100mg', unitPrice: 2680 },
  { code: 'ZA12BA', name: '安宫牛黄丸 3g×1丸', unitPrice: 860 },
];

/**
 * A recent time at which the clinic is closed by at least `marginMs` (the server's grace), stepping
 * back from `nowMs`; null for a clinic open around the clock (no hours) or never closed.
 */
export function closedTime(clinic: Clinic, nowMs: number, marginMs = 3600_000): number | null {
  if (!clinic.hours) return null;
  const step = 5 * 60_000;
  for (let t = nowMs; t > nowMs - 8 * 24 * 3600_000; t -= step) if (outsideHours(clinic.hours, t, marginMs)) return t;
  return null;
}

/** Two terminals of clinics at least `minKm` apart (both with coordinates), or null. */
export function distantPair(
  terminals: readonly DemoTerminal[],
  rnd: Random,
  minKm = 5,
): [DemoTerminal, DemoTerminal] | null {
  const pairs: [DemoTerminal, DemoTerminal][] = [];
  for (const a of terminals)
    for (const b of terminals)
      if (a.clinic.geo && b.clinic.geo && haversineKm(a.clinic.geo, b.clinic.geo) >= minKm) pairs.push([a, b]);
  return pairs.length > 0 ? pick(rnd, pairs) : null;
}

let serial = 0;

export interface SampleOptions {
  terminalId: string;
  clinicCode: string;
  atMs?: number;
  card?: string;
  /** Make the total disagree with the items (a billing anomaly). */
  wrongTotal?: boolean;
  /** Add a stack of costly items: a total far above a clinic's usual. */
  costly?: boolean;
}

/** A realistic swipe: 1-4 items, CNY, a doctor, a card and a holder. */
export function sampleSwipe(rnd: Random, o: SampleOptions): SwipeInInput {
  const items = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => {
    const item = pick(rnd, ITEMS);
    return {
      code: item.code,
      name: item.name,
      quantity: 1 + Math.floor(rnd() * item.maxQty),
      unitPrice: item.unitPrice,
    };
  });
  if (o.costly) {
    const item = pick(rnd, COSTLY);
    items.unshift({ code: item.code, name: item.name, quantity: 3 + Math.floor(rnd() * 6), unitPrice: item.unitPrice });
  }
  const cents = items.reduce((s, i) => s + i.quantity * Math.round(i.unitPrice * 100), 0);
  const at = o.atMs ?? Date.now();
  return {
    swipeId: `HIS-${at.toString(36)}-${(serial++).toString(36)}-${Math.floor(rnd() * 1e6).toString(36)}`,
    terminalId: o.terminalId,
    clinicCode: o.clinicCode,
    occurredAt: beijingTime(at),
    cardNumber: o.card ?? cardNumber(rnd),
    holderName: holderName(rnd),
    doctorId: `D${String(1000 + Math.floor(rnd() * 9000))}`,
    items,
    total: (o.wrongTotal ? cents + 100 * (20 + Math.floor(rnd() * 200)) : cents) / 100,
    currency: 'CNY',
  };
}

/** Reads KEY=VALUE lines (var/secrets.env), for scripts run outside demo.sh. */
export function readEnvFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/** The first integration of SWIPE_INTEGRATIONS (`id:secret,...`). */
export function firstIntegration(value: string | undefined): { id: string; secret: string } {
  const first = value?.split(',')[0]?.trim();
  const at = first?.indexOf(':') ?? -1;
  if (!first || at < 1)
    throw new Error('SWIPE_INTEGRATIONS is not set (run infra/demo.sh once, or source var/secrets.env)');
  return { id: first.slice(0, at), secret: first.slice(at + 1) };
}
