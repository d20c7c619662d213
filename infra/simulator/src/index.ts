/**
 * Camera simulator: N fake IP cameras from the demo registry, each one ffmpeg sending a main
 * stream and a substream (H.264 in MPEG-TS over UDP) with the contract's timecode burned in,
 * switchable at runtime into fault modes. See infra/simulator/README.md.
 */
export { startFleet, UnknownCameraError, type Fleet, type FleetOptions } from './fleet.ts';
export type { CameraState } from './camera.ts';
export {
  MODES,
  BLANK_VARIANTS,
  COVER_VARIANTS,
  ModeRequest,
  parseModeRequest,
  type Mode,
  type ModeState,
  type BlankVariant,
  type CoverVariant,
} from './modes.ts';
export { ffmpegArgs, sceneGraph, DEFAULT_SCENE, type SceneCamera, type SceneOptions, type Size } from './scene.ts';
export { DEFAULT_REGISTRY_PATH, MAX_CAMERAS, loadRegistry, selectCameras } from './registry.ts';
