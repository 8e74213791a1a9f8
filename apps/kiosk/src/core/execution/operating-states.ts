import { DEFAULT_DOWN_REASONS, DEVIATION_POLICY, equipmentDecider, findStation, orderDecider, type FloorContext, type MasterData, type OperatingState, type DeviationSeverity, type OrderState, type RejectionDisposition } from '@lineside/domain';
import { KIOSK_ACTOR, refusal, type ExecutionContext, type Outcome } from './context.js';
import type { Aggregate } from './records.js';
import type { InstrumentStateView } from './views.js';

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

/** What the derivation reads of the station now: each instrument's state (and why), and the ones a step still uses. */
export interface StationNow {
  readonly current: (equipmentId: string) => { readonly state: OperatingState; readonly reason?: string | undefined };
  /** Instruments holding a recorded weighing of a dispense step still in progress (after the act is folded). */
  readonly inUse: ReadonlySet<string>;
}

/** Reasons the derivation gives to a down it will take back itself (resume, release), never an operator's report. */
const PAUSED = 'order paused';
const ORDER_HELD = 'order on hold';
const ORDER_STOPPED = 'order stopped by a deviation';
const EQUIPMENT_HELD = 'on hold';

/**
 * The state changes an act implies, so that the time model comes from what the operator already does and
 * is never a separate timekeeping chore:
 * - an order started puts the station's idle instruments in setup (line clearance); a routine test is setup;
 * - a weighing or a pH reading puts its instrument running, and ends every other instrument's setup (the
 *   operator has moved on to production);
 * - a step or the order completed idles every running or setting-up instrument that no step in progress
 *   still uses: a balance is never left running after its dispense; a sign-out or a sign-in idles every running
 *   or setting-up instrument (and the kiosk itself does at its start: idleAfterRestart);
 * - a pause, a hold on the order or a deviation that stops it (high, critical) puts the running and setting-up
 *   instruments down with its reason; resuming, releasing or closing the deviation brings back exactly those
 *   (running if a step in progress uses them, else idle);
 * - a failed routine test or a hold on the instrument puts it down until the hold is released (then idle).
 * An instrument down for a reported failure stays down until it is reported up. The changes of one act are
 * collapsed to each instrument's final state, so nothing runs for zero seconds.
 */
