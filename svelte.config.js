import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * SvelteKit reads this file from the project root (the cwd of vite); the app's sources live in web/.
 * `npx vite build` writes the adapter-node output to build/ (build/handler.js is mounted by the server).
 * A private build (tests, benchmarks beside other servers that serve build/): set WEB_BUILD_DIR (the
 * server reads the same variable) and SVELTEKIT_OUT_DIR (SvelteKit's intermediate .svelte-kit/).
 * @type {import('@sveltejs/kit').Config}
 */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    adapter: adapter({ out: process.env.WEB_BUILD_DIR ?? 'build', precompress: false }),
    outDir: process.env.SVELTEKIT_OUT_DIR ?? '.svelte-kit',
    // web/src/service-worker.ts is registered by the phone view only (routes/m/+layout.svelte): wall
    // screens never run it.
    serviceWorker: { register: false },
    files: {
      src: 'web/src',
      assets: 'web/static',
      lib: 'web/src/lib',
      routes: 'web/src/routes',
      params: 'web/src/params',
      appTemplate: 'web/src/app.html',
      errorTemplate: 'web/src/error.html',
      serviceWorker: 'web/src/service-worker',
      hooks: {
        client: 'web/src/hooks.client',
        server: 'web/src/hooks.server',
        universal: 'web/src/hooks',
      },
    },
  },
};

export default config;
