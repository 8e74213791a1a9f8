import { DEFAULT_DOWN_REASONS, equipmentDecider, findStation, orderDecider, type FloorContext, type MasterData, type OperatingState } from '@lineside/domain';
import { refusal, type ExecutionContext, type Outcome } from './context.js';
import type { Aggregate } from './records.js';

/** An operating state an instrument enters because of what the operator just did. */
export interface DerivedState {
  readonly equipmentId: string;
  readonly state: OperatingState;
  readonly reason?: string;
}

type AnyEvent = { readonly type: string } & Readonly<Record<string, unknown>>;

/** Why a state was entered, when the kiosk derived it (ISO 22400 reasons for the KPI time model). */
export const DERIVED_REASONS = {
  orderStarted: 'line clearance',
  routineTest: 'routine test',
  routineTestFailed: 'routine test failed',
  dispensing: 'dispensing',
  measuring: 'measuring',
} as const;

/** The instruments of the station whose time the KPIs model (balances and pH meters). */
export function stationInstruments(master: MasterData, stationId: string): string[] {
  const station = findStation(master, stationId);
  const kinds = new Map(master.equipment.map((e) => [e.id, e.kind]));
  return (station?.equipmentIds ?? []).filter((id) => kinds.get(id) === 'balance' || kinds.get(id) === 'ph-meter');
}

/**
 * The state changes an act implies, so that the time model comes from what the operator already does and
 * is never a separate timekeeping chore: an order started puts the station's idle instruments in setup
 * (line clearance); a weighing or a pH reading puts its instrument running; a routine test is setup, a
 * failed one puts the instrument down (it is on hold); a paused order puts its running instruments down
 * with the pause's reason, resuming puts them back to running; a completed order and a released hold make
 * them idle. An instrument already in the implied state changes nothing.
 */
