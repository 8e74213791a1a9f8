import type { FloorContext } from '../../context.js';
import type { Decimal } from '../../decimal/decimal.js';
import { compare, dec, gt, isNegative, isZero, lt, normalize, parseDecimal, sub, sum, toString } from '../../decimal/decimal.js';
import type { MassUnit } from '../../decimal/quantity.js';
import { convertMass } from '../../decimal/quantity.js';
import { DEVIATION_POLICY, openedDeviation } from '../../deviation/deviation.js';
import { minimumWeight } from '../../equipment/minimum-weight.js';
import { equipmentUsability } from '../../equipment/usability.js';
import { checkWeighingReading } from '../../equipment/weighing.js';
import { checkOverrideSignature } from '../../esignature/signature.js';
import { automaticHold } from '../../hold/hold.js';
import { fefoRefusal, firstExpiryCandidate, lotUsability } from '../../lot/usability.js';
import type { Balance } from '../../master-data/equipment.js';
import { findLot, findMaterial } from '../../master-data/master-data.js';
import type { DispenseStep } from '../../master-data/recipe.js';
import type { Decision, Result } from '../../result.js';
import { parseSscc } from '../../label/sscc.js';
import { accept, refuse } from '../../result.js';
import type { OrderCommand } from '../commands.js';
import type { OrderStreamEvent, StepQuantities, TargetBasis } from '../events.js';
import type { OrderRefusalCode } from '../refusals.js';
import type { ActiveOrderState, StepProgress } from '../state.js';
import { eventBase, progressOf, recipeOf, stepCompleted, stepInProgress, stepName } from '../steps.js';
import { compensatedTarget, potencyAdjustedTarget, targetScale } from './target.js';
import { checkNewContainer } from './container-evidence.js';
import { classify, dispenseLimits } from './tolerance.js';

type Cmd<T extends OrderCommand['type']> = Extract<OrderCommand, { type: T }>;
type OrderDecision = Decision<OrderStreamEvent, OrderRefusalCode>;

const fmt = (d: Decimal): string => toString(normalize(d));

export function decideScanLot(state: ActiveOrderState, command: Cmd<'scanLot'>, ctx: FloorContext): OrderDecision {
  const found = stepInProgress(state, command.stepId, ['dispense', 'lot-verify'], ctx);
  if (!found.ok) return found;
  const { step, progress } = found.value;
  const usable = lotUsability(command.lotId, step.materialId, ctx, command.label);
  if (!usable.ok) return usable;
  const { lot, material } = usable.value;
  // still checked against master data above; typing it is a separate permission of the material
  if (command.entry === 'manual' && material.manualLotEntry !== true) {
    return refuse('lot-manual-entry-not-allowed', `Lot ${lot.id} of ${material.name} must be scanned from its GS1 label — typing the lot is not allowed for this material`);
  }
  if (step.kind === 'dispense' && !progress.lots.includes(lot.id) && progress.lots.length >= step.maxLots) {
    return refuse('lot-limit-reached', `${stepName(step)} allows at most ${step.maxLots} lot(s) of ${material.name}; already scanned ${progress.lots.join(', ')}`);
  }
  const earlier = firstExpiryCandidate(lot, ctx);
  let fefoOverride: { reason: string; signature: NonNullable<Cmd<'scanLot'>['fefoOverride']>['signature']; firstExpiryLotId: string } | undefined;
  if (earlier) {
    if (!command.fefoOverride) return fefoRefusal(lot, earlier);
    const bad = checkOverrideSignature(command.fefoOverride.signature, command.fefoOverride.reason, 'override-fefo', command.by, `first-expiry-first-out for lot ${lot.id}`, ctx);
    if (bad) return bad;
    fefoOverride = { reason: command.fefoOverride.reason, signature: command.fefoOverride.signature, firstExpiryLotId: earlier.id };
  }
  const scanned: OrderStreamEvent = {
    type: 'LotScanned',
    ...eventBase(state, ctx),
    stepId: step.id,
    by: command.by,
    lotId: lot.id,
    materialId: material.id,
    expiry: lot.expiry,
    entry: command.entry ?? 'scan',
    ...(fefoOverride ? { fefoOverride } : {}),
  };
  if (step.kind === 'lot-verify') {
    return accept([scanned, stepCompleted(state, ctx, step, command.by)]);
  }
  return accept([scanned]);
}

