import type { Clinic, SwipeFlag, Terminal } from '@clinicwall/contract';

/** What routing needs from the registry. */
export interface RegistryLookup {
  terminal(id: string): Terminal | undefined;
  clinicByCode(code: string): Clinic | undefined;
  clinicById(id: string): Clinic | undefined;
  hasCamera(id: string): boolean;
}

export interface SwipeRoute {
  clinicId: string | null;
  /** Cameras whose tiles show the swipe (empty: unmapped). */
  cameraIds: string[];
  flags: Extract<SwipeFlag, 'unmapped' | 'unknown_clinic'>[];
}

/**
 * Routes a swipe to the camera that sees its terminal. A terminal the registry does not know, or one
 * mapped to no (existing) camera, is `unmapped`: the swipe is kept and listed for admins. A clinic
 * code that matches no clinic, or not the terminal's clinic, is `unknown_clinic`.
 */
export function routeSwipe(registry: RegistryLookup, terminalId: string, clinicCode: string): SwipeRoute {
  const terminal = registry.terminal(terminalId);
  const byCode = registry.clinicByCode(clinicCode);
  const flags: SwipeRoute['flags'] = [];
  const cameraIds = terminal?.cameraId && registry.hasCamera(terminal.cameraId) ? [terminal.cameraId] : [];
  if (cameraIds.length === 0) flags.push('unmapped');
  if (!byCode || (terminal && terminal.clinicId !== byCode.id)) flags.push('unknown_clinic');
  return { clinicId: terminal?.clinicId ?? byCode?.id ?? null, cameraIds, flags };
}
