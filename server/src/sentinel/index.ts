/**
 * The server-side tile-health sentinel (issue 5): every camera checked, watched or not.
 * Wiring: `new Sentinel({ taps: sfu, classifier: await NodeClassifier.create(), cameras })`, then
 * forward its `verdict` events (the contract's TileVerdict plus source/previous/decidedAt) to the
 * health board / alarm engine. See sentinel.ts.
 */
export {
  Sentinel,
  SENTINEL_MODEL_VERSION,
  type SentinelCamera,
  type SentinelCheck,
  type SentinelOptions,
  type SentinelStats,
  type SentinelTick,
  type SentinelVerdict,
  type TapSource,
} from './sentinel.ts';
export {
  TapDecoder,
  DECODER_SUPERVISOR,
  type DecodedFrame,
  type DecoderSnapshot,
  type TapDecoderOptions,
} from './tapDecoder.ts';
export { buildDecoderArgs, DEFAULT_DECODE_HEIGHT, DEFAULT_DECODE_WIDTH } from './decoderArgs.ts';