/** Target in the step's unit for this balance, with the derivation kept for the record. */
function dispenseTarget(state: ActiveOrderState, step: DispenseStep, balance: Balance, lotId: string, ctx: FloorContext) {
  const nominal = dec(step.quantity);
  const scale = targetScale(balance, step.unit);
  if (step.potencyAdjusted) {
    const material = findMaterial(ctx.master, step.materialId);
    const lot = findLot(ctx.master, lotId);
    if (!material?.potency || lot?.potencyPercent === undefined) {
      return refuse('potency-missing', `${stepName(step)} is potency-adjusted but lot ${lotId} has no assay on file — ask QA`);
    }
    const target = potencyAdjustedTarget(nominal, dec(material.potency.referencePercent), dec(lot.potencyPercent), scale);
    const basis: TargetBasis = { kind: 'potency', lotId, lotPotencyPercent: lot.potencyPercent, referencePercent: material.potency.referencePercent, roundedTo: scale, rounding: 'half-up' };
    return accept({ target, basis });
  }
  if (step.compensatesStep !== undefined) {
    const api = progressOf(state, step.compensatesStep).target;
    const recipeStep = recipeOf(state, ctx).steps.find((s) => s.id === step.compensatesStep);
    if (!api || recipeStep?.kind !== 'dispense') return refuse('compensated-step-not-dispensed', `${stepName(step)} is reduced by the potency surplus of step ${step.compensatesStep}, which has no dispense target yet`);
    const surplus = convertMass(sub(dec(api.value), dec(recipeStep.quantity)), recipeStep.unit, step.unit);
    const target = compensatedTarget(nominal, surplus, scale);
    return accept({ target, basis: { kind: 'compensation', compensatesStep: recipeStep.id, surplus: toString(surplus), roundedTo: scale, rounding: 'half-up' } as TargetBasis });
  }
  return accept({ target: nominal, basis: { kind: 'nominal' } as TargetBasis });
}

const accepted = (progress: StepProgress) => progress.containers.filter((c) => !c.rejected);

/** The balance's readability d in the step's unit: the grid the limits sit on. */
const readabilityIn = (balance: Balance, unit: MassUnit): Decimal => convertMass(dec(balance.readability), balance.unit, unit);

/** What the operator sees before the first container: target and limits as the first weighing will record them. */
export interface DispensePlan {
  readonly target: string;
  readonly lower: string;
  readonly upper: string;
  readonly unit: MassUnit;
  /** True once the first weighing recorded it (the plan can no longer change). */
  readonly fixed: boolean;
}

/**
 * The target and limits of a dispense step on a balance, one function for the screen, the refusal and
 * the record: fixed once recorded, else derived now (potency-adjusted steps need their scanned lot).
 */
export function dispensePlan(state: ActiveOrderState, stepId: string, balanceId: string, ctx: FloorContext): DispensePlan | null {
  const step = recipeOf(state, ctx).steps.find((s) => s.id === stepId);
  if (step?.kind !== 'dispense') return null;
  const progress = progressOf(state, stepId);
  if (progress.target) return { target: progress.target.value, lower: progress.target.lower, upper: progress.target.upper, unit: step.unit, fixed: true };
  const balance = ctx.master.equipment.find((e) => e.id === balanceId);
  if (balance?.kind !== 'balance') return null;
  const lotId = progress.lots[progress.lots.length - 1];
  if (step.potencyAdjusted && lotId === undefined) return null;
  const derived = dispenseTarget(state, step, balance, lotId ?? '', ctx);
  if (!derived.ok) return null;
  const band = dispenseLimits(derived.value.target, step.tolerance, readabilityIn(balance, step.unit));
  return { target: toString(derived.value.target), lower: toString(band.lower), upper: toString(band.upper), unit: step.unit, fixed: false };
}

/**
 * May the operator choose this balance for the step? Allowed by the recipe, usable now (calibration,
 * routine test, holds), and its USP <41> minimum weight (with the safety factor) not above the step's
 * quantity — refused when tapped, before anyone tares or fills.
 */
