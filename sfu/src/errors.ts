import type { ErrorCode } from '@clinicwall/contract';

/** An SFU error a transport can show to a person; `code` maps to HTTP/socket errors once per transport. */
export class SfuError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'SfuError';
    this.code = code;
  }
}

/** Wrong lifecycle, as mediasoup's own InvalidStateError. */
export class InvalidStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidStateError';
  }
}
