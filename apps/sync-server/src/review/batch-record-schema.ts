import { Type, type Static, type TSchema } from 'typebox';
import { DEVIATION_SEVERITIES } from '@lineside/domain';

/**
 * The batch record of one order as the server assembles it from stored records (issue 10): what the
 * review pages and the PDF render, and what a review signature signs (the SHA-256 of its canonical
 * JSON). Everything in it is read from signed records or from the master-data history as it was at the
 * time of the act; nothing is typed by a person and nothing depends on when it is assembled, so the
 * same records always give the same record and the same hash. Times are as the records carry them.
 */

const Str = (description: string) => Type.String({ description });
const Opt = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Obj = <P extends Record<string, TSchema>>(properties: P, title?: string) => Type.Object(properties, { additionalProperties: false, ...(title ? { title } : {}) });

/** Where a fact comes from: one record of one kiosk key's chain. */
export const RecordRefSchema = Obj(
  { kioskId: Str('kiosk'), keyId: Str("the kiosk key whose chain holds it (an epoch of the kiosk)"), seq: Type.Integer({ minimum: 1 }), recordId: Str('UUIDv7 of the record'), type: Str('record type') },
  'RecordRef',
);
export type RecordRef = Static<typeof RecordRefSchema>;

export const PersonSchema = Obj({ userId: Str('user id'), printedName: Str('printed name as the record carries it, else the central register') }, 'Person');
export type Person = Static<typeof PersonSchema>;

export type CalibrationAtUse = Static<typeof CalibrationAtUseSchema>;
export const CalibrationAtUseSchema = Obj(
  {
    status: Str('never-calibrated, in-date, due-soon or expired, as the kiosk saw it'),
    certificateId: Opt(Str('certificate in force at the kiosk')),
    dueOn: Opt(Str('due date of that certificate')),
    central: Obj({ valid: Type.Boolean(), message: Str('what the central calibration register said at the time of use') }),
  },
  'CalibrationAtUse',
);

export type RoutineTestAtUse = Static<typeof RoutineTestAtUseSchema>;
export const RoutineTestAtUseSchema = Obj(
  {
    status: Type.Union([Type.Literal('passed'), Type.Literal('failed'), Type.Literal('none-found')], { description: 'the last routine test of the instrument before its use, in the stored records' }),
    test: Opt(Str('which test')),
    at: Opt(Str('when')),
    by: Opt(Str('who performed it')),
    record: Opt(RecordRefSchema),
  },
  'RoutineTestAtUse',
);

/** An applied Part 11 e-signature (11.50): printed name, meaning, time, and what it signs. */
export type SignatureEntry = Static<typeof SignatureEntrySchema>;
export const SignatureEntrySchema = Obj(
  {
    signatureId: Str('unique per signature'),
    signer: PersonSchema,
    meaning: Str('performed, verified, reviewed, approved, released'),
    signedAt: Str('kiosk time it was applied'),
    components: Str('which components were checked'),
    reason: Opt(Str('why, where given')),
    signs: Str('what the signature is for, in words'),
    signedHash: Str('hash of the kiosk log head it was given on (11.70 link)'),
    record: RecordRefSchema,
  },
  'SignatureEntry',
);

export type Header = Static<typeof HeaderSchema>;
export const HeaderSchema = Obj({
  orderId: Str('order'),
  batchNumber: Opt(Str('batch number')),
  product: Opt(Str('product')),
  recipe: Opt(
    Obj({
      id: Str('recipe'),
      version: Type.Integer(),
      name: Opt(Str('recipe name')),
      status: Opt(Str('status centrally when the order started')),
      approval: Opt(Obj({ approvedBy: Opt(Str('who approved the version')), approvedAt: Opt(Str('when')), details: Type.Unknown({ description: 'the approval as the register holds it' }) })),
      batchSize: Opt(Str('batch size')),
      batchUnit: Opt(Str('its unit')),
    }),
  ),
  stationId: Opt(Str('station the order started on')),
  masterDataVersion: Opt(Type.Integer({ description: 'master-data version in force at the kiosk when the order started' })),
  kiosks: Type.Array(Str('kiosk'), { description: 'every kiosk that recorded an act of the order' }),
  status: Type.Union([Type.Literal('not-started'), Type.Literal('in-progress'), Type.Literal('completed')]),
  startedAt: Opt(Str('kiosk time')),
  startedBy: Opt(PersonSchema),
  completedAt: Opt(Str('kiosk time')),
  completedBy: Opt(PersonSchema),
});

