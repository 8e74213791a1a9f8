import { DEVIATION_POLICY, deviationDecider, type DeviationSeverity, type SignatureMeaning } from '@lineside/domain';
import { refusal, userActor, type ExecutionContext, type Outcome } from './context.js';
import type { Signers } from './signers.js';

/** An open deviation of an order, as the completion screen lists it. */
export interface OpenException {
  readonly deviationId: string;
  readonly title: string;
  readonly severity: DeviationSeverity;
  readonly signatures: number;
  readonly needed: number;
}

/** Deviations: entered by the logged-in user, signed by QA or a supervisor until enough signers close them. */
export function createDeviations(core: ExecutionContext, signers: Signers) {
  const { deps, state, commit } = core;

  /** The open deviations, with how many signatures each has and needs to close. */
  function open() {
    return [...state.deviations.values()].flatMap(({ state: deviation, title, orderId }) =>
      deviation.status === 'open'
        ? [{ deviationId: deviation.deviationId, title, severity: deviation.severity, orderId: orderId ?? null, signatures: deviation.signatures.length, needed: DEVIATION_POLICY[deviation.severity].signaturesToClose }]
        : [],
    );
  }

  /** The order's deviations still open, as the completion screen lists them. */
  function openExceptions(orderId: string): OpenException[] {
    return open().flatMap(({ orderId: of, ...exception }) => (of === orderId ? [exception] : []));
  }

  const commands = {
    /** Open deviations: what, how severe, how many signatures it has and needs to close. */
    listDeviations(): { deviationId: string; title: string; severity: DeviationSeverity; orderId: string | null; signatures: number; needed: number }[] {
      return open();
    },

    /** Deviation entry by the logged-in user, optionally on an order and step. */
    openDeviation(request: { severity: DeviationSeverity; title: string; description: string; orderId?: string; stepId?: string }): Outcome<{ deviationId: string }> {
      const begun = core.begin();
      if (!begun.ok) return begun;
      const deviationId = deps.newId();
      const decision = deviationDecider.decide(deviationDecider.initialState(deviationId), { type: 'openDeviation', deviationId, by: begun.actor.userId, ...request }, begun.ctx);
      if (!decision.ok) return refusal(decision.code, decision.message);
      const committed = commit('deviation', deviationId, decision.value, begun.actor);
      return committed.ok ? { ok: true, deviationId } : committed;
    },

    /** QA or supervisor signs a deviation ("reviewed" or "approved"); enough distinct signers close it. */
    async signDeviation(request: { deviationId: string; userId: string; pin: string; meaning: SignatureMeaning; reason?: string }): Promise<Outcome<{ closed: boolean }>> {
      const begun = core.begin();
      if (!begun.ok) return begun;
      const { ctx } = begun;
      const known = state.deviations.get(request.deviationId);
      if (known?.state.status !== 'open') return refusal('deviation-not-open', `Deviation ${request.deviationId} is not open`);
      const proved = await signers.prove(request.userId, request.pin, request.meaning, deps.log.head().hash, request.reason, ctx);
      if (!proved.ok) return proved;
      const decision = deviationDecider.decide(known.state, { type: 'signDeviation', signature: proved.signature }, ctx);
      if (!decision.ok) return refusal(decision.code, decision.message);
      const committed = commit('deviation', request.deviationId, decision.value, userActor(ctx.master, request.userId));
      if (!committed.ok) return committed;
      return { ok: true, closed: decision.value.some((e) => e.type === 'DeviationClosed') };
    },
  };

  return { openExceptions, commands };
}
