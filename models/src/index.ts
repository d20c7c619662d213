export * from './preprocess.ts';
export * from './frozen.ts';
export * from './smoothing.ts';
export * from './pipeline.ts';