export type Step = Static<typeof StepSchema>;
export const StepSchema = Obj({
  stepId: Str('recipe step'),
  title: Opt(Str('from the recipe; null for a step the recipe does not have')),
  kind: Opt(Str('instruction, dispense, ph-measurement, …')),
  inRecipe: Type.Boolean(),
  status: Type.Union([Type.Literal('completed'), Type.Literal('started'), Type.Literal('not-started')]),
  startedAt: Opt(Str('first start')),
  completedAt: Opt(Str('completion')),
  completions: Type.Integer({ minimum: 0, description: 'how many step-completed records: exactly one is expected' }),
  performedBy: Type.Array(PersonSchema),
  records: Type.Array(RecordRefSchema),
});

export type TimelineEntry = Static<typeof TimelineEntrySchema>;
export const TimelineEntrySchema = Obj({ at: Str('kiosk time'), what: Str('the act in words'), by: Opt(PersonSchema), stepId: Opt(Str('step')), record: RecordRefSchema });

export type Weighing = Static<typeof WeighingSchema>;
export const WeighingSchema = Obj({
  weighingId: Str('weighing'),
  sscc: Opt(Str("SSCC on the container's label (order.weighing-recorded@2)")),
  stepId: Str('step'),
  containerNo: Type.Integer(),
  materialId: Str('material'),
  lotId: Str('lot'),
  balanceId: Str('balance'),
  method: Str('weighing method'),
  gross: Str('gross, balance unit'),
  tare: Str('tare, balance unit'),
  net: Str('net, balance unit'),
  unit: Str('balance unit'),
  netInStepUnit: Str("net in the step's unit"),
  cumulative: Str("dispensed so far in the step's unit"),
  toleranceState: Str('under, in or over: the cumulative quantity against the band'),
  tareSource: Opt(Str('how the tare is known')),
  containerOrigin: Opt(Str('why this is a new physical load')),
  rawFrame: Opt(Str('the balance frame as read')),
  at: Str('kiosk time'),
  by: PersonSchema,
  calibration: CalibrationAtUseSchema,
  routineTest: RoutineTestAtUseSchema,
  rejected: Opt(Obj({ reason: Str('why'), disposition: Str('reweigh (not consumed, back to its lot: not produced), scrap or rework'), record: RecordRefSchema })),
  flags: Type.Array(Str('flag code raised at ingest')),
  record: RecordRefSchema,
});

export type Dispense = Static<typeof DispenseSchema>;
export const DispenseSchema = Obj({
  stepId: Str('step'),
  materialId: Str('material'),
  nominal: Str('recipe quantity'),
  target: Str('target after potency or compensation'),
  lower: Str('lower limit'),
  upper: Str('upper limit'),
  unit: Str("the step's unit"),
  basis: Type.Unknown({ description: 'how the target was derived (nominal, potency, compensation)' }),
  dispensed: Opt(Str('quantity dispensed at completion')),
  toleranceState: Opt(Str('final state')),
  quantities: Type.Unknown({ description: 'ISO 22400 quantities of the completion, or null' }),
  record: RecordRefSchema,
});

