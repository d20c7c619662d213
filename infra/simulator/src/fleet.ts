/** A fleet of simulated cameras plus its HTTP control API. */
import { SimCamera, type CameraState } from './camera.ts';
import { resolveFonts } from './font.ts';
import { startControlServer, type Controller } from './http.ts';
import { parseModeRequest, resolveMode, type ModeRequest } from './modes.ts';
import { Relay, udpTarget } from './relay.ts';
import { DEFAULT_REGISTRY_PATH, loadRegistry, selectCameras } from './registry.ts';
import { DEFAULT_SCENE, type SceneOptions, type Size } from './scene.ts';

export interface FleetOptions {
  /** How many ingest cameras of the registry to simulate, in registry order (default 16, max 100). */
  cameras?: number;
  fps?: number;
  /** Control API port on 127.0.0.1; 0 picks a free one (default 8090). */
  httpPort?: number;
  httpHost?: string;
  registryPath?: string;
  /** Send camera i to 127.0.0.1:basePort+2i (main) and +2i+1 (sub) instead of the registry's URLs. */
  basePort?: number;
  main?: Size;
  sub?: Size;
  mainKbps?: number;
  subKbps?: number;
  /** Time zone of the burned-in human-readable clock (default Asia/Shanghai). */
  timeZone?: string;
  /** Mode every camera starts in (default normal). */
  initialMode?: ModeRequest;
  ffmpegPath?: string;
  log?: (line: string) => void;
}

export interface Fleet {
  /** Base URL of the control API, e.g. http://127.0.0.1:8090 */
  url: string;
  setMode(cameraId: string, mode: string | ModeRequest, variant?: string): Promise<CameraState>;
  setAllModes(mode: string | ModeRequest, variant?: string): Promise<CameraState[]>;
  cameras(): CameraState[];
  camera(cameraId: string): CameraState | undefined;
  stop(): Promise<void>;
}

export class UnknownCameraError extends Error {
  readonly cameraId: string;

  constructor(cameraId: string) {
    super(`no simulated camera ${cameraId}`);
    this.cameraId = cameraId;
  }
}

function toRequest(mode: string | ModeRequest, variant?: string): ModeRequest {
  return typeof mode === 'string'
    ? parseModeRequest(mode, variant)
    : parseModeRequest(mode.mode, 'variant' in mode ? mode.variant : undefined);
}

function checkSize(name: string, s: Size): Size {
  if (
    !Number.isInteger(s.width) ||
    !Number.isInteger(s.height) ||
    s.width < 64 ||
    s.height < 36 ||
    s.width % 2 ||
    s.height % 2
  ) {
    throw new RangeError(`${name} size must be even integers of at least 64x36, got ${s.width}x${s.height}`);
  }
  return s;
}

export async function startFleet(options: FleetOptions = {}): Promise<Fleet> {
  const log = options.log ?? ((line: string) => console.error(`[sim] ${line}`));
  const fps = options.fps ?? DEFAULT_SCENE.fps;
  if (!Number.isInteger(fps) || fps < 1 || fps > 60)
    throw new RangeError(`fps must be an integer from 1 to 60, got ${fps}`);
  const fonts = resolveFonts();
  fonts.warnings.forEach(log);
  const scene: SceneOptions = {
    fps,
    main: checkSize('main', options.main ?? DEFAULT_SCENE.main),
    sub: checkSize('sub', options.sub ?? DEFAULT_SCENE.sub),
    mainKbps: options.mainKbps ?? DEFAULT_SCENE.mainKbps,
    subKbps: options.subKbps ?? DEFAULT_SCENE.subKbps,
    fonts: { text: fonts.text, clock: fonts.clock },
  };
  const registry = loadRegistry(options.registryPath ?? DEFAULT_REGISTRY_PATH);
  const selected = selectCameras(registry, options.cameras ?? 16, options.basePort);
  const targets = await Promise.all(
    selected.map(async (c) => ({ main: await udpTarget(c.main), sub: await udpTarget(c.sub) })),
  );
  const relay = await Relay.start(log);
  selected.forEach((c, i) => relay.addCamera(c.id, targets[i]!));
  const runtime = {
    ffmpeg: options.ffmpegPath ?? 'ffmpeg',
    env: { ...process.env, TZ: options.timeZone ?? 'Asia/Shanghai' },
    log,
    relay,
  };
  const cams = new Map(selected.map((c) => [c.id, new SimCamera(c, scene, runtime)]));
  const killAll = () => cams.forEach((c) => c.killNow());
  process.once('exit', killAll);

  const initial = options.initialMode ? toRequest(options.initialMode) : { mode: 'normal' as const };
  const get = (id: string) => {
    const cam = cams.get(id);
    if (!cam) throw new UnknownCameraError(id);
    return cam;
  };
  const controller: Controller = {
    cameras: () => [...cams.values()].map((c) => c.state()),
    setMode: (id, req) => {
      const cam = get(id);
      return cam.setMode(resolveMode(req, cam.cam.index));
    },
    setAllModes: (req) => Promise.all([...cams.values()].map((c) => c.setMode(resolveMode(req, c.cam.index)))),
    isUnknownCamera: (err) => err instanceof UnknownCameraError,
  };

  let stopped = false;
  const stopCameras = async () => {
    await Promise.all([...cams.values()].map((c) => c.stop()));
    await relay.stop();
    process.removeListener('exit', killAll);
  };
  let server: Awaited<ReturnType<typeof startControlServer>>;
  try {
    await controller.setAllModes(initial);
    server = await startControlServer(controller, options.httpPort ?? 8090, options.httpHost ?? '127.0.0.1');
  } catch (err) {
    await stopCameras();
    throw err;
  }
  log(
    `${cams.size} cameras running (${scene.main.width}x${scene.main.height} + ${scene.sub.width}x${scene.sub.height} @ ${fps} fps), control API ${server.url}`,
  );

  return {
    url: server.url,
    setMode: (id, mode, variant) => controller.setMode(id, toRequest(mode, variant)),
    setAllModes: (mode, variant) => controller.setAllModes(toRequest(mode, variant)),
    cameras: controller.cameras,
    camera: (id) => cams.get(id)?.state(),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await Promise.all([server.close(), stopCameras()]);
    },
  };
}
