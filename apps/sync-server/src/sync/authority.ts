import { hasPermission, ROLES, type Permission, type Role, type User } from '@lineside/domain';
import type { SignedRecord } from '@lineside/sync-protocol';
import type { RecordFlag } from './business-checks.js';
import type { CentralHistory } from './central-history.js';
import { factsOf } from './record-facts.js';

/** Flags that mean "this person may not do this": the record is kept, flagged, and has no central effect. */
export const AUTHORITY_FLAG_CODES = ['UNAUTHORISED_ACT', 'SAME_PERSON_TWICE', 'SIGNER_NOT_AUTHORIZED'] as const;

/** Everyone whose authority a record relies on: its acting user and every signer on it. */
export function usersOf(record: SignedRecord): string[] {
  const facts = factsOf(record);
  return [...(record.actor.kind === 'user' ? [record.actor.userId] : []), ...facts.signatures.map((s) => s.signature.signerId)];
}

/** The central user as the domain's rules read it (roles outside the vocabulary grant nothing). */
function userAt(history: CentralHistory, userId: string, at: string): User | undefined {
  const data = history.at('user', userId, at);
  if (!data) return undefined;
  const roles = Array.isArray(data['roles']) ? (data['roles'] as unknown[]).filter((r): r is Role => (ROLES as readonly unknown[]).includes(r)) : [];
  return { id: userId, printedName: typeof data['printedName'] === 'string' ? data['printedName'] : userId, roles, active: data['active'] !== false };
}

const unauthorised = (message: string): RecordFlag => ({ code: 'UNAUTHORISED_ACT', message });
/** The domain lets either permission change an instrument's state (equipment.ts): the operator's acts derive states too. */
const anyOf = (permission: Permission | readonly Permission[]): readonly Permission[] => (typeof permission === 'string' ? [permission] : permission);

/**
 * A kiosk's signature proves which device wrote a record, not that the person in it may do the act
 * (issue 9 §2): the acting user and every signer must exist, be active and hold the act's permission
 * centrally at the record's time, and a two-person rule needs two different people.
 */
export function authorityFlags(record: SignedRecord, history: CentralHistory, at: string): RecordFlag[] {
  const facts = factsOf(record);
  const flags: RecordFlag[] = [];
  if (record.actor.kind === 'user') {
    const userId = record.actor.userId;
    const user = userAt(history, userId, at);
    // A deactivated user is SIGNER_NOT_AUTHORIZED (business-checks.ts); here: unknown, or without the permission.
    if (!user) flags.push(unauthorised(`${record.actor.printedName} (${userId}) did ${facts.act} but is not a user centrally`));
    else if (user.active && facts.actorPermission && !anyOf(facts.actorPermission).some((p) => hasPermission(user, p))) {
      flags.push(unauthorised(`${user.printedName} (${userId}) did ${facts.act}, which needs permission ${anyOf(facts.actorPermission).join(' or ')}; their roles were ${user.roles.join(', ') || 'none'}`));
    }
    if (facts.signerIsActor !== undefined && facts.signerIsActor !== userId) {
      flags.push(unauthorised(`${facts.act} is recorded by ${userId} but signed by ${facts.signerIsActor}: the person acting must sign it`));
    }
  } else if (facts.actorPermission && record.type !== 'weighing.recorded') {
    flags.push(unauthorised(`${facts.act} is recorded with no user: a person must do it`));
  }
  for (const { signature, permission, what } of facts.signatures) {
    const signer = userAt(history, signature.signerId, at);
    if (!signer) flags.push(unauthorised(`${signature.printedName} (${signature.signerId}) signed ${what} but is not a user centrally`));
    else if (!signer.active) flags.push(unauthorised(`${signer.printedName} (${signature.signerId}) signed ${what} while deactivated centrally`));
    else if (permission && !hasPermission(signer, permission)) flags.push(unauthorised(`${signer.printedName} (${signature.signerId}) signed ${what}, which needs permission ${permission}`));
  }
  if (facts.distinctSigners) {
    const { signerIds, what } = facts.distinctSigners;
    const twice = signerIds.find((id, i) => signerIds.indexOf(id) !== i);
    if (twice !== undefined) flags.push({ code: 'SAME_PERSON_TWICE', message: `${twice} gave more than one signature of ${what}: a two-person rule needs two different people` });
  }
  if (facts.notPerformer && facts.notPerformer.signerId === facts.notPerformer.performerId) {
    flags.push({ code: 'SAME_PERSON_TWICE', message: `${facts.notPerformer.signerId} approved ${facts.notPerformer.what} of their own act: a second person must sign` });
  }
  if (facts.requiredSignatures !== undefined) {
    const settings = history.at('settings', 'plant', at);
    const needed = (settings?.['holdReleaseSignatures'] as Record<string, unknown> | undefined)?.[facts.requiredSignatures.kind];
    if (needed === 2 && facts.signatures.length < 2) flags.push(unauthorised(`${facts.act} needs two signatures centrally (a second person's "verified"); it has one`));
  }
  return flags;
}