export function derivedStates(events: readonly AnyEvent[], now: StationNow, instruments: readonly string[]): DerivedState[] {
  const next = new Map<string, { state: OperatingState; reason?: string }>();
  const order: string[] = [];
  const at = (id: string) => next.get(id) ?? now.current(id);
  const go = (equipmentId: string, state: OperatingState, reason?: string) => {
    if (at(equipmentId).state === state) return;
    if (!next.has(equipmentId)) order.push(equipmentId);
    next.set(equipmentId, { state, ...(reason ? { reason } : {}) });
  };
  const each = (test: (s: { state: OperatingState; reason?: string | undefined }) => boolean, then: (id: string) => void) => {
    for (const id of instruments) if (test(at(id))) then(id);
  };
  const working = (s: { state: OperatingState }) => s.state === 'running' || s.state === 'setup';
  const downFor = (prefix: string) => (s: { state: OperatingState; reason?: string | undefined }) => s.state === 'down' && (s.reason ?? '').startsWith(prefix);
  const backUp = (id: string) => go(id, now.inUse.has(id) ? 'running' : 'idle', now.inUse.has(id) ? DERIVED_REASONS.dispensing : undefined);
  const settle = (id: string) => {
    if (!now.inUse.has(id)) go(id, 'idle');
  };
  const produce = (equipmentId: string, reason: string) => {
    go(equipmentId, 'running', reason);
    each((s) => s.state === 'setup', (id) => id !== equipmentId && go(id, 'idle'));
  };
  for (const e of events) {
    switch (e.type) {
      case 'OrderStarted':
        each((s) => s.state === 'idle', (id) => go(id, 'setup', DERIVED_REASONS.orderStarted));
        break;
      case 'WeighingRecorded':
        produce(String(e['balanceId']), DERIVED_REASONS.dispensing);
        break;
      case 'PhMeasured':
        produce(String(e['meterId']), DERIVED_REASONS.measuring);
        break;
      case 'RoutineTestPassed':
        if (at(String(e['equipmentId'])).state !== 'running') go(String(e['equipmentId']), 'setup', DERIVED_REASONS.routineTest);
        break;
      case 'RoutineTestFailed':
        go(String(e['equipmentId']), 'down', DERIVED_REASONS.routineTestFailed);
        break;
      case 'StepCompleted':
      case 'OrderCompleted':
        each(working, settle);
        break;
      case 'LoggedOut':
      case 'LoggedIn':
        // Nobody is working at the station: the next weighing runs the balance again.
        each(working, (id) => go(id, 'idle'));
        break;
      case 'OrderPaused':
        each(working, (id) => go(id, 'down', `${PAUSED}: ${String(e['reason'] ?? '')}`.trim()));
        break;
      case 'OrderResumed':
        each(downFor(PAUSED), backUp);
        break;
      case 'DeviationOpened':
        if (e['orderId'] !== undefined && DEVIATION_POLICY[e['severity'] as DeviationSeverity]?.orderMayContinue === false) each(working, (id) => go(id, 'down', `${ORDER_STOPPED}: ${String(e['title'] ?? '')}`));
        break;
      case 'DeviationClosed':
        each(downFor(ORDER_STOPPED), backUp);
        break;
      case 'HoldPlaced': {
        const target = e['target'] as { kind?: string; id?: string } | undefined;
        const why = String(e['reason'] ?? '').trim();
        if (target?.kind === 'order') each(working, (id) => go(id, 'down', `${ORDER_HELD}: ${why}`));
        if (target?.kind === 'equipment' && target.id && instruments.includes(target.id) && at(target.id).state !== 'down') go(target.id, 'down', `${EQUIPMENT_HELD}: ${why}`);
        break;
      }
      case 'HoldReleased': {
        const target = e['target'] as { kind?: string; id?: string } | undefined;
        if (target?.kind === 'order') each(downFor(ORDER_HELD), backUp);
        if (target?.kind === 'equipment' && target.id && at(target.id).state === 'down') go(target.id, 'idle');
        break;
      }
      default:
        break;
    }
  }
  // Collapsed: an instrument that ends the act where it began records nothing.
  return order.flatMap((equipmentId) => {
    const final = next.get(equipmentId)!;
    return final.state === now.current(equipmentId).state ? [] : [{ equipmentId, state: final.state, ...(final.reason ? { reason: final.reason } : {}) }];
  });
}

/** Whether a down was put by the derivation itself (a pause, a hold) and is ended by its counterpart, not by "up". */
export function downTakenBackBy(reason: string | undefined): 'resume' | 'release' | null {
  if (reason?.startsWith(PAUSED) || reason?.startsWith(ORDER_HELD) || reason?.startsWith(ORDER_STOPPED)) return 'resume';
  if (reason?.startsWith(EQUIPMENT_HELD) || reason === DERIVED_REASONS.routineTestFailed) return 'release';
  return null;
}

