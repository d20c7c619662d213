/**
 * Control API of the simulator (node:http, JSON):
 *   GET /cameras                 → CameraState[]
 *   GET /cameras/:id             → CameraState
 *   PUT /cameras/:id/mode  {"mode":"blank","variant":"nosignal"} → CameraState
 *   PUT /mode              {"mode":"normal"}                     → CameraState[]
 *   GET /healthz
 * Errors are `{ "error": WireError }` with 400 (bad body), 404 (unknown camera or route), 405.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WireError } from '@clinicwall/contract';
import type { CameraState } from './camera.ts';
import { describeZodError, ModeRequest } from './modes.ts';

export interface Controller {
  cameras(): CameraState[];
  setMode(cameraId: string, req: ModeRequest): Promise<CameraState>;
  setAllModes(req: ModeRequest): Promise<CameraState[]>;
  isUnknownCamera(err: unknown): boolean;
}

const MAX_BODY = 16 * 1024;

class HttpError extends Error {
  readonly status: number;
  readonly wire: WireError;

  constructor(status: number, wire: WireError) {
    super(wire.message);
    this.status = status;
    this.wire = wire;
  }
}

const badRequest = (message: string) => new HttpError(400, { code: 'invalid_argument', message });
const notFound = (message: string) => new HttpError(404, { code: 'not_found', message });

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, { code: 'invalid_argument', message: 'body too large' });
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) throw badRequest('a JSON body is required, such as {"mode":"normal"}');
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('the body is not valid JSON');
  }
}

async function readModeRequest(req: IncomingMessage): Promise<ModeRequest> {
  const parsed = ModeRequest.safeParse(await readJson(req));
  if (!parsed.success) throw badRequest(describeZodError(parsed.error));
  return parsed.data;
}

/** Routes one request; exported for tests. */
export async function route(controller: Controller, req: IncomingMessage): Promise<{ status: number; body: unknown }> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const method = req.method ?? 'GET';
  const allow = (methods: string[]) => {
    if (!methods.includes(method))
      throw new HttpError(405, { code: 'invalid_argument', message: `use ${methods.join(' or ')}` });
  };
  if (parts.length === 1 && parts[0] === 'healthz') {
    allow(['GET']);
    return { status: 200, body: { ok: true, cameras: controller.cameras().length } };
  }
  if (parts.length === 1 && parts[0] === 'cameras') {
    allow(['GET']);
    return { status: 200, body: controller.cameras() };
  }
  if (parts.length === 2 && parts[0] === 'cameras') {
    allow(['GET']);
    const cam = controller.cameras().find((c) => c.id === parts[1]);
    if (!cam) throw notFound(`no simulated camera ${parts[1]}`);
    return { status: 200, body: cam };
  }
  if (parts.length === 3 && parts[0] === 'cameras' && parts[2] === 'mode') {
    allow(['PUT', 'POST']);
    const id = parts[1]!;
    if (!controller.cameras().some((c) => c.id === id)) throw notFound(`no simulated camera ${id}`);
    const body = await readModeRequest(req);
    try {
      return { status: 200, body: await controller.setMode(id, body) };
    } catch (err) {
      if (controller.isUnknownCamera(err)) throw notFound(`no simulated camera ${id}`);
      throw err;
    }
  }
  if (parts.length === 1 && parts[0] === 'mode') {
    allow(['PUT', 'POST']);
    return { status: 200, body: await controller.setAllModes(await readModeRequest(req)) };
  }
  throw notFound(`no route ${method} ${url.pathname}`);
}

export interface ControlServer {
  url: string;
  close(): Promise<void>;
}

export function startControlServer(controller: Controller, port: number, host = '127.0.0.1'): Promise<ControlServer> {
  const server = createServer((req, res) => {
    route(controller, req).then(
      ({ status, body }) => send(res, status, body),
      (err: unknown) => {
        if (err instanceof HttpError) send(res, err.status, { error: err.wire });
        else
          send(res, 500, { error: { code: 'unavailable', message: err instanceof Error ? err.message : String(err) } });
      },
    );
  });
  server.keepAliveTimeout = 1000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${addr.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
