import type { OrderStreamEvent } from './events.js';
import type { ActiveOrderState, OrderState, StepProgress } from './state.js';
import { emptyStep } from './state.js';

function updateStep(state: ActiveOrderState, stepId: string, change: (step: StepProgress) => StepProgress): ActiveOrderState {
  const step = state.steps[stepId] ?? emptyStep;
  return { ...state, steps: { ...state.steps, [stepId]: change(step) } };
}

const withPerformer = (step: StepProgress, by: string): StepProgress => (step.performers.includes(by) ? step : { ...step, performers: [...step.performers, by] });

type Charged = Extract<OrderStreamEvent, { type: 'ContainerCharged' }>;
function charge(step: StepProgress, event: Charged): StepProgress {
  const charged = { sscc: event.sscc, by: event.by, at: event.at, ...(event.dispenseStepId !== undefined ? { dispenseStepId: event.dispenseStepId } : {}), ...(event.materialId !== undefined ? { materialId: event.materialId } : {}), ...(event.notSynced ? { notSynced: true } : {}) };
  return { ...step, charged: [...(step.charged ?? []), charged] };
}

/** A kiosk at the line charges an order that runs at another station: only its own steps are folded. */
function evolveLineStep(state: Extract<OrderState, { status: 'not-started' }>, event: OrderStreamEvent): OrderState {
  const change = (stepId: string, f: (s: StepProgress) => StepProgress): OrderState => ({ ...state, lineSteps: { ...state.lineSteps, [stepId]: f(state.lineSteps?.[stepId] ?? emptyStep) } });
  switch (event.type) {
    case 'StepStarted':
      return change(event.stepId, (s) => withPerformer({ ...s, phase: 'in-progress' }, event.by));
    case 'ContainerCharged':
      return change(event.stepId, (s) => withPerformer(charge(s, event), event.by));
    case 'StepCompleted':
      return change(event.stepId, (s) => withPerformer({ ...s, phase: event.signOffRequired ? 'awaiting-signature' : 'closed' }, event.by));
    default:
      return state;
  }
}

/** The screen state is a fold over the log: pause/resume and every step survive a restart. */
export function evolveOrder(state: OrderState, event: OrderStreamEvent): OrderState {
  if (event.type === 'OrderStarted') {
    return {
      status: 'running',
      orderId: event.orderId,
      recipeId: event.recipeId,
      recipeVersion: event.recipeVersion,
      stationId: event.stationId,
      startedAt: event.at,
      steps: {},
      holdIds: [],
      openDeviations: {},
      deviationCount: 0,
    };
  }
  if (state.status === 'not-started') return evolveLineStep(state, event);
  switch (event.type) {
    case 'OrderPaused':
      return { ...state, status: 'paused', pausedReason: event.reason };
    case 'OrderResumed': {
      const { pausedReason: _r, ...rest } = state;
      return { ...rest, status: 'running' };
    }
    case 'OrderCompleted':
      return { ...state, status: 'completed', completedAt: event.at };
    case 'StepStarted':
      return updateStep(state, event.stepId, (s) => withPerformer({ ...s, phase: 'in-progress' }, event.by));
    case 'StepCompleted':
      return updateStep(state, event.stepId, (s) => withPerformer({ ...s, phase: event.signOffRequired ? 'awaiting-signature' : 'closed' }, event.by));
    case 'StepSigned':
      return updateStep(state, event.stepId, (s) => ({ ...s, phase: 'closed', signatures: [...s.signatures, ...event.signatures] }));
    case 'InstructionAcknowledged':
    case 'EquipmentStatusConfirmed':
    case 'CheckRecorded':
    case 'PhMeasured':
      return updateStep(state, event.stepId, (s) => withPerformer(s, event.by));
    case 'LotScanned':
      return updateStep(state, event.stepId, (s) => withPerformer(s.lots.includes(event.lotId) ? s : { ...s, lots: [...s.lots, event.lotId] }, event.by));
    case 'DispenseTargetSet':
      return updateStep(state, event.stepId, (s) => ({
        ...s,
        target: { value: event.target, lower: event.lower, upper: event.upper, ...(event.basis.kind === 'potency' ? { potencyLotId: event.basis.lotId } : {}) },
      }));
    case 'WeighingRecorded':
      return updateStep(state, event.stepId, (s) =>
        withPerformer({ ...s, containers: [...s.containers, { weighingId: event.weighingId, lotId: event.lotId, balanceId: event.balanceId, net: event.netInStepUnit, gross: event.gross, tare: event.tare, ...(event.sscc !== undefined ? { sscc: event.sscc } : {}) }] }, event.by),
      );
    case 'WeighingRejected':
      return updateStep(state, event.stepId, (s) => ({ ...s, containers: s.containers.map((c) => (c.weighingId === event.weighingId ? { ...c, rejected: event.disposition } : c)) }));
    case 'ToleranceOverridden':
      return updateStep(state, event.stepId, (s) => ({ ...s, overridden: true }));
    case 'DispenseCompleted':
      return state;
    case 'ContainerCharged':
      return updateStep(state, event.stepId, (s) => withPerformer(charge(s, event), event.by));
    case 'HoldPlaced':
      if (event.target.kind !== 'order' || event.target.id !== state.orderId) return state;
      return { ...state, holdIds: [...state.holdIds, event.holdId] };
    case 'HoldReleased':
      if (event.target.kind !== 'order' || event.target.id !== state.orderId) return state;
      return { ...state, holdIds: state.holdIds.filter((id) => id !== event.holdId) };
    case 'DeviationOpened':
      if (event.orderId !== state.orderId) return state;
      return { ...state, openDeviations: { ...state.openDeviations, [event.deviationId]: event.severity }, deviationCount: state.deviationCount + 1 };
    case 'DeviationClosed': {
      if (!(event.deviationId in state.openDeviations)) return state;
      const { [event.deviationId]: _closed, ...open } = state.openDeviations;
      return { ...state, openDeviations: open };
    }
    case 'DeviationSigned':
      return state;
    default: {
      const _never: never = event;
      return _never;
    }
  }
}
