import type { CameraStatus } from '@clinicwall/contract';
import type { MessageKey, MessageParams } from '../i18n/types.ts';

export interface IngestNote {
  key: MessageKey;
  params?: MessageParams;
  /** The ingest's last error (ffmpeg's own words), for the tooltip. */
  detail: string | null;
}

/**
 * Why a tile has no picture, from the camera's ingest as the SFU reports it: the operator should
 * tell "the clinic's camera stopped sending" from "we are retrying to reach it".
 */
export function ingestNote(status: CameraStatus | null, now: number): IngestNote | null {
  if (!status || status.state === 'live') return null;
  const ingest = status.ingest;
  if (!ingest) return { key: 'tile.ingest.webrtc', detail: null };
  const detail = ingest.lastError;
  switch (ingest.state) {
    case 'backoff': {
      const seconds = ingest.nextRetryAt === null ? 0 : Math.max(0, Math.ceil((ingest.nextRetryAt - now) / 1000));
      return { key: 'tile.ingest.backoff', params: { n: ingest.restarts, s: seconds }, detail };
    }
    case 'starting':
    case 'idle':
      return { key: 'tile.ingest.starting', detail };
    case 'stopped':
      return { key: 'tile.ingest.stopped', detail };
    case 'running':
      return { key: 'tile.ingest.silent', detail };
  }
}