export function derivedStates(events: readonly AnyEvent[], current: (equipmentId: string) => OperatingState, instruments: readonly string[]): DerivedState[] {
  const now = new Map<string, OperatingState>();
  const out: DerivedState[] = [];
  const stateOf = (id: string) => now.get(id) ?? current(id);
  const go = (equipmentId: string, state: OperatingState, reason?: string) => {
    if (stateOf(equipmentId) === state) return;
    now.set(equipmentId, state);
    out.push({ equipmentId, state, ...(reason ? { reason } : {}) });
  };
  for (const e of events) {
    switch (e.type) {
      case 'OrderStarted':
        for (const id of instruments) if (stateOf(id) === 'idle') go(id, 'setup', DERIVED_REASONS.orderStarted);
        break;
      case 'WeighingRecorded':
        go(String(e['balanceId']), 'running', DERIVED_REASONS.dispensing);
        break;
      case 'PhMeasured':
        go(String(e['meterId']), 'running', DERIVED_REASONS.measuring);
        break;
      case 'RoutineTestPassed':
        if (stateOf(String(e['equipmentId'])) !== 'running') go(String(e['equipmentId']), 'setup', DERIVED_REASONS.routineTest);
        break;
      case 'RoutineTestFailed':
        go(String(e['equipmentId']), 'down', DERIVED_REASONS.routineTestFailed);
        break;
      case 'OrderPaused':
        for (const id of instruments) if (stateOf(id) === 'running' || stateOf(id) === 'setup') go(id, 'down', `order paused: ${String(e['reason'] ?? '')}`.trim());
        break;
      case 'OrderResumed':
        for (const id of instruments) if (stateOf(id) === 'down') go(id, 'running', DERIVED_REASONS.dispensing);
        break;
      case 'OrderCompleted':
        for (const id of instruments) if (stateOf(id) !== 'down') go(id, 'idle');
        break;
      case 'HoldReleased': {
        const target = e['target'] as { kind?: string; id?: string } | undefined;
        if (target?.kind === 'equipment' && target.id && stateOf(target.id) === 'down') go(target.id, 'idle');
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/**
 * Operating states at the station: derived from each committed act (signed `equipment.equipment-state-changed`
 * records by the same person, at the same time), a failure reported with one tap and a reason from the
 * master-data list, and a weighing rejected (re-weigh, scrap, rework) with a reason.
 */
export function createOperatingStates(core: ExecutionContext) {
  const { state, commit } = core;

  function change(ctx: FloorContext, by: string, actor: Parameters<typeof commit>[3], derived: DerivedState): Outcome<{ events: number }> {
    const decision = equipmentDecider.decide(state.equipmentOf(derived.equipmentId), { type: 'changeEquipmentState', equipmentId: derived.equipmentId, by, state: derived.state, ...(derived.reason ? { reason: derived.reason } : {}) }, ctx);
    if (!decision.ok) return refusal(decision.code, decision.message);
    return commit('equipment', derived.equipmentId, decision.value, actor);
  }

  core.onCommitted((aggregate: Aggregate, events, actor) => {
    if (aggregate !== 'order' && aggregate !== 'equipment' && aggregate !== 'hold') return;
    if (actor.kind !== 'user') return;
    const ctx = core.context();
    if (!ctx.ok) return;
    const instruments = stationInstruments(ctx.ctx.master, ctx.ctx.stationId);
    const known = new Set(ctx.ctx.master.equipment.map((e) => e.id));
    for (const derived of derivedStates(events as readonly AnyEvent[], (id) => state.equipmentOf(id).operating.state, instruments)) {
      // A state the decider refuses (an unknown instrument) is not invented: the time stays as it was.
      if (known.has(derived.equipmentId)) change(ctx.ctx, actor.userId, actor, derived);
    }
  });

  // The plant's down-time reasons (master data `downtime-reason`, active ones); the defaults only when the list is empty.
  const downReasons = (master: MasterData) => {
    const listed = master.downtimeReasons.filter((r) => r.active).map((r) => ({ id: r.id, label: r.name, planned: r.category === 'planned' }));
    return listed.length > 0 ? listed : DEFAULT_DOWN_REASONS;
  };

  return {
    /** The reasons the one-tap "down" offers, from master data. */
    downReasons(): Outcome<{ reasons: { id: string; label: string; planned: boolean }[] }> {
      const ctx = core.context();
      if (!ctx.ok) return ctx;
      return { ok: true, reasons: downReasons(ctx.ctx.master).map((r) => ({ id: r.id, label: r.label, planned: r.planned === true })) };
    },
    /** One tap: the instrument is down, for a reason of the list (a failure during an order is ADET). */
    reportEquipmentDown(request: { equipmentId: string; reason: string }): Outcome<{ events: number }> {
      const begun = core.begin();
      if (!begun.ok) return begun;
      const reasons = downReasons(begun.ctx.master);
      if (!reasons.some((r) => r.id === request.reason)) return refusal('down-reason-unknown', `"${request.reason}" is not a down reason of this plant (${reasons.map((r) => r.id).join(', ')})`);
      return change(begun.ctx, begun.actor.userId, begun.actor, { equipmentId: request.equipmentId, state: 'down', reason: request.reason });
    },
    /** The instrument works again: running inside a running order, idle otherwise. */
    reportEquipmentUp(request: { equipmentId: string }): Outcome<{ events: number }> {
      const begun = core.begin();
      if (!begun.ok) return begun;
      const orderRunning = [...state.orders.values()].some((o) => o.status === 'running');
      return change(begun.ctx, begun.actor.userId, begun.actor, { equipmentId: request.equipmentId, state: orderRunning ? 'running' : 'idle' });
    },
    /** A weighing taken back (re-weigh, scrap or rework) with a reason: ISO 22400 SQ / RQ. */
    rejectWeighing(request: { orderId: string; stepId: string; weighingId: string; reason: string; disposition: 'scrap' | 'rework' }): Outcome<{ events: number }> {
      const begun = core.begin();
      if (!begun.ok) return begun;
      const decision = orderDecider.decide(
        state.orderOf(request.orderId),
        { type: 'rejectWeighing', stepId: request.stepId, by: begun.actor.userId, weighingId: request.weighingId, reason: request.reason, disposition: request.disposition },
        begun.ctx,
      );
      if (!decision.ok) return refusal(decision.code, decision.message);
      return commit('order', request.orderId, decision.value, begun.actor);
    },
  };
}
