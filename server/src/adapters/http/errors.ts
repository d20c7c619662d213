import type { ErrorRequestHandler } from 'express';
import { HTTP_STATUS, type WireError } from '@clinicwall/contract';
import { toWireError } from '../socket/handle.ts';

/** Maps errors to HTTP once: a code → status, body { error: WireError }. */
export const httpErrorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  if ((error as { type?: string }).type === 'entity.parse.failed') {
    const body: WireError = { code: 'invalid_argument', message: 'request body is not valid JSON' };
    res.status(400).json({ error: body });
    return;
  }
  if ((error as { type?: string }).type === 'entity.too.large') {
    const limit = (error as { limit?: number }).limit;
    const body: WireError = {
      code: 'payload_too_large',
      message: limit ? `request body is larger than ${limit} bytes` : 'request body is too large',
    };
    res.status(HTTP_STATUS.payload_too_large).json({ error: body });
    return;
  }
  const wire = toWireError(error);
  res.status(HTTP_STATUS[wire.code]).json({ error: wire });
};