export function checkBalanceChoice(state: ActiveOrderState, stepId: string, balanceId: string, ctx: FloorContext) {
  const step = recipeOf(state, ctx).steps.find((s) => s.id === stepId);
  if (!step) return refuse('step-unknown', `This order's recipe has no step ${stepId}`);
  if (step.kind !== 'dispense') return refuse('step-wrong-kind', `${stepName(step)} is not a dispense step`);
  if (step.balanceIds && !step.balanceIds.includes(balanceId)) return refuse('balance-not-allowed-for-step', `${stepName(step)} must be weighed on ${step.balanceIds.join(' or ')}, not ${balanceId}`);
  const usable = equipmentUsability(balanceId, 'balance', ctx);
  if (!usable.ok) return usable;
  const balance = usable.value.equipment;
  const mw = minimumWeight(balance).withSafetyFactor;
  const quantity = convertMass(dec(step.quantity), step.unit, balance.unit);
  if (gt(mw, quantity)) {
    return refuse(
      'balance-minimum-weight-above-quantity',
      `${balance.id} cannot weigh ${stepName(step)}: its minimum weight ${fmt(mw)} ${balance.unit} (USP <41>, safety factor ${balance.safetyFactor}) is above the step's ${step.quantity} ${step.unit} — choose a smaller balance`,
    );
  }
  // a band narrower than the balance's division holds no reading it can show: nothing could pass
  const progress = progressOf(state, stepId);
  const plan = dispensePlan(state, stepId, balanceId, ctx);
  if (plan && !progress.target && gt(dec(plan.lower), dec(plan.upper))) {
    return refuse('balance-too-coarse', `${balance.id} reads in steps of ${balance.readability} ${balance.unit}, too coarse for the tolerance of ${stepName(step)} — choose a finer balance`);
  }
  return accept(usable.value);
}

