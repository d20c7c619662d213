import { SYSTEM_REASONS } from '@clinicwall/contract';

export type SystemReasonCode = (typeof SYSTEM_REASONS)[keyof typeof SYSTEM_REASONS];
export const SYSTEM_REASON_CODES: readonly SystemReasonCode[] = Object.values(SYSTEM_REASONS);

/**
 * The `why` of a history entry: a system reason code to translate (with its parameters, e.g. the
 * report ids of `maintenance_report:r1,r2`), a person's words kept verbatim, or nothing.
 */
export type Reason =
  | { kind: 'system'; code: SystemReasonCode; params: Record<string, string> }
  | { kind: 'text'; text: string }
  | { kind: 'none' };

function isCode(v: string): v is SystemReasonCode {
  return (SYSTEM_REASON_CODES as readonly string[]).includes(v);
}

export function parseReason(why: string): Reason {
  const trimmed = why.trim();
  if (!trimmed) return { kind: 'none' };
  if (isCode(trimmed)) return { kind: 'system', code: trimmed, params: {} };
  const colon = trimmed.indexOf(':');
  if (colon > 0) {
    const code = trimmed.slice(0, colon);
    if (code === SYSTEM_REASONS.maintenanceReport)
      return {
        kind: 'system',
        code,
        params: {
          ids: trimmed
            .slice(colon + 1)
            .split(',')
            .join(', '),
        },
      };
  }
  return { kind: 'text', text: trimmed };
}
