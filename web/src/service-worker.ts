/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';
import { isShellAsset, planFetch, SHELL_PAGE } from '$lib/pwa/shell.ts';

/**
 * The phone view's service worker: pre-caches the app shell of this build (scripts, styles, icons,
 * manifest, and the page HTML), serves those from the cache, and falls back to the cached page when
 * a navigation finds no network (the app then shows its offline state). API, socket and media
 * requests are never touched. Cached responses keep the server's COOP/COEP headers.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `clinicwall-shell-${version}`;
const ASSETS = [...build, ...files].filter(isShellAsset);
const CACHED = new Set([...ASSETS, SHELL_PAGE]);

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll([...ASSETS, SHELL_PAGE]);
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const req = event.request;
  const plan = planFetch(req, sw.location.origin, CACHED);
  if (plan === 'network') return;
  if (plan === 'shell-asset') {
    event.respondWith(
      (async () => (await caches.match(new URL(req.url).pathname, { cacheName: CACHE })) ?? fetch(req))(),
    );
    return;
  }
  event.respondWith(
    (async () => {
      try {
        return await fetch(req);
      } catch (error) {
        const shell = await caches.match(SHELL_PAGE, { cacheName: CACHE });
        if (shell) return shell;
        throw error;
      }
    })(),
  );
});
