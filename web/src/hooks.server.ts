import type { Handle } from '@sveltejs/kit';

/** `/` is the wall: a real HTTP redirect (the app renders client-side only), keeping the query. */
export const handle: Handle = ({ event, resolve }) => {
  if (event.url.pathname === '/') {
    return new Response(null, { status: 307, headers: { location: `/wall${event.url.search}` } });
  }
  return resolve(event);
};