/** Balances holding a weighing of a dispense step in progress of a running order. */
export function instrumentsInUse(orders: Iterable<OrderState>): Set<string> {
  const used = new Set<string>();
  for (const o of orders) {
    if (o.status !== 'running') continue;
    for (const step of Object.values(o.steps)) if (step.phase === 'in-progress') for (const c of step.containers) if (!c.rejected) used.add(c.balanceId);
  }
  return used;
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
    if (aggregate !== 'order' && aggregate !== 'equipment' && aggregate !== 'hold' && aggregate !== 'session' && aggregate !== 'deviation') return;
    if (actor.kind !== 'user') return;
    const ctx = core.context();
    if (!ctx.ok) return;
    const instruments = stationInstruments(ctx.ctx.master, ctx.ctx.stationId);
    const known = new Set(ctx.ctx.master.equipment.map((e) => e.id));
    const now: StationNow = { current: (id) => state.equipmentOf(id).operating, inUse: instrumentsInUse(state.orders.values()) };
    for (const derived of derivedStates(events as readonly AnyEvent[], now, instruments)) {
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
    /**
     * At the start of the kiosk core: an instrument the log left running or in setup is idle from now, recorded
     * by the kiosk itself ("kiosk restarted"). Otherwise the time after a crash would count as production until
     * someone signed in again. Once per instrument: a second start finds it idle and records nothing.
     */
    idleAfterRestart(): void {
      const ctx = core.context();
      if (!ctx.ok) return;
      const kioskId = findStation(ctx.ctx.master, ctx.ctx.stationId)?.kioskId ?? `K-${ctx.ctx.stationId}`;
      for (const equipmentId of stationInstruments(ctx.ctx.master, ctx.ctx.stationId)) {
        const now = state.equipmentOf(equipmentId).operating.state;
        if (now !== 'running' && now !== 'setup') continue;
        const decision = equipmentDecider.decide(state.equipmentOf(equipmentId), { type: 'idleAfterRestart', equipmentId, by: kioskId }, ctx.ctx);
        if (decision.ok) commit('equipment', equipmentId, decision.value, KIOSK_ACTOR);
      }
    },
    /** Each instrument of the station as it stands: its state since when and why, and what ends a down. */
    instrumentStates(): Outcome<{ instruments: InstrumentStateView[] }> {
      const ctx = core.context();
      if (!ctx.ok) return ctx;
      const master = ctx.ctx.master;
      const labels = new Map(downReasons(master).map((r) => [r.id, r.label]));
      const instruments = stationInstruments(master, ctx.ctx.stationId).map((id): InstrumentStateView => {
        const equipment = master.equipment.find((e) => e.id === id);
        const folded = state.equipmentOf(id);
        const { state: now, since, reason } = folded.operating;
        const takenBack = now === 'down' ? (folded.status === 'on-hold' ? 'release' : (downTakenBackBy(reason) ?? 'up')) : null;
        return {
          equipmentId: id,
          name: equipment?.name ?? id,
          kind: equipment?.kind === 'ph-meter' ? 'ph-meter' : 'balance',
          state: now,
          since: since ?? null,
          reason: reason === undefined ? null : (labels.get(reason) ?? reason),
          onHold: folded.status === 'on-hold',
          endedBy: takenBack,
        };
      });
      return { ok: true, instruments };
    },
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
    /** The instrument works again: running if a step in progress uses it, idle otherwise; a pause or a hold is ended by its own act. */
    reportEquipmentUp(request: { equipmentId: string }): Outcome<{ events: number }> {
      const begun = core.begin();
      if (!begun.ok) return begun;
      const operating = state.equipmentOf(request.equipmentId).operating;
      const takenBack = operating.state === 'down' ? downTakenBackBy(operating.reason) : null;
      if (takenBack === 'resume') {
        const why = operating.reason?.startsWith(PAUSED) ? 'the order is paused — resume the order' : operating.reason?.startsWith(ORDER_HELD) ? 'the order is on hold — QA releases it' : 'an open deviation stops the order — it comes back when the deviation is closed';
        return refusal('equipment-down-for-order', `${request.equipmentId} is down because ${why}`);
      }
      const inUse = instrumentsInUse(state.orders.values()).has(request.equipmentId);
      return change(begun.ctx, begun.actor.userId, begun.actor, { equipmentId: request.equipmentId, state: inUse ? 'running' : 'idle', ...(inUse ? { reason: DERIVED_REASONS.dispensing } : {}) });
    },
    /** A weighing taken back with a reason: ISO 22400 SQ (scrap) / RQ (rework), or out of PQ (re-weigh: back to its lot). */
    rejectWeighing(request: { orderId: string; stepId: string; weighingId: string; reason: string; disposition: RejectionDisposition }): Outcome<{ events: number }> {
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
