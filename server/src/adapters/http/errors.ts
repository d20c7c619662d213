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
  const wire = toWireError(error);
  res.status(HTTP_STATUS[wire.code]).json({ error: wire });
};
