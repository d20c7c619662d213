export { startServer, type RunningServer } from './startServer.ts';
export { readConfig, type ServerConfig } from './config.ts';
