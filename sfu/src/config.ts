import { cpus } from 'node:os';

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface SfuConfig {
  /** mediasoup workers (one per core by default). */
  numWorkers: number;
  /** Path of the mediasoup-worker binary built by infra/mediasoup/build-worker.sh. */
  workerBin: string;
  /** Address the WebRTC transports listen on. */
  listenIp: string;
  /** Address announced to browsers (public/NAT address); defaults to listenIp. */
  announcedAddress?: string;
  rtcMinPort: number;
  rtcMaxPort: number;
  /** STUN/TURN servers handed to browsers (coturn in infra/). */
  iceServers: IceServer[];
  /** Address PlainTransports for ingest listen on. */
  ingestIp: string;
  /** A stream with no RTP for this long is "no signal". */
  noSignalAfterMs: number;
  /**
   * A camera that never delivered media since it was added (SFU start) is "connecting", not "no
   * signal", for this long: ingest processes and publishers of a starting (or restarted, or loaded)
   * server take a few seconds to send. An ingest whose process gives up (input timeout, backoff) is
   * "no signal" at once.
   */
  startupGraceMs: number;
  /**
   * How often producer stats are polled for liveness. A cut is seen between noSignalAfterMs and
   * noSignalAfterMs plus one period after the last packet (≈ 57 µs of CPU per producer per poll).
   */
  livenessPollMs: number;
  /** ffmpeg binary used by ingest. */
  ffmpegPath: string;
  /** Address tap receivers (sentinel decoder, recorder ffmpeg) listen on. */
  tapIp: string;
  /**
   * UDP port range of tap receivers (RTP even, RTCP next): away from the RTC range, the fixture
   * cameras (21000-21999) and the kernel's ephemeral ports (32768+).
   */
  tapMinPort: number;
  tapMaxPort: number;
}

export function defaultSfuConfig(overrides: Partial<SfuConfig> = {}): SfuConfig {
  const workerBin = overrides.workerBin ?? process.env.MEDIASOUP_WORKER_BIN ?? '';
  return {
    numWorkers: Math.max(1, cpus().length),
    workerBin,
    listenIp: '127.0.0.1',
    rtcMinPort: 40000,
    rtcMaxPort: 49999,
    iceServers: [],
    ingestIp: '127.0.0.1',
    noSignalAfterMs: 2000,
    startupGraceMs: 15_000,
    livenessPollMs: 250,
    ffmpegPath: 'ffmpeg',
    tapIp: '127.0.0.1',
    tapMinPort: 22000,
    tapMaxPort: 23999,
    ...overrides,
  };
}
