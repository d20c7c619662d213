import type { RegistrySnapshot, SwipeIn } from '@clinicwall/contract';
import type { SwipeDraft } from './ports.ts';

/** A small registry for swipe tests: two clinics, their cashier cameras and terminals. */
export function swipeTestRegistry(): RegistrySnapshot {
  const cam = (id: string, clinicId: string) => ({
    id,
    clinicId,
    name: '收费处',
    nameEn: 'Cashier',
    area: 'cashier' as const,
    source: { kind: 'webrtc' as const },
  });
  return {
    regions: [{ id: 'r-1', name: '东城区', nameEn: 'Dongcheng' }],
    clinics: [
      {
        id: 'c-1',
        code: 'H001',
        regionId: 'r-1',
        name: '安定门社区卫生服务中心',
        nameEn: 'Andingmen',
        level: 'clinic',
      },
      { id: 'c-2', code: 'H002', regionId: 'r-1', name: '和平里医院', nameEn: 'Hepingli', level: 'hospital' },
    ],
    cameras: [cam('cam-a', 'c-1'), cam('cam-b', 'c-1'), cam('cam-c', 'c-2')],
    terminals: [
      { id: 't-1', clinicId: 'c-1', cameraId: 'cam-a', name: '收费处终端 1' },
      { id: 't-2', clinicId: 'c-1', cameraId: null, name: '药房终端 2' },
      { id: 't-3', clinicId: 'c-2', cameraId: 'cam-c', name: '收费处终端 3' },
    ],
  };
}

let n = 0;
/** A valid swipe as an integration would post it (already parsed). */
export function swipeIn(over: Partial<SwipeIn> = {}): SwipeIn {
  n++;
  return {
    swipeId: `sw-${n}`,
    terminalId: 't-1',
    clinicCode: 'H001',
    occurredAt: '2026-11-23T09:30:00+08:00',
    cardNumber: '6222021234567890123',
    holderName: '张三明',
    doctorId: 'D-1001',
    items: [
      { code: 'A001', name: '手部伤口换药', quantity: 1, unitPrice: 35.5 },
      { code: 'B002', name: '阿莫西林胶囊', quantity: 2, unitPrice: 12.25 },
    ],
    total: 60,
    currency: 'CNY',
    ...over,
  };
}

/**
 * The i-th of a series of stored-swipe drafts: odd ones at terminal t-odd seen by cam-odd, even ones
 * unmapped at t-even; every third on card `b…`, the others on card `a…`; one second apart.
 */
export function swipeDraft(i: number, over: Partial<SwipeDraft> = {}): SwipeDraft {
  return {
    swipeId: `s-${i}`,
    integrationId: 'his-1',
    terminalId: i % 2 ? 't-odd' : 't-even',
    clinicCode: 'H001',
    clinicId: 'c-1',
    cameraIds: i % 2 ? ['cam-odd'] : [],
    occurredAt: new Date(Date.UTC(2026, 10, 23, 1, 0, i)).toISOString(),
    receivedAt: new Date(Date.UTC(2026, 10, 23, 1, 0, i)).toISOString(),
    cardLast4: '0000',
    cardHash: (i % 3 ? 'a' : 'b').repeat(32),
    holderNameMasked: '张*',
    doctorId: 'D-1',
    items: [{ code: 'A', name: '换药', quantity: 1, unitPrice: 1 }],
    total: 1,
    currency: 'CNY',
    flags: i % 2 ? [] : ['unmapped'],
    ...over,
  };
}