/** A container charged into the batch at the line (issue 13): one per `order.container-charged` record. */
export type Charge = Static<typeof ChargeSchema>;
export const ChargeSchema = Obj({
  stepId: Str('charge step'),
  sscc: Str("SSCC scanned from the container's label"),
  dispenseStepId: Opt(Str('dispense step that filled it (null: not known to the kiosk when charged)')),
  materialId: Opt(Str('material')),
  lotId: Opt(Str('lot')),
  net: Opt(Str("net, the dispense step's unit")),
  unit: Opt(Str('unit')),
  known: Str('own-log, synced, or not-synced (accepted by a second person, with a deviation)'),
  approvedBy: Opt(PersonSchema),
  kioskId: Str('kiosk at the line'),
  at: Str('kiosk time'),
  by: PersonSchema,
  record: RecordRefSchema,
});

export type Scan = Static<typeof ScanSchema>;
export const ScanSchema = Obj({
  stepId: Str('step'),
  lotId: Str('lot'),
  materialId: Str('material'),
  expiry: Str('expiry on the label'),
  entry: Str('scan or manual'),
  lotStatusAtTime: Opt(Str('central status of the lot at the time of the scan')),
  lotStatusReason: Opt(Str('why, where the register says')),
  fefoOverride: Opt(Obj({ firstExpiryLotId: Str('lot FEFO asked for'), reason: Str('why'), approvedBy: PersonSchema })),
  at: Str('kiosk time'),
  by: PersonSchema,
  record: RecordRefSchema,
});

export type PhReading = Static<typeof PhReadingSchema>;
export const PhReadingSchema = Obj({
  stepId: Str('step'),
  meterId: Str('pH meter'),
  ph: Str('pH'),
  mv: Str('mV'),
  temperatureC: Str('°C'),
  low: Str('lower limit'),
  high: Str('upper limit'),
  result: Str('within-limits or out-of-limits'),
  calibration: CalibrationAtUseSchema,
  bufferCalibration: RoutineTestAtUseSchema,
  at: Str('kiosk time'),
  by: PersonSchema,
  record: RecordRefSchema,
});

export type Check = Static<typeof CheckSchema>;
export const CheckSchema = Obj({ stepId: Str('step'), value: Opt(Str('value read')), passed: Type.Boolean(), at: Str('kiosk time'), by: PersonSchema, record: RecordRefSchema });

export type Hold = Static<typeof HoldSchema>;
export const HoldSchema = Obj({
  holdId: Str('hold'),
  target: Obj({ kind: Str('lot, equipment or order'), id: Str('its id') }),
  reason: Str('why'),
  source: Str('qa or automatic'),
  placedAt: Opt(Str('kiosk time')),
  placedBy: Opt(Str('user')),
  released: Opt(Obj({ at: Str('kiosk time'), by: Str('user'), reason: Str('why'), record: RecordRefSchema })),
  records: Type.Array(RecordRefSchema),
});

export type Deviation = Static<typeof DeviationSchema>;
export const DeviationSchema = Obj({
  deviationId: Str('deviation'),
  severity: Str('info, low, medium, high, critical'),
  title: Str('title'),
  description: Str('what happened'),
  stepId: Opt(Str('step concerned')),
  openedAt: Opt(Str('kiosk time')),
  openedBy: Opt(Str('user')),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  closedAt: Opt(Str('kiosk time')),
  closingSignatures: Type.Array(SignatureEntrySchema),
  records: Type.Array(RecordRefSchema),
});

export type Override = Static<typeof OverrideSchema>;
export const OverrideSchema = Obj({
  kind: Type.Union([Type.Literal('tolerance'), Type.Literal('fefo')]),
  stepId: Str('step'),
  what: Str('what was overridden, in words'),
  reason: Str('why'),
  approvedBy: PersonSchema,
  at: Str('kiosk time'),
  record: RecordRefSchema,
});

export type Pause = Static<typeof PauseSchema>;
export const PauseSchema = Obj({ pausedAt: Str('kiosk time'), pausedBy: Str('user'), reason: Str('why'), resumedAt: Opt(Str('kiosk time')), resumedBy: Opt(Str('user')), records: Type.Array(RecordRefSchema) });

