import { randomInt } from 'node:crypto';
import type { types } from 'mediasoup';
import type { StreamKind } from '@clinicwall/contract';
import { INGEST_H264_PAYLOAD_TYPE, ingestRtpParameters } from '../codecs.ts';
import type { CameraFeed } from '../cameraFeed.ts';
import { spawnTied } from '../tiedSpawn.ts';
import { buildIngestArgs } from './ffmpegArgs.ts';
import type { Running } from './supervisor.ts';

export interface StreamIngestOptions {
  feed: CameraFeed;
  stream: StreamKind;
  url: string;
  /** Router the camera lives on (looked up at each launch: a replaced worker means a new router). */
  router: () => types.Router;
  ingestIp: string;
  ffmpegPath: string;
  inputTimeoutSec: number;
  transcode?: boolean;
}

/**
 * One run of an ingest: a fresh PlainTransport + Producer on the camera's router and an ffmpeg
 * pushing the camera's stream into it. When ffmpeg ends, the producer and transport close (so
 * consumers learn the stream is gone); the supervisor starts the next run.
 */
export async function launchStreamIngest(o: StreamIngestOptions): Promise<Running> {
  const router = o.router();
  const transport = await router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: o.ingestIp },
    rtcpMux: false,
    comedia: true,
  });
  const ssrc = randomInt(1, 0x7fffffff);
  let producer: types.Producer;
  try {
    producer = await transport.produce({
      kind: 'video',
      rtpParameters: ingestRtpParameters(ssrc),
      appData: { cameraId: o.feed.cameraId, stream: o.stream },
    });
  } catch (error) {
    transport.close();
    throw error;
  }
  const args = buildIngestArgs({
    inputUrl: o.url,
    rtpIp: transport.tuple.localAddress,
    rtpPort: transport.tuple.localPort,
    rtcpPort: transport.rtcpTuple!.localPort,
    ssrc,
    payloadType: INGEST_H264_PAYLOAD_TYPE,
    inputTimeoutSec: o.inputTimeoutSec,
    transcode: o.transcode,
  });
  const child = spawnTied(o.ffmpegPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    stderr = (stderr + d).slice(-2000);
  });
  o.feed.setStream(o.stream, { producer, router, spatialLayer: null });

  const cleanup = () => {
    if (!producer.closed) producer.close();
    if (!transport.closed) transport.close();
  };
  // A closed router (worker died) ends this run too.
  transport.observer.once('close', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const exited = new Promise<string>((resolve) => {
    child.once('error', (e) => {
      cleanup();
      resolve(`ffmpeg could not start: ${e.message}`);
    });
    child.once('exit', (code, signal) => {
      cleanup();
      const tail = stderr.trim().split('\n').slice(-1)[0] ?? '';
      resolve(signal ? `ffmpeg killed by ${signal}` : `ffmpeg exited with ${code}${tail ? `: ${tail}` : ''}`);
    });
  });
  return {
    exited,
    pid: child.pid ?? null,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }, 2000).unref();
    },
  };
}
