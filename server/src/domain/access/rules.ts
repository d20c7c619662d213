import type { AccessAction, ResourceKind, Role } from '@clinicwall/contract';

/**
 * How far a role reaches for one action:
 * - any: every resource of the installation;
 * - regions: resources in the principal's regions (all of them with allRegions);
 * - own_clinic: resources of the principal's clinic;
 * - own_webrtc_camera: the WebRTC (browser-published) cameras of the principal's clinic.
 */
export type Reach = 'any' | 'regions' | 'own_clinic' | 'own_webrtc_camera';

export interface Rule {
  /** Resource kinds the action applies to; `system` means "all of them at once". */
  on: readonly ResourceKind[];
  /** Roles allowed, with their reach; a role not listed is refused. */
  roles: Partial<Record<Role, Reach>>;
}

const watchers = { admin: 'any', operator: 'regions', supervisor: 'regions' } as const;
const adminOnly = { admin: 'any' } as const;

/** The access table: every action of every transport. Change access here and nowhere else. */
export const RULES: Record<AccessAction, Rule> = {
  'camera.view': { on: ['camera', 'clinic', 'region', 'system'], roles: watchers },
  'camera.consume': { on: ['camera'], roles: watchers },
  'camera.produce': { on: ['camera'], roles: { clinic: 'own_webrtc_camera' } },
  'swipes.read': { on: ['camera', 'terminal', 'clinic', 'region', 'system'], roles: watchers },
  'swipes.ingest': { on: ['system'], roles: { integration: 'any' } },
  'alarms.read': { on: ['camera', 'clinic', 'region', 'system'], roles: watchers },
  'alarms.ack': { on: ['camera'], roles: watchers },
  'alarms.snooze': { on: ['camera'], roles: watchers },
  'alarms.comment': { on: ['camera'], roles: watchers },
  'alarms.clear': { on: ['camera'], roles: watchers },
  'maintenance.read': {
    on: ['camera', 'clinic', 'region', 'system'],
    roles: { ...watchers, clinic: 'own_clinic' },
  },
  'maintenance.create': {
    on: ['camera', 'clinic'],
    roles: { admin: 'any', supervisor: 'regions', clinic: 'own_clinic' },
  },
  'users.manage': { on: ['system'], roles: adminOnly },
  'mappings.edit': { on: ['terminal', 'clinic', 'system'], roles: adminOnly },
  'audit.read': { on: ['system'], roles: adminOnly },
  'ledger.read': { on: ['clinic', 'region', 'system'], roles: watchers },
  'ledger.write': { on: ['clinic'], roles: { admin: 'any', supervisor: 'regions' } },
};