export type OfflineInterval = Static<typeof OfflineIntervalSchema>;
export const OfflineIntervalSchema = Obj({
  kioskId: Str('kiosk'),
  keyId: Str('key'),
  from: Str('kiosk time of the first record made offline'),
  to: Str('kiosk time of the last'),
  deliveredAt: Str('server time the last of them arrived'),
  records: Type.Integer({ minimum: 1 }),
  longestSinceSyncMinutes: Type.Integer({ description: 'longest time since the kiosk last synced, of the records in it' }),
  beyondGrace: Type.Boolean({ description: "a record in it was made after the station's offline grace had run out" }),
  graceHours: Type.Integer({ description: "the station's offline grace" }),
});

export type ClockAnomaly = Static<typeof ClockAnomalySchema>;
export const ClockAnomalySchema = Obj({ kioskId: Str('kiosk'), at: Str('kiosk time'), kind: Str('what was seen'), message: Str('in words'), record: RecordRefSchema });

export const EXCEPTION_KINDS = [
  'out-of-tolerance',
  'tolerance-override',
  'rejected-weighing',
  'manual-entry',
  'used-against-block',
  'deviation',
  'hold',
  'fefo-override',
  'ph-out-of-limits',
  'check-failed',
  'offline-beyond-grace',
  'clock-anomaly',
  'late-arrival',
  'ingest-flag',
  'missing-step',
  'repeated-step',
  'uncharged-container',
  'charge-unmatched',
] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];
export type Severity = (typeof DEVIATION_SEVERITIES)[number];

/** An exception the reviewer must mark reviewed: computed from the records, never typed. */
export const ExceptionSchema = Obj(
  {
    id: Str('stable id: the same finding on the same records keeps its id across assemblies'),
    kind: Type.Enum(EXCEPTION_KINDS),
    severity: Type.Enum(DEVIATION_SEVERITIES),
    title: Str('one line'),
    message: Str('what happened, in words'),
    stepId: Opt(Str('step concerned')),
    needsComment: Type.Boolean({ description: 'the reviewer must say why it is acceptable when marking it' }),
    records: Type.Array(RecordRefSchema),
  },
  'BatchRecordException',
);
export type BatchRecordException = Static<typeof ExceptionSchema>;

export type CompletenessCheck = Static<typeof CompletenessCheckSchema>;
export const CompletenessCheckSchema = Obj({ id: Str('stable id of the check'), ok: Type.Boolean(), what: Str('what was checked'), missing: Type.Array(Str('what is missing or wrong, in words')) });

export type ChainProof = Static<typeof ChainProofSchema>;
export const ChainProofSchema = Obj({
  kioskId: Str('kiosk'),
  keyId: Str('key whose chain it is'),
  fromSeq: Type.Integer(),
  toSeq: Type.Integer(),
  records: Type.Integer({ description: 'records held in [fromSeq, toSeq]' }),
  orderRecords: Type.Integer({ description: 'of which the order’s own' }),
  firstHash: Opt(Str('hash of the record at fromSeq')),
  lastHash: Opt(Str('hash of the record at toSeq')),
  contiguous: Type.Boolean({ description: 'no seq missing' }),
  linked: Type.Boolean({ description: 'every prevHash is the hash of the record before' }),
  signaturesVerified: Type.Boolean({ description: "every record's hash and Ed25519 signature verified again with the kiosk's enrolled key" }),
  acknowledged: Type.Boolean({ description: 'the server acknowledged (its signed receipt covers) seq toSeq' }),
  checked: Type.Boolean({ description: 'the ingest business checks ran on every record' }),
  problems: Type.Array(Str('what is wrong, in words')),
});

export type Completeness = Static<typeof CompletenessSchema>;
export const CompletenessSchema = Obj({
  complete: Type.Boolean({ description: 'true only when every check holds' }),
  statement: Str('one sentence for the record'),
  checks: Type.Array(CompletenessCheckSchema),
  chains: Type.Array(ChainProofSchema),
});

export const BATCH_RECORD_FORMAT = 'lineside.batch-record/1' as const;

