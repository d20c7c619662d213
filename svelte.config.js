import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * SvelteKit reads this file from the project root (the cwd of vite); the app's sources live in web/.
 * `npx vite build` writes the adapter-node output to build/ (build/handler.js is mounted by the server).
 * @type {import('@sveltejs/kit').Config}
 */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    adapter: adapter({ out: 'build', precompress: false }),
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
