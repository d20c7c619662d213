import { Device, type types } from 'mediasoup-client';
import { request, type AppSocket } from '../socket.ts';

/** A mediasoup Device loaded with the router's RTP capabilities (one per socket connection). */
export async function loadDevice(socket: AppSocket): Promise<Device> {
  const { routerRtpCapabilities } = await request(socket, 'rtc:capabilities', {});
  const device = await Device.factory();
  await device.load({ routerRtpCapabilities: routerRtpCapabilities as types.RtpCapabilities });
  return device;
}

/** Turns the server's transport options into mediasoup-client's (iceServers included, for TURN). */
export function transportOptions(dto: {
  id: string;
  iceParameters: unknown;
  iceCandidates: unknown[];
  dtlsParameters: unknown;
  iceServers: RTCIceServer[];
}): types.TransportOptions {
  return {
    id: dto.id,
    iceParameters: dto.iceParameters as types.IceParameters,
    iceCandidates: dto.iceCandidates as types.IceCandidate[],
    dtlsParameters: dto.dtlsParameters as types.DtlsParameters,
    iceServers: dto.iceServers,
  };
}

/** mediasoup's structured parameters travel as opaque records in the contract. */
export function opaque(value: object): Record<string, unknown> {
  return value as unknown as Record<string, unknown>;
}