export function decideRecordWeighing(state: ActiveOrderState, command: Cmd<'recordWeighing'>, ctx: FloorContext): OrderDecision {
  const found = stepInProgress(state, command.stepId, ['dispense'], ctx);
  if (!found.ok) return found;
  const { step, progress } = found.value;
  if (progress.containers.some((c) => c.weighingId === command.weighingId)) return refuse('weighing-duplicate', `Weighing ${command.weighingId} is already recorded`);
  if (!progress.lots.includes(command.lotId)) return refuse('lot-not-scanned', `Lot ${command.lotId} has not been scanned and accepted for ${stepName(step)} — scan its label first`);
  if (step.balanceIds && !step.balanceIds.includes(command.balanceId)) return refuse('balance-not-allowed-for-step', `${stepName(step)} must be weighed on ${step.balanceIds.join(' or ')}, not ${command.balanceId}`);
  // the same gate as every weighing: usable balance, stable, its unit, within capacity
  const checked = checkWeighingReading(command.balanceId, { value: command.gross, unit: command.unit, stable: command.grossStable }, ctx, 'gross');
  if (!checked.ok) return checked;
  const balance = checked.value.balance;
  // the lot may have expired or gone on hold since it was scanned
  const lotStill = lotUsability(command.lotId, step.materialId, ctx);
  if (!lotStill.ok) return lotStill;
  if (accepted(progress).length >= step.maxContainers) return refuse('container-limit-reached', `${stepName(step)} allows at most ${step.maxContainers} container(s)`);
  if (!command.tareStable) return refuse('reading-unstable', `The tare reading on ${balance.id} is not stable — wait for the stable indicator`);
  const gross = { value: checked.value.value };
  const tare = parseDecimal(command.tare);
  if (!tare.ok) return refuse('reading-invalid', `Tare on ${balance.id}: ${tare.message}`);
  if (gt(tare.value, dec(balance.capacity))) return refuse('balance-capacity-exceeded', `Tare ${command.tare} ${balance.unit} exceeds the capacity ${balance.capacity} ${balance.unit} of ${balance.id}`);
  const net = sub(gross.value, tare.value);
  if (isNegative(net) || isZero(net)) return refuse('reading-invalid', `Net ${toString(net)} ${balance.unit} on ${balance.id} is not positive (gross ${command.gross}, tare ${command.tare})`);
  const mw = minimumWeight(balance);
  if (lt(net, mw.withSafetyFactor)) {
    return refuse('below-minimum-weight', `Net ${toString(net)} ${balance.unit} is below the minimum weight ${fmt(mw.withSafetyFactor)} ${balance.unit} of ${balance.id} (USP <41>, safety factor ${balance.safetyFactor})`);
  }

  const label = checkContainerLabel(state, command.sscc, ctx);
  if (!label.ok) return label;

  const previous = progress.containers[progress.containers.length - 1];
  const origin = checkNewContainer(previous && previous.gross !== undefined && previous.tare !== undefined ? { balanceId: previous.balanceId, gross: previous.gross, tare: previous.tare } : undefined, { balanceId: balance.id, gross: command.gross, tare: command.tare }, command.evidence);
  if (!origin.ok) return origin;

  const basisLot = progress.target?.potencyLotId;
  if (basisLot !== undefined && basisLot !== command.lotId) {
    const a = findLot(ctx.master, basisLot);
    const b = findLot(ctx.master, command.lotId);
    // the target came from one lot's assay: another assay would need another target
    if (a?.potencyPercent === undefined || b?.potencyPercent === undefined || compare(dec(a.potencyPercent), dec(b.potencyPercent)) !== 0) {
      return refuse(
        'lot-potency-differs',
        `Lot ${command.lotId} has potency ${b?.potencyPercent ?? 'unknown'} %, but the target ${progress.target?.value} ${step.unit} of ${stepName(step)} was set from lot ${basisLot} at ${a?.potencyPercent ?? 'unknown'} % — use lots of one potency in a potency-adjusted step`,
      );
    }
  }
  const events: OrderStreamEvent[] = [];
  let target = progress.target;
  if (!target) {
    const derived = dispenseTarget(state, step, balance, command.lotId, ctx);
    if (!derived.ok) return derived;
    const band = dispenseLimits(derived.value.target, step.tolerance, readabilityIn(balance, step.unit));
    target = { value: toString(derived.value.target), lower: toString(band.lower), upper: toString(band.upper) };
    events.push({ type: 'DispenseTargetSet', ...eventBase(state, ctx), stepId: step.id, by: command.by, materialId: step.materialId, nominal: step.quantity, target: target.value, lower: target.lower, upper: target.upper, unit: step.unit, basis: derived.value.basis });
  }
  const netInStepUnit = convertMass(net, balance.unit, step.unit);
  const cumulative = sum([...accepted(progress).map((c) => dec(c.net)), netInStepUnit]);
  events.push({
    type: 'WeighingRecorded',
    ...eventBase(state, ctx),
    stepId: step.id,
    by: command.by,
    weighingId: command.weighingId,
    containerNo: progress.containers.length + 1,
    balanceId: balance.id,
    lotId: command.lotId,
    materialId: step.materialId,
    method: step.method,
    gross: command.gross,
    tare: command.tare,
    net: toString(net),
    balanceUnit: balance.unit,
    netInStepUnit: toString(netInStepUnit),
    cumulative: toString(cumulative),
    toleranceState: classify(cumulative, { lower: dec(target.lower), upper: dec(target.upper) }),
    calibration: checked.value.calibration,
    containerOrigin: origin.value,
    ...(command.tareSource !== undefined ? { tareSource: command.tareSource } : {}),
    ...(command.rawFrame !== undefined ? { rawFrame: command.rawFrame } : {}),
    ...(command.sscc !== undefined ? { sscc: command.sscc } : {}),
  });
  return accept(events);
}

export function decideRejectWeighing(state: ActiveOrderState, command: Cmd<'rejectWeighing'>, ctx: FloorContext): OrderDecision {
  const found = stepInProgress(state, command.stepId, ['dispense'], ctx);
  if (!found.ok) return found;
  const container = found.value.progress.containers.find((c) => c.weighingId === command.weighingId && !c.rejected);
  if (!container) return refuse('weighing-unknown', `Weighing ${command.weighingId} is not an accepted container of ${stepName(found.value.step)}`);
  if (command.reason.trim() === '') return refuse('reason-missing', `Rejecting weighing ${command.weighingId} needs a reason`);
  return accept([{ type: 'WeighingRejected', ...eventBase(state, ctx), stepId: command.stepId, by: command.by, weighingId: command.weighingId, reason: command.reason, disposition: command.disposition }]);
}

