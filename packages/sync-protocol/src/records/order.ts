import { Type } from 'typebox';
import { CalibrationStatus, CHARGE_KNOWLEDGE, CONTAINER_EVIDENCE, Count, DEVIATION_SEVERITIES, DecimalText, Flag, Id, Instant, MASS_UNITS, OneOf, Payload, REJECTION_DISPOSITIONS, ShiftRef, Signature, TARE_SOURCES, Text, TOLERANCE_STATES, Closed } from './fields.js';

/** The payloads of `order.*` records: the order decider's events (packages/domain/src/order/events.ts). */
const base = {
  at: Instant('kiosk time of the act'),
  shift: ShiftRef,
  orderId: Id('the order'),
};
const step = { ...base, stepId: Id('the recipe step'), by: Id('user who did it') };

const TargetBasis = Type.Union(
  [
  Closed({ kind: Type.Literal('nominal') }),
  Closed({
    kind: Type.Literal('potency'),
    lotId: Id('lot whose potency corrects the target'),
    lotPotencyPercent: DecimalText('potency of that lot, %'),
    referencePercent: DecimalText('potency the recipe assumes, %'),
    roundedTo: Count('decimal places'),
    rounding: Type.Literal('half-up'),
  }),
  Closed({
    kind: Type.Literal('compensation'),
    compensatesStep: Id('step whose surplus this one compensates'),
    surplus: DecimalText('surplus compensated'),
    roundedTo: Count('decimal places'),
    rounding: Type.Literal('half-up'),
  }),
  ],
  { title: 'TargetBasis' },
);

