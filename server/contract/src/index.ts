export * from './errors.ts';
export * from './registry.ts';
export * from './media.ts';
export * from './socket.ts';
export * from './http.ts';
export * from './timecode.ts';
export * from './health.ts';
export * from './swipes.ts';
