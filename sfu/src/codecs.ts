import type { types } from 'mediasoup';

/** Codecs every router offers: VP8 (browsers, WebRTC publishers) and H.264 (IP cameras). */
export const MEDIA_CODECS: types.RouterRtpCodecCapability[] = [
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: {} },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
  },
];

/** Payload type ingest processes use when pushing H.264 over RTP. */
export const INGEST_H264_PAYLOAD_TYPE = 102;

/** RTP parameters of an ingest producer (H.264 from ffmpeg, one SSRC). */
export function ingestRtpParameters(ssrc: number): types.RtpParameters {
  return {
    codecs: [
      {
        mimeType: 'video/H264',
        payloadType: INGEST_H264_PAYLOAD_TYPE,
        clockRate: 90000,
        parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
        rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
      },
    ],
    encodings: [{ ssrc }],
  };
}