export { TargetBasis };
export const OrderStarted = Payload(
  {
    type: Type.Literal('OrderStarted'),
    ...base,
    recipeId: Id('recipe'),
    recipeVersion: Type.Integer({ minimum: 1, description: 'approved recipe version run' }),
    stationId: Id('station'),
    batchNumber: Id('batch number'),
    by: Id('user who started it'),
    masterDataVersion: Type.Integer({ minimum: 0, description: 'master-data version the kiosk decided on' }),
  },
  'An order was started on the station.',
);
export const OrderPaused = Payload({ type: Type.Literal('OrderPaused'), ...base, by: Id('user'), reason: Text('why') }, 'An order was paused.');
export const OrderResumed = Payload({ type: Type.Literal('OrderResumed'), ...base, by: Id('user') }, 'A paused order was resumed.');
export const OrderCompleted = Payload(
  {
    type: Type.Literal('OrderCompleted'),
    ...base,
    by: Id('user'),
    quantities: Closed({ dispensedSteps: Count('dispense steps'), reweighs: Count('containers rejected and weighed again'), deviations: Count('deviations on the order') }),
    exceptions: Type.Optional(
      Type.Array(Closed({ kind: Type.Literal('open-deviation'), deviationId: Id('deviation still open'), severity: OneOf(DEVIATION_SEVERITIES, 'its severity') }), {
        maxItems: 1000,
        description: "deviations still open at completion (the recipe allowed completing with them): exceptions of the batch record",
      }),
    ),
  },
  'Every step is closed and the order is complete; `exceptions` lists what was still open.',
);
export const StepStarted = Payload({ type: Type.Literal('StepStarted'), ...step }, 'A step was started.');
export const StepCompleted = Payload({ type: Type.Literal('StepCompleted'), ...step, signOffRequired: Flag('the step closes only once signed') }, 'A step is complete.');
export const StepSigned = Payload(
  { type: Type.Literal('StepSigned'), ...base, stepId: Id('the step'), signatures: Type.Array(Signature, { minItems: 1, maxItems: 10 }) },
  'A step was signed off (e-signatures of the sign-off rule).',
);
export const InstructionAcknowledged = Payload({ type: Type.Literal('InstructionAcknowledged'), ...step }, 'The operator confirmed an instruction step as done.');
export const EquipmentStatusConfirmed = Payload(
  { type: Type.Literal('EquipmentStatusConfirmed'), ...step, equipment: Type.Array(Closed({ equipmentId: Id('equipment'), calibration: CalibrationStatus }), { maxItems: 100 }) },
  'The operator confirmed the station equipment status; each with its calibration status.',
);
export const LotScanned = Payload(
  {
    type: Type.Literal('LotScanned'),
    ...step,
    lotId: Id('lot scanned'),
    materialId: Id('its material'),
    expiry: Text('its expiry date', 40),
    entry: Type.Optional(OneOf(['scan', 'manual'] as const, 'scanned from a label, or typed by hand where the material allows it (absent: scan)')),
    fefoOverride: Type.Optional(Closed({ reason: Text('why'), signature: Signature, firstExpiryLotId: Id('lot FEFO asked for') })),
  },
  'A lot label was scanned and accepted for the step; `fefoOverride` when a second person overrode first-expiry-first-out.',
);
export const DispenseTargetSet = Payload(
  {
    type: Type.Literal('DispenseTargetSet'),
    ...step,
    materialId: Id('material'),
    nominal: DecimalText('nominal quantity of the recipe'),
    target: DecimalText('target after potency or compensation'),
    lower: DecimalText('lower tolerance limit'),
    upper: DecimalText('upper tolerance limit'),
    unit: OneOf(MASS_UNITS, 'unit of the step'),
    basis: TargetBasis,
  },
  'The dispense target of a step, fixed at its first weighing, with how it was derived.',
);
export const WeighingRecorded = Payload(
  {
    type: Type.Literal('WeighingRecorded'),
    ...step,
    weighingId: Id('this weighing'),
    containerNo: Type.Integer({ minimum: 1, description: 'container number within the step' }),
    balanceId: Id('balance used'),
    lotId: Id('lot dispensed'),
    materialId: Id('material'),
    method: Text('weighing method of the step', 100),
    gross: DecimalText('gross, balance unit'),
    tare: DecimalText('tare, balance unit'),
    net: DecimalText('net, balance unit'),
    balanceUnit: OneOf(MASS_UNITS, 'unit of the balance'),
    netInStepUnit: DecimalText("net in the step's unit"),
    cumulative: DecimalText("dispensed so far in the step's unit"),
    toleranceState: OneOf(TOLERANCE_STATES, 'cumulative against the band'),
    calibration: CalibrationStatus,
    tareSource: Type.Optional(OneOf(TARE_SOURCES, 'how the tare is known')),
    rawFrame: Type.Optional(Text('the balance frame, latin1 text', 500)),
    containerOrigin: Type.Optional(
      OneOf(['first', 'other-balance', ...CONTAINER_EVIDENCE] as const, "why this is a new physical load: the step's first, the first on another balance, a new tare, or the pan back at zero"),
    ),
  },
  'A container of a lot was weighed into a dispense step on a balance.',
);
/** Version 2: the same weighing with the SSCC of the container's label (issue 13). */
export const WeighingRecordedV2 = Payload(
  {
    ...WeighingRecorded.properties,
    sscc: Type.String({ pattern: '^\\d{18}$', description: "SSCC (AI 00) on the container's label: 18 digits, GS1 check digit" }),
  },
  "A container of a lot was weighed into a dispense step on a balance, and labelled: `sscc` is the SSCC on the container's label.",
);
export const WeighingRejected = Payload(
  { type: Type.Literal('WeighingRejected'), ...step, weighingId: Id('weighing rejected'), reason: Text('why'), disposition: OneOf(['scrap', 'rework'] as const, 'what happens to it') },
  'A weighing was rejected (it no longer counts toward the step).',
);
/** Version 2: the disposition may also be `reweigh` (issue 12); version 1 stays valid for old records. */
export const WeighingRejectedV2 = Payload(
  {
    ...WeighingRejected.properties,
    disposition: OneOf(
      REJECTION_DISPOSITIONS,
      'what happens to the material: reweigh = not consumed, back to its source lot (the weighing is void: not produced, not scrap, not rework); scrap = discarded; rework = sent for rework',
    ),
  },
  'A weighing was rejected (it no longer counts toward the step, which needs a replacement weighing); `disposition` says what became of the material, `reweigh` when it went back to its lot unconsumed.',
);
export const ToleranceOverridden = Payload(
  { type: Type.Literal('ToleranceOverridden'), ...step, toleranceState: OneOf(TOLERANCE_STATES, 'out-of-tolerance state accepted'), dispensed: DecimalText('quantity dispensed'), reason: Text('why'), signature: Signature },
  'A dispense out of tolerance was accepted by a second person holding override-tolerance.',
);
export const DispenseCompleted = Payload(
  {
    type: Type.Literal('DispenseCompleted'),
    ...step,
    dispensed: DecimalText('quantity dispensed'),
    unit: OneOf(MASS_UNITS, "the step's unit"),
    toleranceState: OneOf(TOLERANCE_STATES, 'final state'),
    quantities: Closed({ produced: DecimalText('produced'), good: DecimalText('good'), scrap: DecimalText('scrap'), rework: DecimalText('rework'), reweighs: Count('reweighs') }),
  },
  'A dispense step was completed, with its ISO 22400 quantities.',
);
export const PhMeasured = Payload(
  {
    type: Type.Literal('PhMeasured'),
    ...step,
    meterId: Id('pH meter'),
    ph: DecimalText('pH'),
    mv: DecimalText('mV'),
    temperatureC: DecimalText('°C'),
    low: DecimalText('lower limit'),
    high: DecimalText('upper limit'),
    result: OneOf(['within-limits', 'out-of-limits'] as const, 'against the limits'),
    calibration: CalibrationStatus,
  },
  'A pH was measured for a step.',
);
export const CheckRecorded = Payload({ type: Type.Literal('CheckRecorded'), ...step, value: Type.Optional(DecimalText('value read')), passed: Flag('within its limits') }, 'An in-process check was recorded.');
/** Version 1 of a container charged at the line (issue 13). */
export const ContainerCharged = Payload(
  {
    type: Type.Literal('ContainerCharged'),
    ...step,
    sscc: Type.String({ pattern: '^\\d{18}$', description: "SSCC (AI 00) scanned from the container's label" }),
    known: OneOf(CHARGE_KNOWLEDGE, "how the kiosk knew the container: own-log (it dispensed it), synced (pulled from the server), not-synced (not known: accepted by a second person)"),
    dispenseStepId: Type.Optional(Id('dispense step that filled it (absent when not synced)')),
    materialId: Type.Optional(Id('its material')),
    lotId: Type.Optional(Id('its lot')),
    net: Type.Optional(DecimalText("its net, in the dispense step's unit")),
    unit: Type.Optional(OneOf(MASS_UNITS, "the dispense step's unit")),
    notSynced: Type.Optional(Closed({ reason: Text('why it was accepted unknown'), signature: Signature, deviationId: Id('the deviation opened') })),
  },
  'A dispensed container was scanned at the line and charged into the batch by a charge step; `notSynced` when the kiosk did not know it yet and a second person accepted it (a deviation is opened in the same decision).',
);
