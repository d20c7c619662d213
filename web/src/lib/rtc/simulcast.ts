/**
 * What a clinic webcam publishes: 640x360 at 15 fps as two simulcast layers. The SFU serves the low
 * layer as the camera's 'sub' stream (wall tiles) and the high one as 'main' (focused view).
 * Plain data (no mediasoup import) so node can unit-test it.
 */
export const PUBLISH_WIDTH = 640;
export const PUBLISH_HEIGHT = 360;
export const PUBLISH_FPS = 15;

export const PUBLISH_CONSTRAINTS = {
  width: { ideal: PUBLISH_WIDTH },
  height: { ideal: PUBLISH_HEIGHT },
  frameRate: { ideal: PUBLISH_FPS, max: PUBLISH_FPS },
  aspectRatio: { ideal: PUBLISH_WIDTH / PUBLISH_HEIGHT },
} as const satisfies MediaTrackConstraints;

export interface SimulcastEncoding {
  scaleResolutionDownBy: number;
  maxBitrate: number;
  maxFramerate: number;
}

/** Lowest layer first (mediasoup-client and the SFU number spatial layers from the lowest). */
export const PUBLISH_ENCODINGS: readonly SimulcastEncoding[] = [
  { scaleResolutionDownBy: 2, maxBitrate: 150_000, maxFramerate: PUBLISH_FPS },
  { scaleResolutionDownBy: 1, maxBitrate: 600_000, maxFramerate: PUBLISH_FPS },
];

/** Layer index that carries a stream: 0 = sub (low), 1 = main (high). */
export const LAYER_OF_STREAM = { sub: 0, main: 1 } as const;
