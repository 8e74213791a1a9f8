import {
  add,
  checkBalanceChoice,
  checkWeighingReading,
  type CalibrationStatus,
  dec,
  dispensePlan,
  findEquipment,
  lockoutInForce,
  lockoutMessage,
  panEmptied,
  type ContainerEvidence,
  type SensitivityEntry,
  deviationDecider,
  DEVIATION_POLICY,
  equipmentDecider,
  equipmentUsability,
  findMaterial,
  findPlannedOrder,
  findRecipe,
  findUser,
  describeTarget,
  holdDecider,
  orderDecider,
  releaseSignaturesRequired,
  routineCheckList,
  parseDecimal,
  signerDecider,
  toString,
  type ActiveHold,
  type EquipmentCommand,
  type EquipmentState,
  type DeviationSeverity,
  type DeviationState,
  type FloorContext,
  type HoldState,
  type HoldTargetKind,
  type MasterData,
  type OrderCommand,
  type Override,
  type OrderState,
  type RoutineCheckItem,
  type SignatureMeaning,
  type SignerState,
  type Signature,
  type TareSource,
  userMayWorkAt,
} from '@lineside/domain';
import { parseElementString, type Gs1Date } from '@lineside/device-drivers';
import type { SignedRecord } from '@lineside/sync-protocol';
import { formatLocalIso, type Clock } from '../clock.js';
import type { KioskLog } from '../log.js';
import type { Db } from '../store/db.js';
import type { CredentialVerifiers } from '../store/master-data.js';
import { checkVerifier, DECOY_PIN_VERIFIER } from '@lineside/sync-protocol/node';
import { shiftOf } from './floor.js';
import { eventDraft, type Aggregate } from './records.js';
import { createSessionHolder, DEFAULT_AUTO_LOCK_MS, type ExecutionActor } from './session.js';
import { createStepRecords, type DeviationLookup } from './step-records.js';
import type { OrderProgressView, OrderSummaryView, SessionView, StepView } from './views.js';

export type Outcome<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly code: string; readonly message: string };

export interface ExecutionDeps {
  readonly db: Db;
  readonly log: KioskLog;
  readonly clock: Clock;
  readonly newId: () => string;
  /** Master data the deciders run against (core.masterData.snapshot on the kiosk, demoPlant in tests). */
  readonly masterData: () => MasterData | null;
  /** Last full master-data refresh (offline grace); null = never. */
  readonly masterRefreshedAt: () => string | null;
  /** The station this kiosk serves (master-data station id, e.g. DISP-1). */
  readonly stationId: () => string | null;
  readonly verifiers: (userId: string) => CredentialVerifiers | null;
  readonly autoLockMs?: number;
}

/** A second person approving an override at the kiosk: who, their PIN, and why. */
export interface OverrideRequest {
  readonly userId: string;
  readonly pin: string;
  readonly reason: string;
}

export interface BalanceReading {
  readonly value: string;
  readonly unit: string;
  readonly stable: boolean;
  readonly raw?: string;
}

type AnyEvent = { readonly type: string } & Record<string, unknown>;

const KIOSK_ACTOR = { kind: 'kiosk' } as const;
const NEVER_REFRESHED = '1970-01-01T00:00:00.000Z';

function refusal(code: string, message: string) {
  return { ok: false as const, code, message };
}

function gs1DateIso(date: Gs1Date): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/**
 * The kiosk's execution core: per-aggregate streams in the signed log, folded at start, commands
 * decided by the domain's deciders and appended in one transaction. No rule of the floor lives here.
 */
/** A hold in force as the kiosk lists it: 'Lot CCS-031', why, and how many people sign its release. */
type SensitivityCommand = Omit<Extract<EquipmentCommand, { type: 'recordSensitivityTest' }>, 'by' | 'type' | 'entry'>;

export interface OpenException {
  readonly deviationId: string;
  readonly title: string;
  readonly severity: DeviationSeverity;
  readonly signatures: number;
  readonly needed: number;
}

/** Who is locked out, since when (kiosk-local ISO time) and what to do. */
export interface Lockout {
  readonly userId: string;
  readonly printedName: string;
  readonly since: string;
  readonly remedy: string;
}

/** One sentence for every failed login, so the kiosk does not tell which ids or badges exist (issue 9 §5). */
export const LOGIN_FAILED = { ok: false as const, code: 'login-failed', message: 'Badge or user id and PIN do not match an active user — try again' };

export interface HoldListing {
  readonly holdId: string;
  readonly kind: HoldTargetKind;
  readonly target: string;
  readonly reason: string;
  readonly signaturesRequired: 1 | 2;
}

