import type { FloorContext } from '../context.js';
import type { Signature } from '../esignature/signature.js';
import { findUser } from '../master-data/master-data.js';
import { hasPermission } from '../master-data/people.js';
import type { DeviationSeverity } from '../master-data/recipe.js';
import type { Decision } from '../result.js';
import { accept, refuse } from '../result.js';
import type { Instant } from '../time/calendar.js';

/** Apprentice Tempo's model: severity decides how many signatures close it and whether the order may go on. */
export const DEVIATION_POLICY: Readonly<Record<DeviationSeverity, { readonly signaturesToClose: number; readonly orderMayContinue: boolean }>> = {
  info: { signaturesToClose: 1, orderMayContinue: true },
  low: { signaturesToClose: 1, orderMayContinue: true },
  medium: { signaturesToClose: 2, orderMayContinue: true },
  high: { signaturesToClose: 2, orderMayContinue: false },
  critical: { signaturesToClose: 3, orderMayContinue: false },
};

export type DeviationEvent =
  | {
      readonly type: 'DeviationOpened';
      readonly at: Instant;
      readonly deviationId: string;
      readonly severity: DeviationSeverity;
      readonly title: string;
      readonly description: string;
      readonly orderId?: string;
      readonly stepId?: string;
      readonly openedBy: string;
    }
  | { readonly type: 'DeviationSigned'; readonly at: Instant; readonly deviationId: string; readonly signature: Signature }
  | { readonly type: 'DeviationClosed'; readonly at: Instant; readonly deviationId: string; readonly orderId?: string; readonly signatures: readonly Signature[] };

export type DeviationState =
  | { readonly status: 'none'; readonly deviationId: string }
  | { readonly status: 'open'; readonly deviationId: string; readonly title: string; readonly severity: DeviationSeverity; readonly orderId?: string; readonly signatures: readonly Signature[] }
  | { readonly status: 'closed'; readonly deviationId: string; readonly severity: DeviationSeverity };

export const initialDeviationState = (deviationId: string): DeviationState => ({ status: 'none', deviationId });

export type DeviationCommand =
  | { readonly type: 'openDeviation'; readonly deviationId: string; readonly severity: DeviationSeverity; readonly title: string; readonly description: string; readonly orderId?: string; readonly stepId?: string; readonly by: string }
  | { readonly type: 'signDeviation'; readonly signature: Signature };

export const DEVIATION_REFUSAL_CODES = ['deviation-already-open', 'deviation-not-open', 'deviation-description-missing', 'signer-unknown', 'signer-lacks-permission', 'signer-same-person-twice', 'signature-meaning-wrong', 'deviation-needs-qa'] as const;
export type DeviationRefusalCode = (typeof DEVIATION_REFUSAL_CODES)[number];

export function openedDeviation(ctx: FloorContext, fields: Omit<Extract<DeviationEvent, { type: 'DeviationOpened' }>, 'type' | 'at' | 'deviationId'>): DeviationEvent {
  return { type: 'DeviationOpened', at: ctx.now, deviationId: ctx.newId(), ...fields };
}

export function decideDeviation(state: DeviationState, command: DeviationCommand, ctx: FloorContext): Decision<DeviationEvent, DeviationRefusalCode> {
  switch (command.type) {
    case 'openDeviation': {
      if (state.status !== 'none') return refuse('deviation-already-open', `Deviation ${state.deviationId} already exists`);
      if (command.description.trim() === '') return refuse('deviation-description-missing', `A deviation needs a description of what happened`);
      const { type: _t, by, ...fields } = command;
      return accept([{ type: 'DeviationOpened', at: ctx.now, ...fields, openedBy: by }]);
    }
    case 'signDeviation': {
      if (state.status !== 'open') return refuse('deviation-not-open', `Deviation ${state.deviationId} is not open`);
      const s = command.signature;
      const user = findUser(ctx.master, s.signerId);
      if (!user || !user.active) return refuse('signer-unknown', `Signer ${s.signerId} is not an active user`);
      if (!hasPermission(user, 'close-deviation')) return refuse('signer-lacks-permission', `${user.printedName} may not sign off deviation “${state.title}” (QA or supervisor only)`);
      if (s.meaning !== 'approved' && s.meaning !== 'reviewed') return refuse('signature-meaning-wrong', `A deviation is signed "reviewed" or "approved", not "${s.meaning}"`);
      if (state.signatures.some((x) => x.signerId === s.signerId)) return refuse('signer-same-person-twice', `${user.printedName} already signed deviation “${state.title}”; another person must sign`);
      const signatures = [...state.signatures, s];
      const policy = DEVIATION_POLICY[state.severity];
      const events: DeviationEvent[] = [{ type: 'DeviationSigned', at: ctx.now, deviationId: state.deviationId, signature: s }];
      if (signatures.length >= policy.signaturesToClose) {
        // from medium up, one of the closing signatures must be QA's
        const qaSigned = signatures.some((x) => findUser(ctx.master, x.signerId)?.roles.includes('qa'));
        if (state.severity !== 'info' && state.severity !== 'low' && !qaSigned) return refuse('deviation-needs-qa', `Deviation “${state.title}” (${state.severity}) needs a QA signature among its ${policy.signaturesToClose}`);
        events.push({ type: 'DeviationClosed', at: ctx.now, deviationId: state.deviationId, signatures, ...(state.orderId !== undefined ? { orderId: state.orderId } : {}) });
      }
      return accept(events);
    }
    default: {
      const _never: never = command;
      return _never;
    }
  }
}

export function evolveDeviation(state: DeviationState, event: DeviationEvent): DeviationState {
  switch (event.type) {
    case 'DeviationOpened':
      return { status: 'open', deviationId: event.deviationId, title: event.title, severity: event.severity, signatures: [], ...(event.orderId !== undefined ? { orderId: event.orderId } : {}) };
    case 'DeviationSigned':
      return state.status === 'open' ? { ...state, signatures: [...state.signatures, event.signature] } : state;
    case 'DeviationClosed':
      return state.status === 'open' ? { status: 'closed', deviationId: state.deviationId, severity: state.severity } : state;
    default: {
      const _never: never = event;
      return _never;
    }
  }
}
