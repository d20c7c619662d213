import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CameraStatus } from '@clinicwall/contract';
import { ingestNote } from './ingestNote.ts';

const none = { producerId: null, width: null, height: null };
function status(over: Partial<CameraStatus>): CameraStatus {
  return {
    cameraId: 'cam-001',
    state: 'no_signal',
    since: 0,
    streams: { main: none, sub: none },
    ingest: { state: 'running', restarts: 0, lastError: null, nextRetryAt: null },
    ...over,
  };
}

describe('ingestNote', () => {
  it('says nothing for a live camera or an unknown one', () => {
    assert.equal(ingestNote(status({ state: 'live' }), 0), null);
    assert.equal(ingestNote(null, 0), null);
  });

  it('tells a retrying ingest apart, with the attempt and the seconds to the next try', () => {
    const note = ingestNote(
      status({ ingest: { state: 'backoff', restarts: 3, lastError: 'Connection refused', nextRetryAt: 10_400 } }),
      8_000,
    );
    assert.deepEqual(note, { key: 'tile.ingest.backoff', params: { n: 3, s: 3 }, detail: 'Connection refused' });
  });

  it('calls a running ingest without media a silent camera', () => {
    assert.equal(ingestNote(status({}), 0)?.key, 'tile.ingest.silent');
  });

  it('a WebRTC camera without a publisher waits for the clinic', () => {
    assert.equal(ingestNote(status({ ingest: null }), 0)?.key, 'tile.ingest.webrtc');
  });

  it('a stopped ingest and a starting one are named as such', () => {
    const base = { restarts: 0, lastError: null, nextRetryAt: null };
    assert.equal(ingestNote(status({ ingest: { ...base, state: 'stopped' } }), 0)?.key, 'tile.ingest.stopped');
    assert.equal(
      ingestNote(status({ state: 'connecting', ingest: { ...base, state: 'starting' } }), 0)?.key,
      'tile.ingest.starting',
    );
  });
});
