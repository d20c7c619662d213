import type { Principal } from '../../domain/access/principal.ts';

/**
 * The machine principal of an integration whose HMAC signature verified (SWIPE_INTEGRATIONS): role
 * integration, scoped to nothing but swipes.ingest by the access policy; audited under its id.
 */
export function integrationPrincipal(integrationId: string): Principal {
  return {
    id: `integration:${integrationId}`,
    username: integrationId,
    role: 'integration',
    regionIds: [],
    allRegions: false,
    clinicId: null,
    disabled: false,
  };
}
