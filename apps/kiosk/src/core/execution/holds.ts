import { describeTarget, holdDecider, releaseSignaturesRequired, type HoldTargetKind, type Signature } from '@lineside/domain';
import { refusal, userActor, type ExecutionContext, type Outcome } from './context.js';
import type { Signers } from './signers.js';

/** A hold in force as the kiosk lists it: 'Lot CCS-031', why, and how many people sign its release. */
export interface HoldListing {
  readonly holdId: string;
  readonly kind: HoldTargetKind;
  readonly target: string;
  readonly reason: string;
  readonly signaturesRequired: 1 | 2;
}

/** A hold in the plant's master data, released centrally: 'Lot CCS-031' and why. */
export interface MasterHoldListing {
  readonly kind: 'lot';
  readonly target: string;
  readonly reason: string;
}

/** Holds on lots, equipment and orders: placed by QA (or automatically by the domain), released with e-signatures. */
export function createHolds(core: ExecutionContext, signers: Signers) {
  const { deps, state, commit } = core;

  return {
    /**
     * Lots on hold in the plant's master data (QA's central status, e.g. CCS-031 under investigation): the
     * kiosk refuses them like its own holds, so the operator sees them listed too. They are released
     * centrally, not here.
     */
    listMasterHolds(): MasterHoldListing[] {
      const master = deps.masterData();
      if (!master) return [];
      return master.lots.filter((lot) => lot.status === 'on-hold').map((lot) => ({ kind: 'lot' as const, target: `Lot ${lot.id}`, reason: lot.statusReason ?? 'on hold centrally (no reason given)' }));
    },

    /** Holds in force that were placed on the kiosk's records (automatic or QA), oldest first, with how many sign their release. */
    listHolds(): HoldListing[] {
      const master = deps.masterData();
      return [...state.holdStates.values()].flatMap((h) =>
        h.status === 'active'
          ? [{ holdId: h.holdId, kind: h.target.kind, target: describeTarget(h.target), reason: h.reason, signaturesRequired: master ? releaseSignaturesRequired(h.target, master) : 1 }]
          : [],
      );
    },

    /** QA (or a supervisor) puts a lot, a piece of equipment or an order on hold, with a reason; no e-signature. */
    placeHold(request: { kind: HoldTargetKind; id: string; reason: string }): Outcome<{ holdId: string }> {
      const begun = core.begin();
      if (!begun.ok) return begun;
      const holdId = deps.newId();
      const target = { kind: request.kind, id: request.id.trim() };
      const decision = holdDecider.decide(holdDecider.initialState(holdId), { type: 'placeHold', holdId, target, reason: request.reason.trim(), by: begun.actor.userId }, begun.ctx);
      if (!decision.ok) return refusal(decision.code, decision.message);
      const committed = commit('hold', holdId, decision.value, begun.actor);
      return committed.ok ? { ok: true, holdId } : committed;
    },

    /**
     * QA releases a hold with a two-component e-signature "released" and a reason; the signer is the one
     * acting. Where the site asks for two people, `second` signs "verified" — the domain refuses the same user twice.
     */
    async releaseHold(request: { holdId: string; userId: string; pin: string; reason: string; second?: { userId: string; pin: string } }): Promise<Outcome<{ events: number }>> {
      const begun = core.begin();
      if (!begun.ok) return begun;
      const { ctx } = begun;
      const hold = state.holdOf(request.holdId);
      if (hold.status !== 'active') return refusal('hold-not-active', `Hold ${request.holdId} is not in force and cannot be released`);
      const proved = await signers.prove(request.userId, request.pin, 'released', deps.log.head().hash, request.reason, ctx);
      if (!proved.ok) return proved;
      let secondSignature: Signature | undefined;
      if (request.second && request.second.userId.trim() !== '') {
        const second = await signers.prove(request.second.userId.trim(), request.second.pin, 'verified', deps.log.head().hash, request.reason, ctx);
        if (!second.ok) return second;
        secondSignature = second.signature;
      }
      const decision = holdDecider.decide(hold, { type: 'releaseHold', by: request.userId, reason: request.reason, signature: proved.signature, ...(secondSignature ? { secondSignature } : {}) }, ctx);
      if (!decision.ok) return refusal(decision.code, decision.message);
      return commit('hold', request.holdId, decision.value, userActor(ctx.master, request.userId));
    },
  };
}
