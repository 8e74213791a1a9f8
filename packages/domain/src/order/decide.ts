import type { FloorContext } from '../context.js';
import { dec, gte, lte, parseDecimal } from '../decimal/decimal.js';
import { openedDeviation } from '../deviation/deviation.js';
import { invalidBufferReading } from '../equipment/routine-tests.js';
import { equipmentUsability } from '../equipment/usability.js';
import { checkSignOff } from '../esignature/signature.js';
import { findPlannedOrder, findRecipe } from '../master-data/master-data.js';
import { orderReleased, recipeInEffect, type Recipe, type RecipeStep } from '../master-data/recipe.js';
import type { Decision } from '../result.js';
import { accept, refuse } from '../result.js';
import { offlineGraceRefusal } from '../station/offline-grace.js';
import type { OrderCommand } from './commands.js';
import { chargedElsewhereClosed, decideChargeContainer, decideCompleteCharge, decideStartLineStep, stationOfStep } from './charge/charge.js';
import { decideCompleteDispense, decideRecordWeighing, decideRejectWeighing, decideScanLot } from './dispense/dispense.js';
import type { OrderStreamEvent } from './events.js';
import type { OrderRefusalCode } from './refusals.js';
import type { ActiveOrderState, OrderState } from './state.js';
import { checkMayProgress, checkPerformer, eventBase, lockedBy, progressOf, recipeOf, stepCompleted, stepInProgress, stepName } from './steps.js';

type OrderDecision = Decision<OrderStreamEvent, OrderRefusalCode>;

/** Closed here, or (a charge step at another station's kiosk) every one of its containers known charged through sync. */
function stepClosed(state: ActiveOrderState, recipe: Recipe, step: RecipeStep, ctx: FloorContext): boolean {
  if (progressOf(state, step.id).phase === 'closed') return true;
  return step.kind === 'charge' && step.stationId !== undefined && step.stationId !== state.stationId && chargedElsewhereClosed(state, step, recipe, ctx);
}

/** A charge step of a planned order done at this kiosk's station while the order runs at another one. */
function isLineStep(orderId: string, stepId: string, ctx: FloorContext): boolean {
  const planned = findPlannedOrder(ctx.master, orderId);
  const step = planned ? findRecipe(ctx.master, planned.recipeId, planned.recipeVersion)?.steps.find((s) => s.id === stepId) : undefined;
  return planned !== undefined && step?.kind === 'charge' && stationOfStep(step, planned) !== planned.stationId;
}

