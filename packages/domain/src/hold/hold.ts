import type { FloorContext } from '../context.js';
import type { Signature } from '../esignature/signature.js';
import { checkTwoComponentSignature, SIGNATURE_REFUSAL_CODES } from '../esignature/signature.js';
import { findEquipment, findLot, findUser, type MasterData } from '../master-data/master-data.js';
import { hasPermission } from '../master-data/people.js';
import type { Decision } from '../result.js';
import { accept, refuse } from '../result.js';
import type { Instant } from '../time/calendar.js';
import type { HoldEvent, HoldSource, HoldTarget } from './events.js';

export type HoldState =
  | { readonly status: 'none'; readonly holdId: string }
  | { readonly status: 'active'; readonly holdId: string; readonly target: HoldTarget; readonly reason: string; readonly source: HoldSource; readonly placedAt: Instant }
  | { readonly status: 'released'; readonly holdId: string; readonly target: HoldTarget; readonly releasedAt: Instant };

export const initialHoldState = (holdId: string): HoldState => ({ status: 'none', holdId });

export type HoldCommand =
  | { readonly type: 'placeHold'; readonly holdId: string; readonly target: HoldTarget; readonly reason: string; readonly by: string }
  | {
      readonly type: 'releaseHold';
      readonly by: string;
      readonly reason: string;
      readonly signature?: Signature;
      /** Where the site asks two people to release this kind of hold: QA or supervisor, meaning "verified". */
      readonly secondSignature?: Signature;
    };

export const HOLD_REFUSAL_CODES = [
  'hold-already-placed',
  'hold-not-active',
  'hold-target-unknown',
  'hold-reason-missing',
  'hold-not-permitted',
  ...SIGNATURE_REFUSAL_CODES,
] as const;
export type HoldRefusalCode = (typeof HOLD_REFUSAL_CODES)[number];

/** How many signatures releasing a hold on this kind of target takes at this site (1 unless configured). */
export function releaseSignaturesRequired(target: HoldTarget, master: MasterData): 1 | 2 {
  return master.settings.holdReleaseSignatures?.[target.kind] ?? 1;
}

export function describeTarget(target: HoldTarget): string {
  return target.kind === 'lot' ? `Lot ${target.id}` : target.kind === 'equipment' ? `Equipment ${target.id}` : `Order ${target.id}`;
}

export function decideHold(state: HoldState, command: HoldCommand, ctx: FloorContext): Decision<HoldEvent, HoldRefusalCode> {
  switch (command.type) {
    case 'placeHold': {
      if (state.status !== 'none') return refuse('hold-already-placed', `Hold ${state.holdId} already exists`);
      const user = findUser(ctx.master, command.by);
      if (!user || !hasPermission(user, 'place-hold')) return refuse('hold-not-permitted', `${user?.printedName ?? command.by} may not place a hold (QA or supervisor only)`);
      if (command.reason.trim() === '') return refuse('hold-reason-missing', `A hold on ${describeTarget(command.target)} needs a reason`);
      const known =
        command.target.kind === 'lot' ? findLot(ctx.master, command.target.id) : command.target.kind === 'equipment' ? findEquipment(ctx.master, command.target.id) : ctx.master.orders.find((o) => o.id === command.target.id);
      if (!known) return refuse('hold-target-unknown', `${describeTarget(command.target)} is not in the master data`);
      return accept([{ type: 'HoldPlaced', at: ctx.now, holdId: command.holdId, target: command.target, reason: command.reason, source: 'qa', placedBy: command.by }]);
    }
    case 'releaseHold': {
      if (state.status !== 'active') return refuse('hold-not-active', `Hold ${state.holdId} is not in force and cannot be released`);
      if (command.reason.trim() === '') return refuse('hold-reason-missing', `Releasing the hold on ${describeTarget(state.target)} needs a reason`);
      const held = describeTarget(state.target);
      const what = `Releasing the hold on ${held}`;
      const bad = checkTwoComponentSignature(command.signature, 'released', 'release-hold', command.by, what, ctx);
      if (bad) return bad;
      // checkTwoComponentSignature refused a missing signature above
      const signature = command.signature as Signature;
      const released = { type: 'HoldReleased', at: ctx.now, holdId: state.holdId, target: state.target, reason: command.reason, releasedBy: command.by, signature } as const;
      if (releaseSignaturesRequired(state.target, ctx.master) === 1) return accept([released]);
      const second = command.secondSignature;
      if (!second) return refuse('signature-missing', `${what} needs two signatures: ${signature.printedName}'s "released" and a second person's "verified" (QA or supervisor)`);
      if (second.signerId === signature.signerId) {
        return refuse('signer-same-person-twice', `${signature.printedName} cannot give both signatures of releasing the hold on ${held}: a two-person rule needs two different people`);
      }
      const badSecond = checkTwoComponentSignature(second, 'verified', 'verify-hold-release', second.signerId, `The second signature on releasing the hold on ${held}`, ctx);
      if (badSecond) return badSecond;
      return accept([{ ...released, secondSignature: second }]);
    }
    default: {
      const _never: never = command;
      return _never;
    }
  }
}

export function evolveHold(state: HoldState, event: HoldEvent): HoldState {
  switch (event.type) {
    case 'HoldPlaced':
      return { status: 'active', holdId: event.holdId, target: event.target, reason: event.reason, source: event.source, placedAt: event.at };
    case 'HoldReleased':
      return { status: 'released', holdId: event.holdId, target: event.target, releasedAt: event.at };
    default: {
      const _never: never = event;
      return _never;
    }
  }
}

/** An automatic hold (failed routine test, blocking deviation): no QA signature, the reason says why. */
export function automaticHold(ctx: FloorContext, target: HoldTarget, reason: string, placedBy: string): HoldEvent {
  return { type: 'HoldPlaced', at: ctx.now, holdId: ctx.newId(), target, reason, source: 'automatic', placedBy };
}
