import type { Instant } from '../time/calendar.js';

export const ROLES = ['operator', 'qa', 'supervisor', 'maintenance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'execute-step',
  'override-tolerance',
  'override-fefo',
  /** Charge a container the line's kiosk does not know yet (not synced): a second person, and a deviation. */
  'accept-unsynced-container',
  'place-hold',
  'release-hold',
  'verify-hold-release',
  'close-deviation',
  'run-routine-test',
  'change-equipment-state',
  'review-order',
  'unlock-user',
  'manage-master-data',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Who may do what; a site may narrow it, never by editing code paths. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  operator: ['execute-step'],
  qa: ['execute-step', 'override-tolerance', 'override-fefo', 'accept-unsynced-container', 'place-hold', 'release-hold', 'verify-hold-release', 'close-deviation', 'unlock-user'],
  supervisor: ['execute-step', 'override-tolerance', 'override-fefo', 'accept-unsynced-container', 'place-hold', 'verify-hold-release', 'close-deviation', 'review-order'],
  maintenance: ['run-routine-test', 'change-equipment-state', 'execute-step'],
  admin: ['manage-master-data', 'unlock-user'],
};

/** A user as replicated to kiosks: no secrets here (the kiosk holds hashes elsewhere). */
export interface User {
  readonly id: string;
  readonly printedName: string;
  readonly roles: readonly Role[];
  readonly badge?: string;
  readonly active: boolean;
  /**
   * Stations where the user may sign in and sign; absent: every station (roles that roam, QA, admin).
   * Only these stations' kiosks receive the user and their PIN verifier (issue 9 §4).
   */
  readonly stations?: readonly string[];
  /**
   * Set by the server when a kiosk's `signer.signer-locked-out` reaches it: every kiosk refuses the user
   * (not only the one where the PINs were wrong) until an unlock. `since` is that kiosk's time.
   */
  readonly centralLockout?: CentralLockout;
  /** The last unlock the server knows of (central, or QA at a kiosk): lockouts from before `at` are over. */
  readonly centralUnlock?: CentralUnlock;
}

export interface CentralLockout {
  readonly since: Instant;
  readonly kioskId: string;
  /** A timed lockout (the last user who may unlock others) ends by itself then. */
  readonly until?: Instant;
}

export interface CentralUnlock {
  readonly at: Instant;
  readonly by: string;
  readonly reason: string;
  /** The master-data version that carried the unlock: a kiosk's `signer.signer-unlocked` cites it. */
  readonly version: number;
  /** Where the unlock was given: absent for the server's `POST /api/v1/users/:id/unlock`. */
  readonly kioskId?: string;
}

/** May this user act at that station's kiosk? Decides which kiosks are sent the user's PIN verifier. */
export function userMayWorkAt(user: Pick<User, 'stations'>, stationId: string): boolean {
  return user.stations === undefined || user.stations.includes(stationId);
}

export function hasPermission(user: User, permission: Permission): boolean {
  return user.roles.some((role) => ROLE_PERMISSIONS[role].includes(permission));
}
