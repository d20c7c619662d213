import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** `/` is the wall; keep the query so /?layout=9 works like /wall?layout=9. */
export const load: PageServerLoad = ({ url }) => {
  redirect(307, `/wall${url.search}`);
};