export const BatchRecordSchema = Type.Object(
  {
    format: Type.Literal(BATCH_RECORD_FORMAT),
    header: HeaderSchema,
    steps: Type.Array(StepSchema),
    timeline: Type.Array(TimelineEntrySchema),
    dispenses: Type.Array(DispenseSchema),
    weighings: Type.Array(WeighingSchema),
    scans: Type.Array(ScanSchema),
    charges: Type.Array(ChargeSchema),
    phReadings: Type.Array(PhReadingSchema),
    checks: Type.Array(CheckSchema),
    signatures: Type.Array(SignatureEntrySchema),
    holds: Type.Array(HoldSchema),
    deviations: Type.Array(DeviationSchema),
    overrides: Type.Array(OverrideSchema),
    pauses: Type.Array(PauseSchema),
    offlineIntervals: Type.Array(OfflineIntervalSchema),
    clockAnomalies: Type.Array(ClockAnomalySchema),
    exceptions: Type.Array(ExceptionSchema),
    completeness: CompletenessSchema,
    /** Every record the content is built from (the order's and the chain segments'), by kiosk, key and seq, with its hash. */
    sources: Type.Array(Obj({ kioskId: Str('kiosk'), keyId: Str('key'), seq: Type.Integer(), recordId: Str('record'), hash: Str('record hash'), orderRecord: Type.Boolean() })),
  },
  { additionalProperties: false, title: 'BatchRecord', description: 'The batch record of one order, assembled from stored records; its content hash is what a review signature signs.' },
);
export type BatchRecord = Static<typeof BatchRecordSchema>;

/** Review statuses of an order, in the order they are reached. */
export const ORDER_REVIEW_STATUSES = ['in-progress', 'awaiting-review', 'reviewed', 'released'] as const;
export type OrderReviewStatus = (typeof ORDER_REVIEW_STATUSES)[number];
/** What a review signature means: `approved-for-release` releases the batch. */
export const REVIEW_MEANINGS = ['reviewed', 'approved-for-release'] as const;
export type ReviewMeaning = (typeof REVIEW_MEANINGS)[number];

export const ReviewMarkSchema = Obj({
  exceptionId: Str('the exception marked'),
  comment: Opt(Str("the reviewer's comment")),
  markedBy: PersonSchema,
  markedAt: Str('server time'),
  current: Type.Boolean({ description: 'false once the exception changed after the mark (it needs a new one)' }),
});

export const ReviewSignatureSchema = Obj({
  signatureId: Str('review signature'),
  meaning: Type.Enum(REVIEW_MEANINGS),
  signer: PersonSchema,
  signedAt: Str('server time'),
  contentHash: Str('SHA-256 of the canonical JSON of the batch record it signed'),
  recordCount: Type.Integer({ description: 'records of the order the signed content held' }),
  current: Type.Boolean({ description: 'true while the batch record still has that content hash; false: history of a reopened review' }),
});

export const ReviewStateSchema = Obj({
  status: Type.Enum(ORDER_REVIEW_STATUSES),
  /** Set when a signature was given and the record changed since: the review is open again, and why. */
  reopened: Opt(Obj({ reason: Str('why the review is open again, in words'), since: ReviewSignatureSchema, newRecords: Type.Array(RecordRefSchema) })),
  marks: Type.Array(ReviewMarkSchema),
  unmarkedExceptions: Type.Array(Str('exception ids without a current mark')),
  signatures: Type.Array(ReviewSignatureSchema),
  /** Whether the record may be signed now (not per person: the same-person rule is checked on signing). */
  signable: Obj({ ok: Type.Boolean(), refusals: Type.Array(Str('why not, naming what')) }),
});
export type ReviewState = Static<typeof ReviewStateSchema>;

/** GET /api/v1/batch-records/:orderId */
export const BatchRecordViewSchema = Type.Object(
  { orderId: Str('order'), contentHash: Str('SHA-256 (sha256:<hex>) of the canonical JSON of `record`: what a review signature signs'), record: BatchRecordSchema, review: ReviewStateSchema },
  { additionalProperties: false, title: 'BatchRecordView' },
);
export type BatchRecordView = Static<typeof BatchRecordViewSchema>;