export function createExecution(deps: ExecutionDeps) {
  const orders = new Map<string, OrderState>();
  const equipment = new Map<string, EquipmentState>();
  const signers = new Map<string, SignerState>();
  const holds = new Map<string, ActiveHold>();
  const holdStates = new Map<string, HoldState>();
  const deviations = new Map<string, { state: DeviationState; title: string; orderId?: string }>();
  const sessions = createSessionHolder(deps.autoLockMs ?? DEFAULT_AUTO_LOCK_MS);
  // What the operator set up at the weigh step but has not yet recorded (re-done after a restart).
  const selectedBalance = new Map<string, string>();
  const tares = new Map<string, { value: string; unit: string; source: TareSource }>();
  const pendingSignatures = new Map<string, Signature[]>();
  // Per balance: what shows the next container is a new load (a tare taken, or the pan back at zero).
  const containerEvidence = new Map<string, ContainerEvidence>();
  const listeners = new Set<() => void>();
  // What each step recorded (pH readings, containers) for the screens that show it (issue 8 §1).
  const stepRecords = createStepRecords();
  const deviationNow: DeviationLookup = (id) => {
    const known = deviations.get(id);
    return known && known.state.status !== 'none' ? { title: known.title, severity: known.state.severity, open: known.state.status === 'open' } : undefined;
  };

  function apply(aggregate: Aggregate, streamId: string, event: AnyEvent): void {
    stepRecords.apply(event);
    if (event.type === 'HoldPlaced' || event.type === 'HoldReleased') {
      const e = event as unknown as ActiveHold;
      holdStates.set(e.holdId, holdDecider.evolve(holdStates.get(e.holdId) ?? holdDecider.initialState(e.holdId), event as never));
      if (event.type === 'HoldPlaced') holds.set(e.holdId, { holdId: e.holdId, target: e.target, reason: e.reason });
      else holds.delete(e.holdId);
    }
    if (event.type === 'DeviationOpened' || event.type === 'DeviationSigned' || event.type === 'DeviationClosed') {
      const id = String(event['deviationId']);
      const known = deviations.get(id);
      const state = deviationDecider.evolve(known?.state ?? deviationDecider.initialState(id), event as never);
      const orderId = (event['orderId'] as string | undefined) ?? known?.orderId;
      deviations.set(id, { state, title: (event['title'] as string | undefined) ?? known?.title ?? id, ...(orderId !== undefined ? { orderId } : {}) });
      // A deviation entered or closed on its own stream still counts on its order (high ones stop it).
      if (aggregate === 'deviation' && orderId !== undefined && event.type !== 'DeviationSigned') {
        orders.set(orderId, orderDecider.evolve(orders.get(orderId) ?? orderDecider.initialState(orderId), event as never));
      }
    }
    // A signature applied on a record proves the secret, which ends a run of failures (as SignatureApplied does).
    const applied = [...((event['signatures'] as Signature[] | undefined) ?? []), ...(event['signature'] ? [event['signature'] as Signature] : [])];
    for (const signature of applied) clearFailures(signature.signerId);
    if (aggregate === 'hold' && (event.type === 'HoldReleased' || event.type === 'HoldPlaced')) {
      // A QA hold and every release are their own stream; the held equipment or order sees them too.
      const target = (event as unknown as ActiveHold).target;
      if (target.kind === 'equipment') equipment.set(target.id, equipmentDecider.evolve(equipment.get(target.id) ?? equipmentDecider.initialState(target.id), event as never));
      if (target.kind === 'order') orders.set(target.id, orderDecider.evolve(orders.get(target.id) ?? orderDecider.initialState(target.id), event as never));
    }
    if (aggregate === 'order') orders.set(streamId, orderDecider.evolve(orders.get(streamId) ?? orderDecider.initialState(streamId), event as never));
    else if (aggregate === 'equipment') equipment.set(streamId, equipmentDecider.evolve(equipment.get(streamId) ?? equipmentDecider.initialState(streamId), event as never));
    else if (aggregate === 'signer') signers.set(streamId, signerDecider.evolve(signers.get(streamId) ?? signerDecider.initialState(streamId), event as never));
    else if (aggregate === 'session' && event.type === 'LoggedIn') {
      // A proven secret ends a run of failures, as SignatureApplied does in the signer decider.
      clearFailures(streamId);
    }
  }

  function clearFailures(userId: string): void {
    const state = signers.get(userId);
    if (state?.status === 'active') signers.set(userId, { ...state, consecutiveFailures: 0 });
  }

  // Fold the whole log once: this is what a restart (or kill -9) rebuilds.
  const rows = deps.db
    .prepare<[], { type: string; body: string }>("SELECT type, body FROM records WHERE type LIKE 'order.%' OR type LIKE 'equipment.%' OR type LIKE 'signer.%' OR type LIKE 'session.%' OR type LIKE 'hold.%' OR type LIKE 'deviation.%' ORDER BY seq")
    .all();
  for (const row of rows) {
    const record = JSON.parse(row.body) as SignedRecord;
    const aggregate = row.type.slice(0, row.type.indexOf('.')) as Aggregate;
    const streamId = record.subject?.[aggregate];
    if (streamId) apply(aggregate, streamId, record.payload as AnyEvent);
  }

  const appendAll = deps.db.transaction((aggregate: Aggregate, streamId: string, events: readonly AnyEvent[], actor: ExecutionActor | typeof KIOSK_ACTOR) => {
    for (const event of events) {
      const result = deps.log.append(eventDraft(aggregate, streamId, event, actor as ExecutionActor));
      // Throwing rolls back every event of the decision: all or none reach the log.
      if (!result.ok) throw new NotEnrolled(result.message);
    }
  });

  function commit(aggregate: Aggregate, streamId: string, events: readonly AnyEvent[], actor: ExecutionActor | typeof KIOSK_ACTOR): Outcome<{ events: number }> {
    if (events.length === 0) return { ok: true, events: 0 };
    try {
      appendAll(aggregate, streamId, events, actor);
    } catch (error) {
      if (error instanceof NotEnrolled) return refusal('not-enrolled', error.message);
      throw error;
    }
    for (const event of events) apply(aggregate, streamId, event);
    for (const listener of listeners) listener();
    return { ok: true, events: events.length };
  }

  function nowMs(): number {
    return deps.clock.wallMs();
  }

  function context(): Outcome<{ ctx: FloorContext }> {
    const master = deps.masterData();
    if (!master) return refusal('no-master-data', 'This kiosk has no master data yet — connect it to the server once so it can pull the plant’s data');
    const stationId = deps.stationId();
    if (!stationId) return refusal('no-station', 'This kiosk is not assigned to a station yet — enroll it first');
    const wall = nowMs();
    const now = formatLocalIso(wall, deps.clock.utcOffsetMinutes(wall));
    return {
      ok: true,
      ctx: {
        now,
        today: now.slice(0, 10),
        shift: shiftOf(master, now),
        master,
        stationId,
        masterDataRefreshedAt: deps.masterRefreshedAt() ?? NEVER_REFRESHED,
        equipmentStates: Object.fromEntries(equipment),
        activeHolds: [...holds.values()],
        newId: deps.newId,
      },
    };
  }

  /** The live session; a session that timed out is recorded as ended by inactivity, once. */
  function liveSession() {
    const session = sessions.current(nowMs());
    const expired = sessions.takeExpired();
    if (expired) endSession(expired.actor, 'inactivity');
    return session;
  }

  function endSession(actor: ExecutionActor, reason: 'logout' | 'inactivity' | 'another-user'): void {
    const wall = nowMs();
    const at = formatLocalIso(wall, deps.clock.utcOffsetMinutes(wall));
    // Failing to record the end (not enrolled) must not keep a session open: it is closed regardless.
    commit('session', actor.userId, [{ type: 'LoggedOut', at, userId: actor.userId, reason }], actor);
  }

  function requireSession(): Outcome<{ actor: ExecutionActor }> {
    const session = liveSession();
    if (!session) return refusal('not-logged-in', 'Nobody is logged in at this kiosk — log in with your badge and PIN');
    sessions.touch(nowMs());
    return { ok: true, actor: session.actor };
  }

  function decideOrder(orderId: string, command: OrderCommand, actor: ExecutionActor, ctx: FloorContext): Outcome<{ events: number }> {
    const decision = orderDecider.decide(orders.get(orderId) ?? orderDecider.initialState(orderId), command, ctx);
    if (!decision.ok) return refusal(decision.code, decision.message);
    return commit('order', orderId, decision.value as unknown as AnyEvent[], actor);
  }

  /** Session + context + an order command by the logged-in user, in one line for each command. */
  function orderCommand(orderId: string, build: (userId: string) => OrderCommand): Outcome<{ events: number }> {
    const session = requireSession();
    if (!session.ok) return session;
    const ctx = context();
    if (!ctx.ok) return ctx;
    return decideOrder(orderId, build(session.actor.userId), session.actor, ctx.ctx);
  }

  /** Checks user id + PIN through the signer decider: failures are recorded and may lock the user out. */
  async function proveIdentity(userId: string, pin: string, meaning: SignatureMeaning, signedHash: string, reason: string | undefined, ctx: FloorContext): Promise<Outcome<{ signature: Signature }>> {
    applyCentralUnlocks(ctx);
    const secretValid = await checkVerifier(pin, deps.verifiers(userId)?.pinVerifier ?? null);
    const decision = signerDecider.decide(
      signers.get(userId) ?? signerDecider.initialState(userId),
      { type: 'sign', signatureId: deps.newId(), userId, meaning, signedHash, ...(reason !== undefined ? { reason } : {}), check: { components: 'id-and-secret', userIdMatched: true, secretValid }, firstInSession: true },
      ctx,
    );
    if (!decision.ok) return refusal(decision.code, decision.message);
    const applied = decision.value.find((e) => e.type === 'SignatureApplied');
    if (applied?.type === 'SignatureApplied') return { ok: true, signature: applied.signature };
    const committed = commit('signer', userId, decision.value as unknown as AnyEvent[], KIOSK_ACTOR);
    if (!committed.ok) return committed;
    const user = findUser(ctx.master, userId);
    const name = user?.printedName ?? userId;
    const locked = decision.value.find((e) => e.type === 'SignerLockedOut');
    if (locked) return refusal('signer-locked-out', `Wrong PIN for ${name} — ${name} is now locked out after ${ctx.master.settings.signatureLockoutAttempts} failed attempts; an administrator must unlock`);
    const failed = decision.value.find((e) => e.type === 'SignatureFailed');
    const count = failed?.type === 'SignatureFailed' ? failed.consecutiveFailures : 1;
    return refusal('pin-wrong', `Wrong PIN for ${name} (${count} of ${ctx.master.settings.signatureLockoutAttempts} attempts before lockout)`);
  }

  function decideSensitivity(command: SensitivityCommand, entry: SensitivityEntry, actor: ExecutionActor, ctx: FloorContext): Outcome<{ events: number }> {
    const id = command.equipmentId;
    const { equipmentId, testWeightId, reading, stable } = command;
    const decision = equipmentDecider.decide(equipment.get(id) ?? equipmentDecider.initialState(id), { type: 'recordSensitivityTest', by: actor.userId, equipmentId, testWeightId, reading, stable, entry }, ctx);
    if (!decision.ok) return refusal(decision.code, decision.message);
    return commit('equipment', id, decision.value as unknown as AnyEvent[], actor);
  }

  /** The lockout refusal: who, since when, and what to do, in the domain's words. */
  function lockedOut(userId: string, ctx: FloorContext, known?: ReturnType<typeof lockoutInForce>): ReturnType<typeof refusal> & { lockout?: Lockout } {
    const user = findUser(ctx.master, userId);
    const state = known ?? lockoutInForce(signers.get(userId) ?? signerDecider.initialState(userId), user, ctx.now);
    if (!state) return LOGIN_FAILED;
    const name = user?.printedName ?? userId;
    const remedy =
      state.until !== undefined
        ? `The lockout ends at ${state.until}; QA or an administrator can unlock sooner (Unlock user).`
        : state.kioskId !== undefined
          ? `Locked out at kiosk ${state.kioskId}: QA or an administrator can unlock you here (Unlock user) or centrally.`
          : 'Ask QA or an administrator to unlock you at this kiosk (Unlock user).';
    return { ...refusal('signer-locked-out', lockoutMessage(name, state)), lockout: { userId, printedName: name, since: state.since, remedy } };
  }

  /**
   * A central unlock the kiosk pulled (master data `centralUnlock`) ends its own lockouts from before it:
   * recorded as `signer.signer-unlocked` citing the master version, so the kiosk's log says why the user
   * may sign again. Idempotent: an unlocked user is no longer locked out.
   */
  function applyCentralUnlocks(ctx: FloorContext): void {
    for (const [userId, state] of [...signers]) {
      if (state.status !== 'locked-out' || !findUser(ctx.master, userId)?.centralUnlock) continue;
      const decision = signerDecider.decide(state, { type: 'applyCentralUnlock', userId }, ctx);
      if (decision.ok) commit('signer', userId, decision.value as unknown as AnyEvent[], KIOSK_ACTOR);
    }
  }

  /** The second person's signature for an override: PIN checked now, the reason on the signature. */
  async function overrideOf(request: OverrideRequest): Promise<Outcome<{ override: Override }>> {
    const session = requireSession();
    if (!session.ok) return session;
    const ctx = context();
    if (!ctx.ok) return ctx;
    if (request.reason.trim() === '') return refusal('signature-reason-missing', 'An override needs a reason');
    const proved = await proveIdentity(request.userId, request.pin, 'approved', deps.log.head().hash, request.reason, ctx.ctx);
    if (!proved.ok) return proved;
    return { ok: true, override: { reason: request.reason, signature: proved.signature } };
  }

  /** The order's deviations still open, as the completion screen lists them. */
  function openExceptions(orderId: string): OpenException[] {
    return [...deviations.values()].flatMap(({ state, title, orderId: of }) =>
      state.status === 'open' && of === orderId ? [{ deviationId: state.deviationId, title, severity: state.severity, signatures: state.signatures.length, needed: DEVIATION_POLICY[state.severity].signaturesToClose }] : [],
    );
  }

  function stepKey(orderId: string, stepId: string): string {
    return `${orderId}/${stepId}`;
  }

  function summary(master: MasterData, orderId: string): OrderSummaryView | null {
    const planned = findPlannedOrder(master, orderId);
    if (!planned) return null;
    const recipe = findRecipe(master, planned.recipeId, planned.recipeVersion);
    const state = orders.get(orderId);
    return {
      orderId,
      batchNumber: planned.batchNumber,
      recipe: recipe ? `${recipe.name} v${recipe.version}` : `${planned.recipeId} v${planned.recipeVersion}`,
      status: state?.status ?? 'not-started',
      ...(state?.status === 'paused' ? { pausedReason: state.pausedReason } : {}),
    };
  }

  /** The step's target and limits as the domain fixes them: recorded, or what the chosen balance will record. */
  function planOf(state: OrderState | undefined, stepId: string, balanceId: string | undefined): StepView['target'] {
    if (!state || state.status === 'not-started') return null;
    const ctx = context();
    if (!ctx.ok) return null;
    const recorded = state.steps[stepId]?.target;
    const plan = dispensePlan(state, stepId, balanceId ?? '', ctx.ctx);
    if (!plan) return null;
    if (!recorded && balanceId === undefined) return null;
    return { value: plan.target, lower: plan.lower, upper: plan.upper, unit: plan.unit, fixed: plan.fixed };
  }

  function progress(orderId: string): Outcome<{ progress: OrderProgressView }> {
    const master = deps.masterData();
    if (!master) return refusal('no-master-data', 'This kiosk has no master data yet');
    const order = summary(master, orderId);
    const planned = findPlannedOrder(master, orderId);
    if (!order || !planned) return refusal('order-unknown', `Order ${orderId} is not in this kiosk’s master data`);
    const recipe = findRecipe(master, planned.recipeId, planned.recipeVersion);
    if (!recipe) return refusal('recipe-unknown', `Recipe ${planned.recipeId} v${planned.recipeVersion} of order ${orderId} is not in master data`);
    const state = orders.get(orderId);
    const stepsState = state && state.status !== 'not-started' ? state.steps : {};
    const phaseOf = (id: string) => stepsState[id]?.phase ?? 'not-started';
    const steps = recipe.steps.map((s) => ({ stepId: s.id, title: s.title, phase: phaseOf(s.id) }));
    // The current step: one under way, else the first open step whose predecessors are all closed.
    const open = recipe.steps.filter((s) => phaseOf(s.id) !== 'closed');
    const current = open.find((s) => phaseOf(s.id) !== 'not-started') ?? open.find((s) => s.predecessors.every((p) => phaseOf(p) === 'closed'));
    const phMeasurements = stepRecords.phMeasurements(master, state, deviationNow);
    if (!current || order.status === 'not-started') return { ok: true, progress: { order, step: null, steps, phMeasurements } };
    const next = open.find((s) => s.id !== current.id) ?? null;
    const progress = stepsState[current.id];
    const key = stepKey(orderId, current.id);
    const material = current.kind === 'dispense' || current.kind === 'lot-verify' ? findMaterial(master, current.materialId) : undefined;
    const live = progress?.containers.filter((c) => !c.rejected) ?? [];
    const dispensed = live.length > 0 ? toString(live.reduce((sum, c) => add(sum, dec(c.net)), dec('0'))) : null;
    const step: StepView = {
      orderId,
      stepId: current.id,
      title: current.title,
      kind: current.kind,
      phase: phaseOf(current.id),
      text: current.kind === 'instruction' ? current.text : current.kind === 'dispense' ? `Dispense ${current.quantity} ${current.unit} of ${material?.name ?? current.materialId}` : current.title,
      materialId: material?.id ?? null,
      materialName: material?.name ?? null,
      target: planOf(state, current.id, selectedBalance.get(key)),
      dispensed,
      lots: progress?.lots ?? [],
      containers: live.length,
      balanceId: selectedBalance.get(key) ?? null,
      allowedBalances: current.kind === 'dispense' ? (current.balanceIds ?? []) : current.kind === 'ph-measurement' ? (current.meterIds ?? []) : [],
      tare: tares.get(key)?.value ?? null,
      signOffMeaning: current.signOff?.meaning ?? null,
      ...(material ? { manualLotEntry: material.manualLotEntry === true } : {}),
      next: next ? { stepId: next.id, title: next.title } : null,
      ...(current.kind === 'sign-off' && current.verifiesSteps ? { verifies: stepRecords.verifiedSteps(master, state, current.verifiesSteps, deviationNow) } : {}),
    };
    return { ok: true, progress: { order, step, steps, phMeasurements } };
  }

  return {
    onChange(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /**
     * A free weighing is a GMP weighing like a dispense (issue 8 §1): the logged-in user is its actor, and
     * the reading passes the domain's one gate (balance usable now — calibration, routine test, holds,
     * station — stable, its unit, within capacity). Returns who and the calibration in force, for the record.
     */
    checkFreeWeighing(balanceId: string, reading: { value: string; unit: string; stable: boolean }): Outcome<{ actor: ExecutionActor; calibration: CalibrationStatus }> {
      const session = requireSession();
      if (!session.ok) return refusal('not-logged-in', 'Log in with your badge and PIN to weigh: every weighing is recorded under a person’s name');
      const ctx = context();
      if (!ctx.ok) return ctx;
      const checked = checkWeighingReading(balanceId, reading, ctx.ctx);
      if (!checked.ok) return refusal(checked.code, checked.message);
      return { ok: true, actor: session.actor, calibration: checked.value.calibration };
    },

    session(): SessionView | null {
      const session = liveSession();
      if (!session) return null;
      const user = deps.masterData() ? findUser(deps.masterData()!, session.actor.userId) : undefined;
      return { userId: session.actor.userId, printedName: session.actor.printedName, roles: user?.roles ?? [], autoLockMs: sessions.autoLockMs };
    },

    /** Badge number or user id, and PIN, checked against the user's scrypt verifier. */
    async login(request: { badgeOrUserId: string; pin: string }): Promise<Outcome<{ session: SessionView }>> {
      const ctx = context();
      if (!ctx.ok) return ctx;
      const wanted = request.badgeOrUserId.trim();
      const stationId = ctx.ctx.stationId;
      const user = ctx.ctx.master.users.find((u) => u.active && userMayWorkAt(u, stationId) && (u.id === wanted || (u.badge !== undefined && u.badge === wanted)));
      if (!user) {
        // The same work as a known user (one scrypt), so timing does not tell either.
        await checkVerifier(request.pin, DECOY_PIN_VERIFIER);
        return LOGIN_FAILED;
      }
      applyCentralUnlocks(ctx.ctx);
      // Locked out here, or at another kiosk as the server reported: who is locked out is told only to
      // whoever knows the PIN; anyone else gets the one login sentence.
      const lockout = lockoutInForce(signers.get(user.id) ?? signerDecider.initialState(user.id), user, ctx.ctx.now);
      if (lockout) {
        // The lockout as it was when the PIN was typed: a pull during the check must not change the answer.
        return (await checkVerifier(request.pin, deps.verifiers(user.id)?.pinVerifier ?? null)) ? lockedOut(user.id, ctx.ctx, lockout) : LOGIN_FAILED;
      }
      const proved = await proveIdentity(user.id, request.pin, 'performed', 'login', undefined, ctx.ctx);
      if (!proved.ok) return LOGIN_FAILED;
      const actor: ExecutionActor = { kind: 'user', userId: user.id, printedName: user.printedName };
      const previous = liveSession();
      if (previous && previous.actor.userId !== user.id) endSession(previous.actor, 'another-user');
      const committed = commit('session', user.id, [{ type: 'LoggedIn', at: ctx.ctx.now, userId: user.id, stationId: ctx.ctx.stationId }], actor);
      if (!committed.ok) return committed;
      sessions.open(actor, nowMs());
      return { ok: true, session: { userId: user.id, printedName: user.printedName, roles: user.roles, autoLockMs: sessions.autoLockMs } };
    },

    /** Users locked out at this kiosk (the unlock screen's list). */
    listLockouts(): Lockout[] {
      const ctx = context();
      if (!ctx.ok) return [];
      applyCentralUnlocks(ctx.ctx);
      const userIds = new Set([...signers.keys(), ...ctx.ctx.master.users.filter((u) => u.centralLockout).map((u) => u.id)]);
      return [...userIds].flatMap((userId) => {
        const out = lockedOut(userId, ctx.ctx);
        return out.lockout ? [out.lockout] : [];
      });
    },

    /** Applies the central unlocks of the last pull (the core calls it when master data changes). */
    applyCentralUnlocks(): void {
      const ctx = context();
      if (ctx.ok) applyCentralUnlocks(ctx.ctx);
    },

    /** QA or an administrator unlocks a user at the kiosk: their own id + PIN and a reason; no session needed. */
    async unlockUser(request: { userId: string; byUserId: string; pin: string; reason: string }): Promise<Outcome<{ events: number }>> {
      const ctx = context();
      if (!ctx.ok) return ctx;
      const userId = request.userId.trim();
      const by = request.byUserId.trim();
      if (request.reason.trim() === '') return refusal('unlock-reason-missing', 'Unlocking a user needs a reason');
      applyCentralUnlocks(ctx.ctx);
      const state = signers.get(userId) ?? signerDecider.initialState(userId);
      if (!lockoutInForce(state, findUser(ctx.ctx.master, userId), ctx.ctx.now)) return refusal('signer-not-locked', `${findUser(ctx.ctx.master, userId)?.printedName ?? userId} is not locked out`);
      const proved = await proveIdentity(by, request.pin, 'approved', deps.log.head().hash, request.reason.trim(), ctx.ctx);
      if (!proved.ok) return proved;
      const decision = signerDecider.decide(state, { type: 'unlockSigner', userId, by, reason: request.reason.trim(), signature: proved.signature }, ctx.ctx);
      if (!decision.ok) return refusal(decision.code, decision.message);
      const unlocker = findUser(ctx.ctx.master, by);
      return commit('signer', userId, decision.value as unknown as AnyEvent[], { kind: 'user', userId: by, printedName: unlocker?.printedName ?? by });
    },

    logout(): Outcome<object> {
      const session = liveSession();
      sessions.close();
      if (session) endSession(session.actor, 'logout');
      return { ok: true };
    },

    listOrders(): Outcome<{ orders: OrderSummaryView[] }> {
      const master = deps.masterData();
      const stationId = deps.stationId();
      if (!master) return refusal('no-master-data', 'This kiosk has no master data yet');
      const list = master.orders.filter((o) => o.stationId === stationId).flatMap((o) => summary(master, o.id) ?? []);
      return { ok: true, orders: list };
    },

    progress,

    startOrder(request: { orderId: string }) {
      return orderCommand(request.orderId, (by) => ({ type: 'startOrder', orderId: request.orderId, by }));
    },
    startStep(request: { orderId: string; stepId: string }) {
      return orderCommand(request.orderId, (by) => ({ type: 'startStep', stepId: request.stepId, by }));
    },
    acknowledgeInstruction(request: { orderId: string; stepId: string }) {
      return orderCommand(request.orderId, (by) => ({ type: 'acknowledgeInstruction', stepId: request.stepId, by }));
    },
    confirmEquipmentStatus(request: { orderId: string; stepId: string }) {
      return orderCommand(request.orderId, (by) => ({ type: 'confirmEquipmentStatus', stepId: request.stepId, by }));
    },
    /** Completes a dispense; out of tolerance it needs an override: a reason and a second person's PIN. */
    async completeDispense(request: { orderId: string; stepId: string; override?: OverrideRequest }): Promise<Outcome<{ events: number }>> {
      if (!request.override) return orderCommand(request.orderId, (by) => ({ type: 'completeDispense', stepId: request.stepId, by }));
      const override = await overrideOf(request.override);
      if (!override.ok) return override;
      return orderCommand(request.orderId, (by) => ({ type: 'completeDispense', stepId: request.stepId, by, override: override.override }));
    },
    pauseOrder(request: { orderId: string; reason: string }) {
      return orderCommand(request.orderId, (by) => ({ type: 'pauseOrder', by, reason: request.reason }));
    },
    resumeOrder(request: { orderId: string }) {
      return orderCommand(request.orderId, (by) => ({ type: 'resumeOrder', by }));
    },

    /** Raw scan text (GS1 element string or Digital Link, or a typed lot id) → the domain's lot checks. */
    async scanLot(request: { orderId: string; stepId: string; scan: string; manual?: boolean; fefoOverride?: OverrideRequest }): Promise<Outcome<{ events: number }>> {
      const ctx = context();
      if (!ctx.ok) return ctx;
      const today = ctx.ctx.today.split('-').map(Number);
      const parsed = parseElementString(request.scan.trim(), { today: { year: today[0] ?? 2000, month: today[1] ?? 1, day: today[2] ?? 1 } });
      // A lot number typed or on a plain (non-GS1) label starts with a letter; GS1 data starts with an AI, ( or ]
      const typed = /^[A-Za-z]/.test(request.scan.trim()) && !/^https?:/i.test(request.scan.trim());
      const notGs1 = typed || (parsed.elements.length === 0 && parsed.problems.some((p) => p.code === 'not-gs1-data' || p.code === 'no-data'));
      let lotId = request.scan.trim();
      let label: { gtin?: string; expiry?: string } | undefined;
      if (!notGs1) {
        const problem = parsed.problems[0];
        if (problem) return refusal(`scan-${problem.code}`, `The scanned label could not be read: ${problem.message}`);
        const element = (ai: string) => parsed.elements.find((e) => e.ai === ai)?.value;
        const lot = element('10');
        if (typeof lot !== 'string') return refusal('scan-no-lot', 'The scanned label carries no lot number (AI 10) — scan the lot label of the container');
        lotId = lot;
        const gtin = element('01');
        const expiry = element('17');
        label = { ...(typeof gtin === 'string' ? { gtin } : {}), ...(expiry && typeof expiry === 'object' && 'year' in expiry ? { expiry: gs1DateIso(expiry) } : {}) };
      }
      if (lotId === '') return refusal('scan-empty', 'The scan was empty — scan the lot label again');
      let fefoOverride: Override | undefined;
      if (request.fefoOverride) {
        const override = await overrideOf(request.fefoOverride);
        if (!override.ok) return override;
        fefoOverride = override.override;
      }
      // A lot id without a GS1 label is manual entry: the domain allows it only where the material does.
      const entry = notGs1 || request.manual === true ? 'manual' : 'scan';
      return orderCommand(request.orderId, (by) => ({ type: 'scanLot', stepId: request.stepId, by, lotId, entry, ...(label ? { label } : {}), ...(fefoOverride ? { fefoOverride } : {}) }));
    },

    /** The operator picks the balance; the domain says at once if it may not be used (calibration, tests, holds). */
    selectBalance(request: { orderId: string; stepId: string; balanceId: string }): Outcome<object> {
      const session = requireSession();
      if (!session.ok) return session;
      const ctx = context();
      if (!ctx.ok) return ctx;
      const state = orders.get(request.orderId);
      // Allowed by the recipe, usable, and its USP <41> minimum weight fits the step: refused when tapped.
      const usable = state && state.status !== 'not-started' ? checkBalanceChoice(state, request.stepId, request.balanceId, ctx.ctx) : equipmentUsability(request.balanceId, 'balance', ctx.ctx);
      if (!usable.ok) return refusal(usable.code, usable.message);
      const key = stepKey(request.orderId, request.stepId);
      // A tare read on another balance is not this balance's: it is never shown or used.
      if (selectedBalance.get(key) !== request.balanceId) tares.delete(key);
      selectedBalance.set(key, request.balanceId);
      return { ok: true };
    },

    /** A stable reading taken before the balance was tared: the container's tare for the next weighing. */
    recordTare(request: { orderId: string; stepId: string; reading: BalanceReading; source: Exclude<TareSource, 'none'> }): Outcome<object> {
      if (!request.reading.stable) return refusal('tare-unstable', `The tare reading ${request.reading.value} ${request.reading.unit} is not stable — wait for the balance to settle`);
      if (!parseDecimal(request.reading.value).ok) return refusal('tare-invalid', `The tare reading "${request.reading.value}" is not a number`);
      const key = stepKey(request.orderId, request.stepId);
      tares.set(key, { value: request.reading.value, unit: request.reading.unit, source: request.source });
      const balanceId = selectedBalance.get(key);
      if (balanceId) containerEvidence.set(balanceId, 'new-tare');
      return { ok: true };
    },

    /**
     * Every reading of a station balance passes here: one at (or below) zero shows the load left the pan,
     * which is what makes the next container a new physical load.
     */
    noteBalanceReading(balanceId: string, value: string): void {
      const master = deps.masterData();
      const balance = master ? findEquipment(master, balanceId) : undefined;
      const reading = parseDecimal(value);
      if (balance?.kind !== 'balance' || !reading.ok) return;
      if (panEmptied(balance, reading.value) && !containerEvidence.has(balanceId)) containerEvidence.set(balanceId, 'returned-to-zero');
    },

    /** The balance's stable net reading (after tare) → WeighingRecorded, judged by the domain's weigh rules. */
    acceptWeighing(request: { orderId: string; stepId: string; reading: BalanceReading }) {
      const key = stepKey(request.orderId, request.stepId);
      const balanceId = selectedBalance.get(key);
      if (!balanceId) return refusal('no-balance-selected', 'Choose the balance for this step before accepting a weight');
      const state = orders.get(request.orderId);
      const lots = state && state.status !== 'not-started' ? (state.steps[request.stepId]?.lots ?? []) : [];
      const lotId = lots[lots.length - 1];
      if (!lotId) return refusal('no-lot-scanned', 'Scan the lot label of the material before weighing');
      const net = parseDecimal(request.reading.value);
      if (!net.ok) return refusal('reading-invalid', `The reading "${request.reading.value}" from ${balanceId} is not a number`);
      const tare = tares.get(key) ?? { value: '0', unit: request.reading.unit, source: 'none' as const };
      const gross = toString(add(net.value, dec(tare.value)));
      const result = orderCommand(request.orderId, (by) => ({
        type: 'recordWeighing',
        stepId: request.stepId,
        by,
        weighingId: deps.newId(),
        balanceId,
        lotId,
        gross,
        tare: tare.value,
        unit: request.reading.unit,
        grossStable: request.reading.stable,
        tareStable: true,
        tareSource: tare.source,
        ...(request.reading.raw !== undefined ? { rawFrame: request.reading.raw } : {}),
        ...(containerEvidence.has(balanceId) ? { evidence: containerEvidence.get(balanceId) } : {}),
      }));
      if (result.ok) {
        tares.delete(key);
        // The load now on the pan is counted: the next container needs new evidence.
        containerEvidence.delete(balanceId);
      }
      return result;
    },

    /** E-signature on a step: user id + PIN checked now, meaning and reason on the record, hash of the log head. */
    async sign(request: { orderId: string; stepId: string; userId: string; pin: string; meaning: SignatureMeaning; reason?: string }): Promise<Outcome<{ signed: boolean; awaiting: number }>> {
      const session = requireSession();
      if (!session.ok) return session;
      const ctx = context();
      if (!ctx.ok) return ctx;
      const proved = await proveIdentity(request.userId, request.pin, request.meaning, deps.log.head().hash, request.reason, ctx.ctx);
      if (!proved.ok) return proved;
      const key = stepKey(request.orderId, request.stepId);
      const signatures = [...(pendingSignatures.get(key) ?? []), proved.signature];
      const decision = orderDecider.decide(orders.get(request.orderId) ?? orderDecider.initialState(request.orderId), { type: 'signStep', stepId: request.stepId, signatures }, ctx.ctx);
      if (!decision.ok) {
        // A two-person sign-off waits for the second signer; anything else is refused as the domain says.
        if (decision.code === 'signature-missing' && signatures.length === 1) {
          pendingSignatures.set(key, signatures);
          return { ok: true, signed: false, awaiting: 1 };
        }
        return refusal(decision.code, decision.message);
      }
      const signer = findUser(ctx.ctx.master, request.userId);
      const actor: ExecutionActor = { kind: 'user', userId: request.userId, printedName: signer?.printedName ?? request.userId };
      const committed = commit('order', request.orderId, decision.value as unknown as AnyEvent[], actor);
      if (!committed.ok) return committed;
      pendingSignatures.delete(key);
      return { ok: true, signed: true, awaiting: 0 };
    },

    /** Daily balance sensitivity test / pH calibration, decided by the equipment decider. */
    /** Daily balance sensitivity test read from the connected balance: its stable reading and raw frame. */
    recordRoutineTest(command: SensitivityCommand & { entry: Extract<SensitivityEntry, { kind: 'instrument' }>; unit: string }): Outcome<{ events: number }> {
      const session = requireSession();
      if (!session.ok) return session;
      const ctx = context();
      if (!ctx.ok) return ctx;
      const instrument = findEquipment(ctx.ctx.master, command.equipmentId);
      if (instrument?.kind === 'balance' && command.unit !== instrument.unit) return refusal('weighing-unit-mismatch', `${command.equipmentId} weighs in ${instrument.unit}; its reading came in "${command.unit}" — set the balance to ${instrument.unit}`);
      return decideSensitivity(command, command.entry, session.actor, ctx.ctx);
    },

    /** The same test typed by hand (a balance without an interface): a second person verifies it with id and PIN. */
    async recordManualRoutineTest(command: SensitivityCommand & { verifier?: { userId: string; pin: string } }): Promise<Outcome<{ events: number }>> {
      const session = requireSession();
      if (!session.ok) return session;
      const ctx = context();
      if (!ctx.ok) return ctx;
      const verifier = command.verifier;
      if (!verifier || verifier.userId.trim() === '') return refusal('manual-entry-unverified', `A typed sensitivity reading of ${command.equipmentId} needs a second person's verification (user id and PIN)`);
      if (verifier.userId.trim() === session.actor.userId) return refusal('manual-entry-unverified', `${session.actor.printedName} typed the reading of ${command.equipmentId} and cannot also verify it — a second person must`);
      const proved = await proveIdentity(verifier.userId.trim(), verifier.pin, 'verified', deps.log.head().hash, `sensitivity test of ${command.equipmentId}: ${command.reading}`, ctx.ctx);
      if (!proved.ok) return proved;
      return decideSensitivity(command, { kind: 'manual', verification: proved.signature }, session.actor, ctx.ctx);
    },

    /** The station's instruments with routine tests: ready, due or blocked, and what each sensitivity test asks. */
    routineChecks(): Outcome<{ items: RoutineCheckItem[] }> {
      const ctx = context();
      if (!ctx.ok) return ctx;
      return { ok: true, items: routineCheckList(ctx.ctx) };
    },

    /** Holds in force that were placed on the kiosk's records (automatic or QA), oldest first, with how many sign their release. */
    listHolds(): HoldListing[] {
      const master = deps.masterData();
      return [...holdStates.values()].flatMap((h) =>
        h.status === 'active'
          ? [{ holdId: h.holdId, kind: h.target.kind, target: describeTarget(h.target), reason: h.reason, signaturesRequired: master ? releaseSignaturesRequired(h.target, master) : 1 }]
          : [],
      );
    },

    /** QA (or a supervisor) puts a lot, a piece of equipment or an order on hold, with a reason; no e-signature. */
    placeHold(request: { kind: HoldTargetKind; id: string; reason: string }): Outcome<{ holdId: string }> {
      const session = requireSession();
      if (!session.ok) return session;
      const ctx = context();
      if (!ctx.ok) return ctx;
      const holdId = deps.newId();
      const target = { kind: request.kind, id: request.id.trim() };
      const decision = holdDecider.decide(holdDecider.initialState(holdId), { type: 'placeHold', holdId, target, reason: request.reason.trim(), by: session.actor.userId }, ctx.ctx);
      if (!decision.ok) return refusal(decision.code, decision.message);
      const committed = commit('hold', holdId, decision.value as unknown as AnyEvent[], session.actor);
      return committed.ok ? { ok: true, holdId } : committed;
    },

    /**
     * QA releases a hold with a two-component e-signature "released" and a reason; the signer is the one
     * acting. Where the site asks for two people, `second` signs "verified" — the domain refuses the same user twice.
     */
    async releaseHold(request: { holdId: string; userId: string; pin: string; reason: string; second?: { userId: string; pin: string } }): Promise<Outcome<{ events: number }>> {
      const session = requireSession();
      if (!session.ok) return session;
      const ctx = context();
      if (!ctx.ok) return ctx;
      const state = holdStates.get(request.holdId) ?? holdDecider.initialState(request.holdId);
      if (state.status !== 'active') return refusal('hold-not-active', `Hold ${request.holdId} is not in force and cannot be released`);
      const proved = await proveIdentity(request.userId, request.pin, 'released', deps.log.head().hash, request.reason, ctx.ctx);
      if (!proved.ok) return proved;
      let secondSignature: Signature | undefined;
      if (request.second && request.second.userId.trim() !== '') {
        const second = await proveIdentity(request.second.userId.trim(), request.second.pin, 'verified', deps.log.head().hash, request.reason, ctx.ctx);
        if (!second.ok) return second;
        secondSignature = second.signature;
      }
      const decision = holdDecider.decide(state, { type: 'releaseHold', by: request.userId, reason: request.reason, signature: proved.signature, ...(secondSignature ? { secondSignature } : {}) }, ctx.ctx);
      if (!decision.ok) return refusal(decision.code, decision.message);
      const signer = findUser(ctx.ctx.master, request.userId);
      return commit('hold', request.holdId, decision.value as unknown as AnyEvent[], { kind: 'user', userId: request.userId, printedName: signer?.printedName ?? request.userId });
    },

    /** Open deviations: what, how severe, how many signatures it has and needs to close. */
    listDeviations(): { deviationId: string; title: string; severity: DeviationSeverity; orderId: string | null; signatures: number; needed: number }[] {
      return [...deviations.values()].flatMap(({ state, title, orderId }) =>
        state.status === 'open' ? [{ deviationId: state.deviationId, title, severity: state.severity, orderId: orderId ?? null, signatures: state.signatures.length, needed: DEVIATION_POLICY[state.severity].signaturesToClose }] : [],
      );
    },

    /** Deviation entry by the logged-in user, optionally on an order and step. */
    openDeviation(request: { severity: DeviationSeverity; title: string; description: string; orderId?: string; stepId?: string }): Outcome<{ deviationId: string }> {
      const session = requireSession();
      if (!session.ok) return session;
      const ctx = context();
      if (!ctx.ok) return ctx;
      const deviationId = deps.newId();
      const decision = deviationDecider.decide(deviationDecider.initialState(deviationId), { type: 'openDeviation', deviationId, by: session.actor.userId, ...request }, ctx.ctx);
      if (!decision.ok) return refusal(decision.code, decision.message);
      const committed = commit('deviation', deviationId, decision.value as unknown as AnyEvent[], session.actor);
      return committed.ok ? { ok: true, deviationId } : committed;
    },

    /** QA or supervisor signs a deviation ("reviewed" or "approved"); enough distinct signers close it. */
    async signDeviation(request: { deviationId: string; userId: string; pin: string; meaning: SignatureMeaning; reason?: string }): Promise<Outcome<{ closed: boolean }>> {
      const session = requireSession();
      if (!session.ok) return session;
      const ctx = context();
      if (!ctx.ok) return ctx;
      const known = deviations.get(request.deviationId);
      if (known?.state.status !== 'open') return refusal('deviation-not-open', `Deviation ${request.deviationId} is not open`);
      const proved = await proveIdentity(request.userId, request.pin, request.meaning, deps.log.head().hash, request.reason, ctx.ctx);
      if (!proved.ok) return proved;
      const decision = deviationDecider.decide(known.state, { type: 'signDeviation', signature: proved.signature }, ctx.ctx);
      if (!decision.ok) return refusal(decision.code, decision.message);
      const signer = findUser(ctx.ctx.master, request.userId);
      const committed = commit('deviation', request.deviationId, decision.value as unknown as AnyEvent[], { kind: 'user', userId: request.userId, printedName: signer?.printedName ?? request.userId });
      if (!committed.ok) return committed;
      return { ok: true, closed: decision.value.some((e) => e.type === 'DeviationClosed') };
    },

    /** Buffer calibration of a pH meter for the shift; a failure holds the meter. */
    recordPhCalibration(command: Omit<Extract<EquipmentCommand, { type: 'recordPhCalibration' }>, 'by' | 'type'>) {
      const session = requireSession();
      if (!session.ok) return session;
      const ctx = context();
      if (!ctx.ok) return ctx;
      const id = command.equipmentId;
      const decision = equipmentDecider.decide(equipment.get(id) ?? equipmentDecider.initialState(id), { type: 'recordPhCalibration', by: session.actor.userId, ...command }, ctx.ctx);
      if (!decision.ok) return refusal(decision.code, decision.message);
      return commit('equipment', id, decision.value as unknown as AnyEvent[], session.actor);
    },

    recordPhMeasurement(request: { orderId: string; stepId: string; meterId: string; reading: { ph: string; mv: string; temperatureC: string }; stable: boolean }) {
      return orderCommand(request.orderId, (by) => ({ type: 'recordPhMeasurement', stepId: request.stepId, by, meterId: request.meterId, reading: request.reading, stable: request.stable }));
    },

    /** Open deviations of the order are refused unless the recipe allows them; those left open become the record's exceptions. */
    completeOrder(request: { orderId: string }): Outcome<{ exceptions: OpenException[] }> | (ReturnType<typeof refusal> & { open: OpenException[] }) {
      const open = openExceptions(request.orderId);
      const result = orderCommand(request.orderId, (by) => ({ type: 'completeOrder', by }));
      if (!result.ok) return result.code === 'order-deviations-open' ? { ...result, open } : result;
      return { ok: true, exceptions: open };
    },

    /** Folded state, for tests and views. */
    orderState: (orderId: string): OrderState => orders.get(orderId) ?? orderDecider.initialState(orderId),
    signerState: (userId: string): SignerState => signers.get(userId) ?? signerDecider.initialState(userId),
  };
}
export type Execution = ReturnType<typeof createExecution>;

class NotEnrolled extends Error {}
