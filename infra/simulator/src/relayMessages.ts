/** Messages between the fleet (main thread) and its UDP relay worker (relayWorker.ts). */
export type StreamName = 'main' | 'sub';
export const STREAMS: readonly StreamName[] = ['main', 'sub'];

/** Where a camera's stream goes out: the `udp://` target of the registry, resolved. */
export interface UdpTarget {
  host: string;
  port: number;
  family: 4 | 6;
}

export type RelayRequest =
  | { op: 'add'; camera: string; targets: Record<StreamName, UdpTarget> }
  /** Binds two internal ports for a new encoder (`source`) of the camera; answered by `opened`. */
  | { op: 'open'; id: number; camera: string; source: number }
  | { op: 'close'; camera: string; source: number }
  | { op: 'cut'; camera: string };

export type RelayEvent =
  | { op: 'opened'; id: number; ports: Record<StreamName, number> }
  | { op: 'failed'; id: number; message: string }
  /** Both streams of the camera now come from `source`. */
  | { op: 'live'; camera: string; source: number };
