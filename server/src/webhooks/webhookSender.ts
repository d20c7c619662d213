import { ALARM_WEBHOOK_HEADERS } from '@clinicwall/contract';
import { signSwipeRequest } from '../adapters/http/swipeSignature.ts';

export interface WebhookRequest {
  url: string;
  secret: string;
  body: string;
  eventId: string;
  eventType: string;
  attempt: number;
  timeoutMs: number;
  /** Aborted when the server stops. */
  signal: AbortSignal;
}

/** What came back: a status, or an error message when nothing did. */
export type WebhookAnswer = { status: number; retryAfter: string | null } | { status: null; error: string };

export type SendWebhook = (req: WebhookRequest, nowMs: number) => Promise<WebhookAnswer>;

/** The signed headers of one attempt (a fresh timestamp each time; the body and event id stay). */
export function webhookHeaders(req: WebhookRequest, nowMs: number): Record<string, string> {
  const ts = Math.floor(nowMs / 1000);
  return {
    'content-type': 'application/json',
    'user-agent': 'ClinicWall-Webhooks/1',
    [ALARM_WEBHOOK_HEADERS.timestamp]: String(ts),
    [ALARM_WEBHOOK_HEADERS.signature]: signSwipeRequest(req.secret, ts, req.body),
    [ALARM_WEBHOOK_HEADERS.eventId]: req.eventId,
    [ALARM_WEBHOOK_HEADERS.eventType]: req.eventType,
    [ALARM_WEBHOOK_HEADERS.attempt]: String(req.attempt),
  };
}

/** Why a fetch failed, without the URL (it may carry a token): "ECONNREFUSED", "timeout after 10000 ms". */
function describeFailure(error: unknown, req: WebhookRequest): string {
  const e = error as { name?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return `timeout after ${req.timeoutMs} ms`;
  if (e.name === 'AbortError') return 'aborted (server stopping)';
  return e.cause?.code ?? e.cause?.message ?? (error as Error).message ?? 'network error';
}

/** One signed POST with fetch: no redirects followed, a timeout, the answer body drained. */
export const fetchWebhook: SendWebhook = async (req, nowMs) => {
  try {
    const res = await fetch(req.url, {
      method: 'POST',
      headers: webhookHeaders(req, nowMs),
      body: req.body,
      redirect: 'manual',
      signal: AbortSignal.any([req.signal, AbortSignal.timeout(req.timeoutMs)]),
    });
    await res.arrayBuffer().catch(() => undefined);
    return { status: res.status, retryAfter: res.headers.get('retry-after') };
  } catch (error) {
    return { status: null, error: describeFailure(error, req) };
  }
};
