export { Sfu, type IngestStatus } from './sfu.ts';
export { Peer, type ConsumedClosed, type ProducedClosed } from './peer.ts';
export { defaultSfuConfig, type SfuConfig, type IceServer } from './config.ts';
export { SfuError, InvalidStateError } from './errors.ts';
export { MEDIA_CODECS } from './codecs.ts';
export { Tap, type TapStream } from './taps/tap.ts';
export { tapSdp } from './taps/sdp.ts';
export {
  Supervisor,
  DEFAULT_SUPERVISOR,
  backoffDelay,
  type Running,
  type SupervisorOptions,
  type SupervisorSnapshot,
} from './ingest/supervisor.ts';
export { spawnTied } from './tiedSpawn.ts';