function quantities(progress: StepProgress): StepQuantities {
  const total = (filter: (c: StepProgress['containers'][number]) => boolean) => toString(sum(progress.containers.filter(filter).map((c) => dec(c.net))));
  return {
    // a re-weighed container went back to its lot: never produced
    produced: total((c) => c.rejected !== 'reweigh'),
    good: total((c) => !c.rejected),
    scrap: total((c) => c.rejected === 'scrap'),
    rework: total((c) => c.rejected === 'rework'),
    reweighs: progress.containers.filter((c) => c.rejected).length,
  };
}

export function decideCompleteDispense(state: ActiveOrderState, command: Cmd<'completeDispense'>, ctx: FloorContext): OrderDecision {
  const found = stepInProgress(state, command.stepId, ['dispense'], ctx);
  if (!found.ok) return found;
  const { step, progress } = found.value;
  const material = findMaterial(ctx.master, step.materialId);
  const containers = accepted(progress);
  if (!progress.target || containers.length === 0) return refuse('dispense-nothing-weighed', `Nothing has been weighed for ${stepName(step)}`);
  const unit: MassUnit = step.unit;
  const dispensed = sum(containers.map((c) => dec(c.net)));
  const band = { lower: dec(progress.target.lower), upper: dec(progress.target.upper) };
  const toleranceState = classify(dispensed, band);
  const what = `${material?.name ?? step.materialId} dispensed ${toString(dispensed)} ${unit}`;
  const range = `target ${progress.target.value} ${unit}, limits ${progress.target.lower}–${progress.target.upper} ${unit}`;
  const events: OrderStreamEvent[] = [];
  if (toleranceState !== 'in') {
    if (!command.override) {
      return toleranceState === 'under'
        ? refuse('dispense-under-tolerance', `${what} is under tolerance (${range}) — weigh another container, or override with a reason and a second person's signature`)
        : refuse('dispense-over-tolerance', `${what} is over tolerance (${range}) — reject a container and re-weigh, or override with a reason and a second person's signature`);
    }
    const bad = checkOverrideSignature(command.override.signature, command.override.reason, 'override-tolerance', command.by, `the tolerance of ${stepName(step)}`, ctx);
    if (bad) return bad;
    const severity = step.outOfToleranceSeverity ?? 'medium';
    events.push({ type: 'ToleranceOverridden', ...eventBase(state, ctx), stepId: step.id, by: command.by, toleranceState, dispensed: toString(dispensed), reason: command.override.reason, signature: command.override.signature });
    events.push(
      openedDeviation(ctx, {
        severity,
        title: `Out of tolerance: ${stepName(step)}`,
        description: `${what}, ${toleranceState} tolerance (${range}); override by ${command.override.signature.printedName}: ${command.override.reason}`,
        orderId: state.orderId,
        stepId: step.id,
        openedBy: command.by,
      }),
    );
    // a deviation that stops the order also holds it until QA releases it
    if (!DEVIATION_POLICY[severity].orderMayContinue) events.push(automaticHold(ctx, { kind: 'order', id: state.orderId }, `${severity} deviation: ${what} out of tolerance`, command.by));
  }
  events.push({ type: 'DispenseCompleted', ...eventBase(state, ctx), stepId: step.id, by: command.by, dispensed: toString(dispensed), unit, toleranceState, quantities: quantities(progress) });
  events.push(stepCompleted(state, ctx, step, command.by));
  return accept(events);
}

/**
 * Every container is labelled where the site labels containers (a GS1 company prefix and the station's
 * serial block in master data): the weighing carries a valid SSCC that no other container of the order has.
 */
function checkContainerLabel(state: ActiveOrderState, sscc: string | undefined, ctx: FloorContext): Result<true, OrderRefusalCode> {
  const station = ctx.master.stations.find((s) => s.id === ctx.stationId);
  const labelled = ctx.master.site.gs1CompanyPrefix !== undefined && station?.labelSerialBlock !== undefined;
  if (sscc === undefined) return labelled ? refuse('container-label-missing', `Site ${ctx.master.site.id} labels every container, but this weighing has no SSCC`) : accept(true);
  const parsed = parseSscc(sscc);
  if (!parsed.ok) return refuse('container-label-invalid', `The container's SSCC is not valid: ${parsed.message}`);
  for (const [stepId, step] of Object.entries(state.steps)) {
    if (step.containers.some((c) => c.sscc === sscc)) return refuse('container-label-reused', `SSCC ${sscc} is already on a container of step ${stepId} of order ${state.orderId}`);
  }
  return accept(true);
}
