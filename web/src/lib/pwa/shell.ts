/**
 * What the service worker may cache: the app shell only. Never the API, the socket, recordings or
 * live media, and not the big model / WASM files (the phone view does not run tile health).
 */

/** The page served for any navigation when the network is gone (the app renders client-side). */
export const SHELL_PAGE = '/m';

const SHELL_ASSET = /\.(?:js|mjs|css|svg|png|ico|webmanifest|woff2?)$/i;
const NEVER = /^\/(?:api|socket\.io|hls|media|recordings)(?:\/|$)/;

/** Build outputs and static files worth pre-caching (paths as SvelteKit's $service-worker lists them). */
export function isShellAsset(path: string): boolean {
  const pathname = path.split(/[?#]/, 1)[0] ?? '';
  return SHELL_ASSET.test(pathname) && !NEVER.test(pathname);
}

export type FetchPlan = 'shell-asset' | 'navigate' | 'network';

/**
 * How the worker answers a request: pre-cached shell assets from the cache; page navigations from
 * the network with the cached shell as the offline fallback; everything else untouched.
 */
export function planFetch(
  req: { method: string; mode: string; url: string },
  origin: string,
  cached: ReadonlySet<string>,
): FetchPlan {
  if (req.method !== 'GET') return 'network';
  const url = new URL(req.url);
  if (url.origin !== origin || NEVER.test(url.pathname)) return 'network';
  if (req.mode === 'navigate') return 'navigate';
  return cached.has(url.pathname) ? 'shell-asset' : 'network';
}
