export { startServer, type RunningServer, type StartOptions } from './startServer.ts';
export { readConfig, type ServerConfig } from './config.ts';
export { memoryAccountStores, type AccountStores } from './createAccess.ts';
