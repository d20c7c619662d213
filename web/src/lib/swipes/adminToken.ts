/**
 * The interim admin token (the server's ADMIN_TOKEN) until accounts arrive (issue 6): kept for this
 * browser tab only (sessionStorage), never in the URL or localStorage.
 */
const KEY = 'clinicwall.adminToken';

export function readAdminToken(storage: Pick<Storage, 'getItem'> | null = sessionStore()): string {
  try {
    return storage?.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveAdminToken(
  token: string,
  storage: Pick<Storage, 'setItem' | 'removeItem'> | null = sessionStore(),
): void {
  try {
    if (token) storage?.setItem(KEY, token);
    else storage?.removeItem(KEY);
  } catch {
    /* storage disabled: the token lasts for this page only */
  }
}

function sessionStore(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}
