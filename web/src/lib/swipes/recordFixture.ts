import type { SwipeRecord } from '@clinicwall/contract';

/** A stored swipe for unit tests (masked, as the server pushes it). */
export function swipeRecord(id: string, over: Partial<SwipeRecord> = {}): SwipeRecord {
  return {
    id,
    swipeId: `s-${id}`,
    integrationId: 'his-1',
    terminalId: 't-01-1',
    clinicCode: 'H110101001',
    clinicId: 'c-01',
    cameraIds: ['cam-001'],
    occurredAt: '2026-11-23T01:30:00.000Z',
    receivedAt: '2026-11-23T01:30:00.200Z',
    cardLast4: '1234',
    cardHash: '0123456789abcdef0123456789abcdef',
    holderNameMasked: '张*明',
    doctorId: 'D-0012',
    items: [{ code: 'A1', name: '换药', quantity: 1, unitPrice: 35 }],
    total: 35,
    currency: 'CNY',
    flags: [],
    ...over,
  };
}
