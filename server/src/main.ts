import { readConfig } from './config.ts';
import { startServer } from './startServer.ts';

const config = readConfig();
const server = await startServer(config);
console.log(
  `[server] ClinicWall listening on ${server.url} (${server.sfu.pool.size} mediasoup workers, ${server.registry.cameras().length} cameras)`,
);
console.log(`[server] wall: ${server.url}/wall`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`[server] ${signal}: stopping`);
    void server.close().then(() => process.exit(0));
  });
}
