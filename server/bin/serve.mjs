// Runs the bundled server (server/dist/server.mjs, from `npm run build:server`) with V8's compile
// cache in var/compile-cache: a restart skips both the TypeScript transform and most of V8's
// parsing and compiling of the server and its npm packages.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/server.mjs', import.meta.url);
if (!existsSync(bundle)) {
  console.error('[server] no server bundle: run `npm run build:server` first (or `npm run serve`)');
  process.exit(1);
}
module.enableCompileCache?.(fileURLToPath(new URL('../../var/compile-cache', import.meta.url)));
process.setSourceMapsEnabled(true); // stack traces name the TypeScript sources
await import(bundle.href);