/** Order execution: steps in sequence, pause/resume, dispense, pH, checks and sign-off. */
export function decideOrder(state: OrderState, command: OrderCommand, ctx: FloorContext): OrderDecision {
  const at = eventBase(state, ctx);
  if (command.type !== 'signStep') {
    const notAllowed = checkPerformer(command.by, ctx);
    if (notAllowed) return notAllowed;
  }
  switch (command.type) {
    case 'startOrder': {
      if (state.status !== 'not-started') return refuse('order-already-started', `Order ${state.orderId} has already been started`);
      const planned = findPlannedOrder(ctx.master, command.orderId);
      if (!planned || command.orderId !== state.orderId) return refuse('order-unknown', `Order ${command.orderId} is not in the master data`);
      if (planned.stationId !== ctx.stationId) return refuse('order-wrong-station', `Order ${planned.id} is planned for station ${planned.stationId}, not ${ctx.stationId}`);
      const released = orderReleased(planned);
      if (!released.ok) return refuse(released.code, `${released.why} — it cannot start`);
      const recipe = findRecipe(ctx.master, planned.recipeId, planned.recipeVersion);
      if (!recipe) return refuse('recipe-not-approved', `Recipe ${planned.recipeId} version ${planned.recipeVersion} is missing, not approved — order ${planned.id} cannot start`);
      const inEffect = recipeInEffect(recipe, ctx.today);
      if (!inEffect.ok) return refuse('recipe-not-approved', `${inEffect.why} — order ${planned.id} cannot start`);
      const grace = offlineGraceRefusal(ctx);
      if (grace) return grace;
      return accept([
        { type: 'OrderStarted', ...at, recipeId: recipe.id, recipeVersion: recipe.version, stationId: ctx.stationId, batchNumber: planned.batchNumber, by: command.by, masterDataVersion: ctx.master.version },
      ]);
    }
    case 'pauseOrder': {
      if (state.status !== 'running') return refuse('order-not-running', `Order ${state.orderId} is ${state.status}, not running — it cannot be paused`);
      if (command.reason.trim() === '') return refuse('reason-missing', `Pausing order ${state.orderId} needs a reason`);
      return accept([{ type: 'OrderPaused', ...at, by: command.by, reason: command.reason }]);
    }
    case 'resumeOrder': {
      if (state.status !== 'paused') return refuse('order-not-paused', `Order ${state.orderId} is not paused`);
      return accept([{ type: 'OrderResumed', ...at, by: command.by }]);
    }
    case 'completeOrder': {
      const may = checkMayProgress(state);
      if (!may.ok) return may;
      const recipe = recipeOf(may.value, ctx);
      const openSteps = recipe.steps.filter((s) => !stepClosed(may.value, recipe, s, ctx));
      if (openSteps.length > 0) return refuse('order-steps-open', `Order ${state.orderId} cannot complete: ${openSteps.map(stepName).join(', ')} not complete and signed`);
      const steps = Object.values(may.value.steps);
      const open = Object.entries(may.value.openDeviations);
      const allowed = recipe.completeWithOpenDeviations ?? [];
      const blocking = open.filter(([, severity]) => !allowed.includes(severity));
      if (blocking.length > 0) {
        return refuse(
          'order-deviations-open',
          `Order ${state.orderId} cannot complete: ${blocking.length} deviation(s) still open (${blocking.map(([, severity]) => severity).join(', ')}) — QA must close them first`,
        );
      }
      const exceptions = open.map(([deviationId, severity]) => ({ kind: 'open-deviation' as const, deviationId, severity }));
      return accept([
        {
          type: 'OrderCompleted',
          ...at,
          by: command.by,
          quantities: {
            dispensedSteps: recipe.steps.filter((s) => s.kind === 'dispense').length,
            reweighs: steps.reduce((n, s) => n + s.containers.filter((c) => c.rejected).length, 0),
            deviations: may.value.deviationCount,
          },
          ...(exceptions.length > 0 ? { exceptions } : {}),
        },
      ]);
    }
    case 'startStep': {
      if (state.status === 'not-started' && isLineStep(state.orderId, command.stepId, ctx)) return decideStartLineStep(state, command, ctx);
      const may = checkMayProgress(state);
      if (!may.ok) return may;
      const recipe = recipeOf(may.value, ctx);
      const step = recipe.steps.find((s) => s.id === command.stepId);
      if (!step) return refuse('step-unknown', `Recipe ${recipe.id} v${recipe.version} has no step ${command.stepId}`);
      if (progressOf(may.value, step.id).phase !== 'not-started') return refuse('step-already-started', `${stepName(step)} has already been started`);
      const station = stationOfStep(step, { id: state.orderId, recipeId: recipe.id, recipeVersion: recipe.version, stationId: may.value.stationId, batchNumber: '' });
      if (station !== ctx.stationId) return refuse('step-wrong-station', `${stepName(step)} is done at station ${station}, not ${ctx.stationId}`);
      const blocker = lockedBy(may.value, recipe, step, (s) => stepClosed(may.value, recipe, s, ctx));
      if (blocker) return refuse('step-locked', `${stepName(step)} is locked: ${stepName(blocker)} is not complete and signed`);
      return accept([{ type: 'StepStarted', ...at, stepId: step.id, by: command.by }]);
    }
    case 'acknowledgeInstruction': {
      const may = checkMayProgress(state);
      if (!may.ok) return may;
      const found = stepInProgress(may.value, command.stepId, ['instruction'], ctx);
      if (!found.ok) return found;
      return accept([
        { type: 'InstructionAcknowledged', ...at, stepId: command.stepId, by: command.by },
        stepCompleted(state, ctx, found.value.step, command.by),
      ]);
    }
    case 'confirmEquipmentStatus': {
      const may = checkMayProgress(state);
      if (!may.ok) return may;
      const found = stepInProgress(may.value, command.stepId, ['equipment-check'], ctx);
      if (!found.ok) return found;
      const equipment = [];
      for (const id of found.value.step.equipmentIds) {
        const kind = ctx.master.equipment.find((e) => e.id === id)?.kind ?? 'balance';
        const usable = equipmentUsability(id, kind, ctx);
        if (!usable.ok) return usable;
        equipment.push({ equipmentId: id, calibration: usable.value.calibration });
      }
      return accept([
        { type: 'EquipmentStatusConfirmed', ...at, stepId: command.stepId, by: command.by, equipment },
        stepCompleted(state, ctx, found.value.step, command.by),
      ]);
    }
    case 'scanLot':
    case 'recordWeighing':
    case 'rejectWeighing':
    case 'completeDispense': {
      const may = checkMayProgress(state);
      if (!may.ok) return may;
      if (command.type === 'scanLot') return decideScanLot(may.value, command, ctx);
      if (command.type === 'recordWeighing') return decideRecordWeighing(may.value, command, ctx);
      if (command.type === 'rejectWeighing') return decideRejectWeighing(may.value, command, ctx);
      return decideCompleteDispense(may.value, command, ctx);
    }
    case 'recordPhMeasurement': {
      const may = checkMayProgress(state);
      if (!may.ok) return may;
      const found = stepInProgress(may.value, command.stepId, ['ph-measurement'], ctx);
      if (!found.ok) return found;
      const { step } = found.value;
      if (step.meterIds && !step.meterIds.includes(command.meterId)) return refuse('meter-not-allowed-for-step', `${stepName(step)} must be measured on ${step.meterIds.join(' or ')}, not ${command.meterId}`);
      const usable = equipmentUsability(command.meterId, 'ph-meter', ctx);
      if (!usable.ok) return usable;
      if (step.stableRequired && !command.stable) return refuse('reading-unstable', `The pH reading on ${command.meterId} has not reached a stable endpoint — wait for it`);
      const invalid = invalidBufferReading(command.reading, command.meterId);
      if (invalid) return refuse('reading-invalid', invalid);
      const ph = dec(command.reading.ph);
      const within = gte(ph, dec(step.low)) && lte(ph, dec(step.high));
      const measured: OrderStreamEvent = {
        type: 'PhMeasured',
        ...at,
        stepId: step.id,
        by: command.by,
        meterId: command.meterId,
        ph: command.reading.ph,
        mv: command.reading.mv,
        temperatureC: command.reading.temperatureC,
        low: step.low,
        high: step.high,
        result: within ? 'within-limits' : 'out-of-limits',
        calibration: usable.value.calibration,
      };
      if (within) return accept([measured, stepCompleted(state, ctx, step, command.by)]);
      // out of limits is a fact to keep; the step stays open for adjustment and a new measurement
      return accept([
        measured,
        openedDeviation(ctx, { severity: 'low', title: `pH out of limits: ${stepName(step)}`, description: `pH ${command.reading.ph} on ${command.meterId} is outside ${step.low}–${step.high}`, orderId: state.orderId, stepId: step.id, openedBy: command.by }),
      ]);
    }
    case 'recordCheck': {
      const may = checkMayProgress(state);
      if (!may.ok) return may;
      const found = stepInProgress(may.value, command.stepId, ['in-process-check'], ctx);
      if (!found.ok) return found;
      const { step } = found.value;
      let passed: boolean;
      if (step.check.kind === 'numeric') {
        if (command.value === undefined) return refuse('check-value-missing', `${stepName(step)} needs a value in ${step.check.unit}`);
        const value = parseDecimal(command.value);
        if (!value.ok) return refuse('reading-invalid', `${stepName(step)}: ${value.message}`);
        passed = gte(value.value, dec(step.check.low)) && lte(value.value, dec(step.check.high));
      } else {
        if (command.passed === undefined) return refuse('check-value-missing', `${stepName(step)} needs pass or fail`);
        passed = command.passed;
      }
      const recorded: OrderStreamEvent = { type: 'CheckRecorded', ...at, stepId: step.id, by: command.by, passed, ...(command.value !== undefined ? { value: command.value } : {}) };
      if (passed) return accept([recorded, stepCompleted(state, ctx, step, command.by)]);
      const limits = step.check.kind === 'numeric' ? ` (limits ${step.check.low}–${step.check.high} ${step.check.unit}, got ${command.value})` : '';
      return accept([recorded, openedDeviation(ctx, { severity: 'medium', title: `In-process check failed: ${stepName(step)}`, description: `${step.title} failed${limits}`, orderId: state.orderId, stepId: step.id, openedBy: command.by })]);
    }
    case 'chargeContainer':
      return decideChargeContainer(state, command, ctx);
    case 'completeCharge':
      return decideCompleteCharge(state, command, ctx);
    case 'signStep': {
      const may = checkMayProgress(state);
      if (!may.ok) return may;
      const recipe = recipeOf(may.value, ctx);
      const step = recipe.steps.find((s) => s.id === command.stepId);
      if (!step) return refuse('step-unknown', `Recipe ${recipe.id} v${recipe.version} has no step ${command.stepId}`);
      const progress = progressOf(may.value, step.id);
      if (!step.signOff) return refuse('step-wrong-kind', `${stepName(step)} has no sign-off`);
      const expected = step.kind === 'sign-off' ? 'in-progress' : 'awaiting-signature';
      if (progress.phase !== expected) return refuse('step-not-awaiting-signature', `${stepName(step)} is ${progress.phase.replace('-', ' ')} — it cannot be signed now`);
      const verifies = step.kind === 'sign-off' && step.verifiesSteps ? step.verifiesSteps : null;
      const performers = verifies ? verifies.flatMap((id) => progressOf(may.value, id).performers) : progress.performers;
      const verified = verifies ? `${verifies.length === 1 ? 'step' : 'steps'} ${verifies.join(', ')}` : undefined;
      const bad = checkSignOff(command.signatures, step.signOff, performers, stepName(step), ctx, verified);
      if (bad) return bad;
      const events: OrderStreamEvent[] = [];
      const signer = command.signatures[0]?.signerId ?? '';
      // a sign-off step is completed by its signature
      if (step.kind === 'sign-off') events.push(stepCompleted(state, ctx, step, signer));
      events.push({ type: 'StepSigned', ...at, stepId: step.id, signatures: command.signatures });
      return accept(events);
    }
    default: {
      const _never: never = command;
      return _never;
    }
  }
}
