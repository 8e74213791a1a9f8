import type { FloorContext } from '../context.js';
import type { Permission } from '../master-data/people.js';
import { findUser, hasPermission } from '../master-data/index.js';
import type { SignatureMeaning, SignOffRequirement } from '../master-data/recipe.js';
import type { Refusal } from '../result.js';
import { refuse } from '../result.js';
import type { Instant } from '../time/calendar.js';

export const SIGNATURE_COMPONENTS = ['id-and-secret', 'secret-only'] as const;
export type SignatureComponents = (typeof SIGNATURE_COMPONENTS)[number];

/** A applied e-signature as carried on the record it signs (21 CFR 11.50 / 11.70). */
export interface Signature {
  readonly signatureId: string;
  readonly signerId: string;
  readonly printedName: string;
  readonly meaning: SignatureMeaning;
  readonly signedAt: Instant;
  /** Hash of the record signed, computed by the kiosk (sync-protocol canonical form). */
  readonly signedHash: string;
  readonly components: SignatureComponents;
  readonly reason?: string;
}

export const SIGNATURE_REFUSAL_CODES = [
  'signature-missing',
  'signature-meaning-wrong',
  'signer-unknown',
  'signer-lacks-permission',
  'signer-same-person-twice',
  'signer-is-performer',
  'signer-not-performer',
  'signature-needs-both-components',
  'signature-reason-missing',
] as const;
export type SignatureRefusalCode = (typeof SIGNATURE_REFUSAL_CODES)[number];

/**
 * Checks signatures against a sign-off requirement; `performers` are who did the work being signed, and
 * `performedWhat` names that work when it is not the signed thing itself (a verification step's steps).
 */
export function checkSignOff(
  signatures: readonly Signature[],
  requirement: SignOffRequirement,
  performers: readonly string[],
  what: string,
  ctx: FloorContext,
  performedWhat?: string,
): Refusal<SignatureRefusalCode> | undefined {
  if (signatures.length < requirement.signatures) {
    return refuse('signature-missing', `${what} needs ${requirement.signatures} signature(s) "${requirement.meaning}"; ${signatures.length} given`);
  }
  const seen = new Set<string>();
  for (const s of signatures) {
    if (s.meaning !== requirement.meaning) return refuse('signature-meaning-wrong', `${what} needs the meaning "${requirement.meaning}", but ${s.printedName} signed "${s.meaning}"`);
    if (seen.has(s.signerId)) return refuse('signer-same-person-twice', `${s.printedName} cannot give both signatures of ${what}: a two-person rule needs two different people`);
    seen.add(s.signerId);
    const user = findUser(ctx.master, s.signerId);
    if (!user || !user.active) return refuse('signer-unknown', `Signer ${s.signerId} is not an active user`);
    const rule = requirement.signer;
    const isPerformer = performers.includes(s.signerId);
    if (rule.kind === 'performer' && !isPerformer) return refuse('signer-not-performer', `${what} must be signed by the person who performed it, not ${s.printedName}`);
    if ((rule.kind === 'not-performer' || (rule.kind === 'role' && rule.notPerformer)) && isPerformer) {
      if (performedWhat !== undefined) return refuse('signer-is-performer', `${s.printedName} performed ${performedWhat} and cannot also sign ${what} "${requirement.meaning}"`);
      return refuse('signer-is-performer', `${s.printedName} performed ${what} and cannot also sign it "${requirement.meaning}"`);
    }
    if (rule.kind !== 'role' && !hasPermission(user, 'execute-step')) {
      return refuse('signer-lacks-permission', `${s.printedName} may not sign order steps (needs permission execute-step)`);
    }
    if (rule.kind === 'role' && !user.roles.some((r) => rule.roles.includes(r))) {
      return refuse('signer-lacks-permission', `${what} must be signed by ${rule.roles.join(' or ')}; ${s.printedName} is ${user.roles.join(', ')}`);
    }
  }
  return undefined;
}

/** The second-person signature that authorises an override: permission, not the performer, a reason. */
export function checkOverrideSignature(
  signature: Signature | undefined,
  reason: string | undefined,
  permission: Permission,
  performerId: string,
  what: string,
  ctx: FloorContext,
): Refusal<SignatureRefusalCode> | undefined {
  if (!reason || reason.trim() === '') return refuse('signature-reason-missing', `Override of ${what} needs a reason`);
  if (!signature) return refuse('signature-missing', `Override of ${what} needs a second person's signature`);
  const user = findUser(ctx.master, signature.signerId);
  if (!user || !user.active) return refuse('signer-unknown', `Signer ${signature.signerId} is not an active user`);
  if (signature.signerId === performerId) return refuse('signer-same-person-twice', `${user.printedName} cannot countersign their own override of ${what}: a second person must sign`);
  if (!hasPermission(user, permission)) return refuse('signer-lacks-permission', `${user.printedName} may not approve an override of ${what} (needs permission ${permission})`);
  return undefined;
}

/** QA acts such as releasing a hold need both components every time, whatever the session. */
export function checkTwoComponentSignature(
  signature: Signature | undefined,
  meaning: SignatureMeaning,
  permission: Permission,
  signerId: string,
  what: string,
  ctx: FloorContext,
): Refusal<SignatureRefusalCode> | undefined {
  if (!signature) return refuse('signature-missing', `${what} needs an e-signature "${meaning}"`);
  const user = findUser(ctx.master, signature.signerId);
  if (!user || !user.active) return refuse('signer-unknown', `Signer ${signature.signerId} is not an active user`);
  if (signature.signerId !== signerId) return refuse('signer-unknown', `The signature on ${what} is by ${user.printedName}, not by the person acting (${signerId})`);
  if (signature.meaning !== meaning) return refuse('signature-meaning-wrong', `${what} needs the meaning "${meaning}", not "${signature.meaning}"`);
  if (signature.components !== 'id-and-secret') return refuse('signature-needs-both-components', `${what} needs both user id and password/PIN at signing`);
  if (!hasPermission(user, permission)) return refuse('signer-lacks-permission', `${what} needs permission ${permission}, which ${user.printedName} does not have`);
  return undefined;
}
