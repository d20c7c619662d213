import type { SwipePageDto, Terminal, TerminalMappingRequest } from '@clinicwall/contract';
import { apiCall as call } from '../http/apiCall.ts';

type Query = URLSearchParams | Record<string, string>;

/** GET /api/v1/swipes (newest first). */
export function fetchSwipePage(query: Query, signal?: AbortSignal): Promise<SwipePageDto> {
  return call<SwipePageDto>(`/api/v1/swipes?${new URLSearchParams(query).toString()}`, { signal });
}

/** GET /api/v1/swipes/unmapped (an admin's session). */
export function fetchUnmappedSwipes(query: Query, signal?: AbortSignal): Promise<SwipePageDto> {
  return call<SwipePageDto>(`/api/v1/swipes/unmapped?${new URLSearchParams(query).toString()}`, { signal });
}

/** PUT /api/v1/terminals/:id (an admin's session): the camera that sees the terminal, or none. */
export function putTerminalCamera(terminalId: string, cameraId: string | null): Promise<Terminal> {
  const body: TerminalMappingRequest = { cameraId };
  return call<Terminal>(`/api/v1/terminals/${encodeURIComponent(terminalId)}`, {
    method: 'PUT',
    body: JSON.stringify(body),
  });
}
