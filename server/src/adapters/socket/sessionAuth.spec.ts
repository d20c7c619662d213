import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, SessionEndReason } from '@clinicwall/contract';
import type { Principal } from '../../domain/access/principal.ts';
import { testCore } from '../../domain/accounts/testCore.ts';
import { authenticateSockets, onRescope, SocketDirectory } from './sessionAuth.ts';

/**
 * The directory over the in-memory access change bus (one process): the same changes as with
 * Redis (see server/test/integration/accessMultiProcess.test.ts), applied to real socket.io sockets.
 */
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const PW = 'correct-horse-battery';
const c = testCore();
const http = createServer();
const ioServer = new Server<ClientToServerEvents, ServerToClientEvents>(http);
const directory = new SocketDirectory(c);
authenticateSockets(ioServer, c, directory);
directory.follow();
/** The principals each user's sockets were rescoped to. */
const rescoped: Principal[] = [];
ioServer.on('connection', (socket) => onRescope(socket, (p) => void rescoped.push(p)));
const url = await new Promise<string>((resolve) =>
  http.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(http.address() as AddressInfo).port}`)),
);
const clients: Client[] = [];

after(async () => {
  for (const s of clients) s.close();
  directory.close();
  await new Promise((r) => ioServer.close(r));
});

async function signedIn(username: string): Promise<{ token: string; socket: Client }> {
  const { token } = await c.auth.login({ username, password: PW }, c.http);
  const socket: Client = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { cookie: `cw_session=${token}` },
  });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { token, socket };
}

/** The reason the server gave, once the socket is disconnected. */
function ended(socket: Client): Promise<SessionEndReason> {
  return new Promise((resolve) => {
    let reason: SessionEndReason | null = null;
    socket.once('session:ended', (e) => (reason = e.reason));
    socket.once('disconnect', () => resolve(reason ?? assert.fail('disconnected without session:ended')));
  });
}

const settle = () => new Promise((r) => setTimeout(r, 100));

test('signing out ends the sockets of that session only, saying so', async () => {
  await c.addUser('alice', 'operator', PW);
  const one = await signedIn('alice');
  const two = await signedIn('alice');
  const gone = ended(one.socket);
  await c.auth.logout(one.token, c.http);
  assert.equal(await gone, 'signed_out');
  await settle();
  assert.ok(two.socket.connected);
});

test('a password change ends the other sessions; a disabled user loses every socket', async () => {
  await c.addUser('bob', 'operator', PW);
  const desk = await signedIn('bob');
  const phone = await signedIn('bob');
  const gone = ended(phone.socket);
  const auth = (await c.auth.authenticate(desk.token))!;
  await c.auth.changePassword(auth, { currentPassword: PW, newPassword: 'a-much-better-one' }, c.http);
  assert.equal(await gone, 'password_changed');
  await settle();
  assert.ok(desk.socket.connected, 'the session that changed it goes on');

  const out = ended(desk.socket);
  await c.userAdmin.update(c.admin, 'u-bob', { disabled: true }, c.http);
  assert.equal(await out, 'disabled');
});

test('a scope change keeps the socket and hands the new principal to its handlers', async () => {
  await c.addUser('carol', 'supervisor', PW);
  const { socket } = await signedIn('carol');
  await c.userAdmin.assignRegions(c.admin, 'u-carol', { regionIds: ['r-south'], allRegions: false }, c.http);
  await settle();
  assert.deepEqual(
    rescoped.filter((p) => p.id === 'u-carol').map((p) => p.regionIds),
    [['r-south']],
  );
  assert.ok(socket.connected);
});
