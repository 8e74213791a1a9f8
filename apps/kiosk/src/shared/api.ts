/**
 * The one typed command map between the kiosk UI and the kiosk core. Electron IPC, the browser-mode
 * WebSocket and the tests all speak it, so a command added here is checked on every path.
 * This file runs in the renderer too: types and plain data only, no Node, no DOM.
 */

/** An expected refusal: a stable code for code, a sentence for the operator. */
export interface Refusal {
  readonly ok: false;
  readonly code: string;
  readonly message: string;
}

export interface WeightView {
  readonly balanceId: string;
  /** Decimal text exactly as the balance sent it, e.g. '12.345'. */
  readonly value: string;
  readonly unit: string;
  readonly stable: boolean;
  readonly basis: 'net' | 'gross' | 'tare' | 'unknown';
  readonly at: string;
}

export const DEVICE_CONNECTIONS = ['connecting', 'connected', 'disconnected'] as const;
export type DeviceConnection = (typeof DEVICE_CONNECTIONS)[number];

export interface DeviceStatusView {
  readonly balanceId: string;
  /** Where the balance is, e.g. 'mt-sics:/dev/ttyUSB0'. */
  readonly address: string;
  readonly connection: DeviceConnection;
  /** Plain words for the operator when something is wrong, e.g. 'BAL-01: serial port /dev/ttyUSB0 does not exist'. */
  readonly problem: string | null;
  readonly at: string;
}

export const SYNC_PHASES = ['not-enrolled', 'enrolling', 'pending', 'active', 'revoked', 'quarantined', 'refused'] as const;
export type SyncPhase = (typeof SYNC_PHASES)[number];

export interface SyncStatusView {
  readonly phase: SyncPhase;
  /** True when the last exchange with the server got an answer. */
  readonly online: boolean;
  readonly serverUrl: string;
  readonly headSeq: number;
  readonly ackedSeq: number;
  /** Records not yet confirmed by a server receipt: the outbox is seq > ackedSeq. */
  readonly unsent: number;
  readonly lastSyncAt: string | null;
  readonly lastError: { readonly code: string; readonly message: string; readonly at: string } | null;
  readonly nextAttemptAt: string | null;
  /** Last NTP-style estimate of (server − kiosk) clock, ms. */
  readonly clockOffsetMs: number | null;
  readonly rttMs: number | null;
  // Optional only so older literals still compile; the core always sets all three.
  /** The applied master-data cursor (what new records carry as masterDataVersion). */
  readonly masterDataVersion?: number;
  /** When master data was last pulled in full (kiosk clock), or null if never. */
  readonly lastMasterRefreshAt?: string | null;
  /** When the station's offline grace runs out without a refresh; null if unknown. */
  readonly offlineGraceExpiresAt?: string | null;
  /** Pulled master-data entities refused because they break their schema: the kiosk acts as if they were absent. */
  readonly masterDataRefused?: readonly { readonly entity: string; readonly id: string; readonly version: number; readonly problems: readonly string[] }[];
}

export interface IdentityView {
  readonly kioskId: string;
  readonly keyId: string;
  readonly stationId: string;
  readonly keyFingerprint: string;
}

export interface AcceptedWeighing {
  readonly seq: number;
  readonly id: string;
  readonly hash: string;
  readonly balanceId: string;
  readonly value: string;
  readonly unit: string;
  readonly basis: WeightView['basis'];
  readonly occurredAt: string;
  /** Confirmed by a server receipt (seq ≤ ackedSeq). */
  readonly synced: boolean;
}

export interface RecordAppendedView {
  readonly seq: number;
  readonly id: string;
  readonly hash: string;
  readonly type: string;
  readonly occurredAt: string;
}

export interface KioskState {
  readonly appVersion: string;
  readonly identity: IdentityView | null;
  /** Public key fingerprint even before enrollment, so an admin can match it. */
  readonly keyFingerprint: string;
  readonly weight: WeightView | null;
  readonly device: DeviceStatusView | null;
  readonly sync: SyncStatusView;
  readonly recentWeighings: readonly AcceptedWeighing[];
}

export type AcceptWeightResult = { readonly ok: true; readonly seq: number; readonly id: string; readonly hash: string; readonly weighing: AcceptedWeighing } | Refusal;
export type DeviceCommandResult = { readonly ok: true } | Refusal;

// ---- Execution on the floor (issue 5): login, orders, steps, scans, weighing, e-signatures ----

export interface SessionView {
  readonly userId: string;
  readonly printedName: string;
  readonly roles: readonly string[];
  readonly autoLockMs: number;
}

export interface OrderSummaryView {
  readonly orderId: string;
  readonly batchNumber: string;
  readonly recipe: string;
  readonly status: 'not-started' | 'running' | 'paused' | 'completed';
  /** Why it is paused, as the operator said (paused orders only). */
  readonly pausedReason?: string;
  /** Why it cannot start today (cancelled, or its recipe version is not approved or not in effect); not-started orders only. */
  readonly blocked?: string;
  /** The order runs at this station: this kiosk does only its charge step(s) at the line (issue 13). */
  readonly atLine?: string;
}

/** One container a charge step expects (issue 13), as this kiosk knows it: dispensed here or pulled. */
export interface ChargeContainerView {
  readonly sscc: string;
  readonly dispenseStepId: string;
  readonly containerNo: number;
  readonly materialId: string;
  readonly materialName: string;
  readonly lotId: string;
  readonly net: string;
  readonly unit: string;
  readonly charged: { readonly by: string; readonly at: string } | null;
}

/** A charge step: what it expects, what is charged, what keeps it open. */
export interface ChargeView {
  /** Where it is done; `here` false: at another station's kiosk (the order's own station only watches). */
  readonly stationId: string;
  readonly here: boolean;
  readonly containers: readonly ChargeContainerView[];
  /** Charged though not known here (accepted by a second person before it was synced). */
  readonly unknownCharged: readonly { readonly sscc: string; readonly by: string; readonly at: string }[];
  /** Dispense steps named by the step not known complete: more containers may come. */
  readonly openDispense: readonly string[];
}

export interface StepView {
  readonly orderId: string;
  readonly stepId: string;
  readonly title: string;
  readonly kind: string;
  readonly phase: string;
  /** What the operator reads: the instruction, or what to dispense. */
  readonly text: string;
  readonly materialId: string | null;
  readonly materialName: string | null;
  /**
   * Decimal strings in `unit`, limits at the balance's readability rounded inward — the same numbers the
   * refusal and the record carry. Known as soon as the balance is chosen (and, potency-adjusted, the lot
   * scanned); null before. `fixed` is true once the first weighing recorded it.
   */
  readonly target: { readonly value: string; readonly lower: string; readonly upper: string; readonly unit: string; readonly fixed?: boolean } | null;
  readonly dispensed: string | null;
  readonly lots: readonly string[];
  readonly containers: number;
  readonly balanceId: string | null;
  readonly allowedBalances: readonly string[];
  readonly tare: string | null;
  readonly signOffMeaning: string | null;
  /** Whether a typed lot id (no GS1 label) is allowed for this step's material; it is then marked manual. */
  readonly manualLotEntry?: boolean;
  readonly next: { readonly stepId: string; readonly title: string } | null;
  /** A sign-off that verifies other steps: what was recorded on each, from the order's records (issue 8 §1). */
  readonly verifies?: readonly VerifiedStepView[];
  /** A dispense step's containers as recorded, rejected ones marked: what "Reject weighing" picks from (issue 12). */
  readonly weighings?: readonly ContainerView[];
  /** A charge step (issue 13). */
  readonly charge?: ChargeView;
}

/** One instrument of the station and its ISO 22400 operating state (issue 12). */
export interface InstrumentStateView {
  readonly equipmentId: string;
  readonly name: string;
  readonly kind: 'balance' | 'ph-meter';
  readonly state: 'running' | 'idle' | 'setup' | 'down';
  /** Kiosk-local ISO time of the change; null: never changed (idle). */
  readonly since: string | null;
  /** Why, in the plant's words (a down reason's label). */
  readonly reason: string | null;
  readonly onHold: boolean;
  /** What ends a down: reported up, resuming the order (or releasing its hold), or QA releasing the instrument's hold. */
  readonly endedBy: 'up' | 'resume' | 'release' | null;
}

/** Who did something: the user id on the record and the printed name the screen shows. */
export interface PersonView {
  readonly userId: string;
  readonly name: string;
}

/** A calibration certificate as it stood when the instrument was used (the record's `calibration`). */
export interface CalibrationView {
  readonly status: 'never-calibrated' | 'in-date' | 'due-soon' | 'expired';
  readonly certificateId: string | null;
  readonly dueOn: string | null;
}

/** One recorded pH measurement (order.ph-measured) and what the domain decided on it. */
export interface PhMeasurementView {
  readonly stepId: string;
  readonly meterId: string;
  /** Decimal text exactly as recorded. */
  readonly ph: string;
  readonly mv: string;
  readonly temperatureC: string;
  readonly low: string;
  readonly high: string;
  readonly result: 'within-limits' | 'out-of-limits';
  readonly calibration: CalibrationView;
  /** The meter's last buffer calibration before this reading (the shift's routine test), if on this kiosk's log. */
  readonly bufferCalibration: { readonly at: string; readonly passed: boolean; readonly by: PersonView; readonly slopesPercent: readonly string[]; readonly offsetMv: string | null } | null;
  readonly by: PersonView;
  /** Kiosk-local ISO time of the record. */
  readonly at: string;
  /** Out of limits: the deviation the domain opened with it, and whether it is still open. */
  readonly deviation: { readonly deviationId: string; readonly title: string; readonly severity: DeviationSeverityName; readonly open: boolean } | null;
  /** What happens next, as the order stands now, e.g. 'Step 9 is complete.' */
  readonly outcome: string;
  /** Superseded by a later measurement on the same step. */
  readonly latest: boolean;
}

/** One container as recorded (order.weighing-recorded): balance unit for gross/tare/net, plus the net in the step's unit. */
export interface ContainerView {
  readonly containerNo: number;
  readonly weighingId: string;
  readonly lotId: string;
  readonly balanceId: string;
  readonly gross: string;
  readonly tare: string;
  readonly net: string;
  readonly unit: string;
  readonly netInStepUnit: string;
  readonly tareSource: 'balance-memory' | 'reading-before-tare' | 'none' | null;
  readonly calibration: CalibrationView;
  readonly by: PersonView;
  readonly at: string;
  /** Rejected after weighing (re-weigh, scrap or rework), with the reason; it does not count toward the total. */
  readonly rejected: { readonly disposition: RejectionDispositionName; readonly reason: string } | null;
}

/** A step as its verifier sees it: each container, the total against target, overrides and deviations. */
export interface VerifiedStepView {
  readonly stepId: string;
  readonly title: string;
  readonly kind: string;
  readonly phase: string;
  readonly materialId: string | null;
  readonly materialName: string | null;
  readonly containers: readonly ContainerView[];
  /** Sum of the counted containers in the step's unit, against the recorded target and limits. */
  readonly total: {
    readonly dispensed: string;
    readonly unit: string;
    readonly target: string | null;
    readonly lower: string | null;
    readonly upper: string | null;
    /** As the completed dispense recorded it; null while the step is not complete. */
    readonly toleranceState: 'under' | 'in' | 'over' | null;
  } | null;
  readonly performers: readonly PersonView[];
  readonly overrides: readonly { readonly reason: string; readonly by: PersonView; readonly at: string; readonly toleranceState: string; readonly dispensed: string }[];
  readonly deviations: readonly { readonly deviationId: string; readonly title: string; readonly severity: DeviationSeverityName; readonly open: boolean }[];
}

export interface OrderProgressView {
  readonly order: OrderSummaryView;
  readonly step: StepView | null;
  readonly steps: readonly { readonly stepId: string; readonly title: string; readonly phase: string }[];
  /** Every pH measurement recorded on the order, oldest first: the result stays on screen after its step closes. */
  readonly phMeasurements: readonly PhMeasurementView[];
}

export const SIGNATURE_MEANING_NAMES = ['performed', 'verified', 'reviewed', 'approved', 'released'] as const;
export type SignatureMeaningName = (typeof SIGNATURE_MEANING_NAMES)[number];

/** One instrument on the daily-check list (the domain's RoutineCheckItem as the screen gets it). */
export interface RoutineCheckView {
  readonly equipmentId: string;
  readonly kind: 'balance' | 'ph-meter';
  readonly name: string;
  readonly frequency: 'day' | 'shift';
  readonly status: 'ready' | 'due' | 'blocked';
  readonly note: string | null;
  readonly sensitivity?: {
    readonly testWeightId: string;
    readonly testWeight: string;
    readonly unit: string;
    readonly expected: string;
    readonly limit: string;
    readonly lowest: string;
    readonly highest: string;
    readonly tolerancePercent: string;
  };
  readonly buffers?: { readonly buffers: readonly string[]; readonly slopeMinPercent: string; readonly slopeMaxPercent: string; readonly offsetLimitMv: string };
  /**
   * 'instrument': the balance is connected to this kiosk, its test is `captureSensitivityTest` (the
   * stable reading comes from the balance). 'manual': no interface here, `recordSensitivityTest` with
   * a typed reading and a second person's verification.
   */
  readonly entry?: 'instrument' | 'manual';
}

export interface HoldView {
  readonly holdId: string;
  /** e.g. 'Equipment BAL-02'. */
  readonly target: string;
  readonly kind: 'lot' | 'equipment' | 'order';
  readonly reason: string;
  /** 2 where the site asks a second person (QA or supervisor) to sign "verified". */
  readonly signaturesRequired: 1 | 2;
}

/** A lot on hold in the master data: 'Lot CCS-031' and QA's reason. */
export interface MasterHoldView {
  readonly kind: 'lot';
  readonly target: string;
  readonly reason: string;
}

export const DEVIATION_SEVERITY_NAMES = ['info', 'low', 'medium', 'high', 'critical'] as const;
/** What becomes of a rejected container's material (the domain's REJECTION_DISPOSITIONS): re-weigh = back to its lot, unconsumed. */
export const REJECTION_DISPOSITION_NAMES = ['reweigh', 'scrap', 'rework'] as const;
export type RejectionDispositionName = (typeof REJECTION_DISPOSITION_NAMES)[number];
export type DeviationSeverityName = (typeof DEVIATION_SEVERITY_NAMES)[number];

export interface DeviationView {
  readonly deviationId: string;
  readonly title: string;
  readonly severity: DeviationSeverityName;
  readonly orderId: string | null;
  readonly signatures: number;
  /** Distinct signatures that close it (QA among them from medium up). */
  readonly needed: number;
}

export type ExecutionResult = { readonly ok: true } | Refusal;

/** A label sent to the printer: printed, or why not (out of paper, printer offline, no printer). */
export interface LabelIssuedView {
  readonly sscc: string;
  readonly printed: boolean;
  readonly problem: string | null;
}

/** A container's label as the kiosk shows it (issue 13). */
export interface ContainerLabelView {
  readonly sscc: string;
  readonly orderId: string;
  readonly stepId: string;
  readonly weighingId: string;
  readonly containerNo: number;
  readonly lotId: string;
  /** Net as AI 310n carries it, kg. */
  readonly netKg: string;
  /** `(00)…(01)…(17)…(310n)…(10)…` as printed under the barcodes. */
  readonly gs1: string;
  readonly printed: boolean;
  readonly problem: string | null;
  readonly printerId: string | null;
  /** Reprints so far. */
  readonly copies: number;
  /** The label (GS1 DataMatrix + GS1-128 from bwip-js), as SVG markup. */
  readonly svg: string;
}

/** Sign-in with an admin-set PIN (code 'pin-change-required'): who must set their own PIN, and its rule. */
export interface PinChangeView {
  readonly userId: string;
  readonly printedName: string;
  readonly rule: string;
}

/** Who is locked out, since when (ISO 8601 with the kiosk's offset; show it in local time) and what to do. */
export interface LockoutView {
  readonly userId: string;
  readonly printedName: string;
  readonly since: string;
  /** e.g. 'Ask QA or an administrator to unlock you at this kiosk (Unlock user).' */
  readonly remedy: string;
}

/** A deviation of the order still open at completion: listed on the completion screen, carried in the record. */
export interface OpenExceptionView {
  readonly deviationId: string;
  readonly title: string;
  readonly severity: DeviationSeverityName;
  readonly signatures: number;
  readonly needed: number;
}

/** One key as the renderer saw it: KeyboardEvent.key and timeStamp (ms). */
export interface WedgeKeyInput {
  readonly key: string;
  readonly at: number;
  readonly ctrlKey?: boolean;
}
type StepRequest = { orderId: string; stepId: string };
/** A second person's approval of an override: user id, PIN and the reason. */
export type OverrideApproval = { userId: string; pin: string; reason: string };

/** Commands: name → request and response. */
export interface KioskCommands {
  getState: { request: Record<string, never>; response: KioskState };
  acceptWeight: { request: { timeoutMs?: number }; response: AcceptWeightResult };
  tare: { request: Record<string, never>; response: DeviceCommandResult };
  zero: { request: Record<string, never>; response: DeviceCommandResult };
  getSession: { request: Record<string, never>; response: SessionView | null };
  /**
   * One refusal for every wrong id, badge or PIN (code 'login-failed'); a locked-out user gets
   * 'signer-locked-out' with `lockout` (who, since when, what to do) — only after the right PIN.
   */
  login: { request: { badgeOrUserId: string; pin: string }; response: { readonly ok: true; readonly session: SessionView } | (Refusal & { readonly lockout?: LockoutView; readonly pinChange?: PinChangeView }) };
  /**
   * Replaces an admin-set PIN ('pin-change-required' at login): the temporary PIN, the new one twice.
   * Refusals: 'pin-mismatch', 'pin-too-short', 'pin-same-as-temporary', 'pin-wrong' (a failed attempt).
   */
  changePin: { request: { badgeOrUserId: string; currentPin: string; newPin: string; newPinAgain: string }; response: { readonly ok: true; readonly session: SessionView } | (Refusal & { readonly lockout?: LockoutView }) };
  /** Users locked out at this kiosk, for the unlock screen. */
  listLockouts: { request: Record<string, never>; response: readonly LockoutView[] };
  /** QA or an administrator unlocks a user: their own id + PIN (e-signature) and a reason. No session needed. */
  unlockUser: { request: { userId: string; byUserId: string; pin: string; reason: string }; response: ExecutionResult };
  logout: { request: Record<string, never>; response: ExecutionResult };
  listOrders: { request: Record<string, never>; response: { readonly ok: true; readonly orders: readonly OrderSummaryView[] } | Refusal };
  orderProgress: { request: { orderId: string }; response: { readonly ok: true; readonly progress: OrderProgressView } | Refusal };
  startOrder: { request: { orderId: string }; response: ExecutionResult };
  startStep: { request: StepRequest; response: ExecutionResult };
  acknowledgeInstruction: { request: StepRequest; response: ExecutionResult };
  confirmEquipmentStatus: { request: StepRequest; response: ExecutionResult };
  /** Raw scan text; the core parses GS1 and checks the lot. */
  /** `manual: true` for a lot id typed by hand: allowed only where the material allows it, marked manual in the record. */
  scanLot: { request: StepRequest & { scan: string; manual?: boolean; fefoOverride?: OverrideApproval }; response: ExecutionResult };
  selectBalance: { request: StepRequest & { balanceId: string }; response: ExecutionResult };
  /** Takes the stable reading as the container's tare, then tares the balance. */
  tareStep: { request: StepRequest; response: ExecutionResult };
  /**
   * Takes the balance's stable net reading and records it against the step; where the site labels
   * containers the record carries the container's SSCC and its label is printed (`label` says whether).
   */
  acceptWeighing: { request: StepRequest; response: { readonly ok: true; readonly label?: LabelIssuedView } | Refusal };
  /** The labels of the step's containers, each with its SVG preview and its last print. */
  containerLabels: { request: StepRequest; response: { readonly ok: true; readonly labels: readonly ContainerLabelView[] } | Refusal };
  /** Prints a container's label again: recorded, and marked COPY n (the first print, if it never printed, is sent as itself). */
  reprintLabel: { request: StepRequest & { sscc: string }; response: { readonly ok: true; readonly label: LabelIssuedView } | Refusal };
  completeDispense: { request: StepRequest & { override?: OverrideApproval }; response: ExecutionResult };
  /** A container label scanned at the line (raw scan; the core reads AI 00). `notSynced`: a second person accepts a container not known here (opens a deviation). */
  chargeContainer: { request: StepRequest & { scan: string; notSynced?: OverrideApproval }; response: ExecutionResult };
  /** Completes a charge step whose last container became known charged through sync. */
  completeCharge: { request: StepRequest; response: ExecutionResult };
  sign: { request: StepRequest & { userId: string; pin: string; meaning: SignatureMeaningName; reason?: string }; response: { readonly ok: true; readonly signed: boolean; readonly awaiting: number } | Refusal };
  /** Raw key timing from a keyboard-wedge scanner typed outside any field; the core tells scan from typing. */
  /** A refused scan carries the data the wedge detector read, so the screen can offer the FEFO override. */
  scanKeys: { request: StepRequest & { keys: readonly WedgeKeyInput[] }; response: { readonly ok: true } | (Refusal & { readonly scan?: string }) };
  pauseOrder: { request: { orderId: string; reason: string }; response: ExecutionResult };
  /**
   * Refused (code 'order-deviations-open') while a deviation of the order is open, unless the recipe allows
   * completing with it; `open` lists them either way, and on success they are exceptions in the record.
   */
  completeOrder: { request: { orderId: string }; response: { readonly ok: true; readonly exceptions: readonly OpenExceptionView[] } | (Refusal & { readonly open?: readonly OpenExceptionView[] }) };
  /** pH as read from the meter (or typed from its display); the domain checks limits and stability. */
  /** The step's pH meter's next stable endpoint, read by the core (the meter must be connected to this kiosk). */
  capturePhMeasurement: { request: StepRequest & { meterId: string }; response: ExecutionResult };
  recordPhMeasurement: { request: StepRequest & { meterId: string; reading: { ph: string; mv: string; temperatureC: string }; stable: boolean }; response: ExecutionResult };
  /** Daily balance check and pH buffer calibration (maintenance); a failure holds the instrument. */
  /**
   * Typed reading: only for a balance NOT connected to this kiosk; recorded as manual, and needs a second
   * person's verification (`verifier`: user id + PIN, not the performer).
   */
  recordSensitivityTest: { request: { equipmentId: string; testWeightId: string; reading: string; stable: boolean; verifier?: { userId: string; pin: string } }; response: ExecutionResult };
  /** The live weight on screen (`weight` events, `device`) follows this connected balance, e.g. for its daily check. */
  showBalance: { request: { balanceId: string }; response: ExecutionResult };
  /** The connected balance's next stable reading with the test weight on the pan, raw frame kept in the record. */
  captureSensitivityTest: { request: { equipmentId: string; testWeightId: string }; response: ExecutionResult };
  recordPhCalibration: { request: { equipmentId: string; buffers: readonly { ph: string; mv: string; temperatureC: string }[] }; response: ExecutionResult };
  resumeOrder: { request: { orderId: string }; response: ExecutionResult };
  /** Daily checks: the station's balances and pH meters, ready / due / blocked, with each test's weight and limits. */
  listRoutineChecks: { request: Record<string, never>; response: { readonly ok: true; readonly items: readonly RoutineCheckView[] } | Refusal };
  listHolds: { request: Record<string, never>; response: readonly HoldView[] };
  /** Lots on hold in the plant's master data (released centrally by QA, not at the kiosk). */
  listMasterHolds: { request: Record<string, never>; response: readonly MasterHoldView[] };
  listDeviations: { request: Record<string, never>; response: readonly DeviationView[] };
  openDeviation: { request: { severity: DeviationSeverityName; title: string; description: string; orderId?: string; stepId?: string }; response: { readonly ok: true; readonly deviationId: string } | Refusal };
  signDeviation: { request: { deviationId: string; userId: string; pin: string; meaning: 'reviewed' | 'approved'; reason?: string }; response: { readonly ok: true; readonly closed: boolean } | Refusal };
  /** QA: user id + PIN of the person releasing, meaning "released", and a reason. */
  releaseHold: { request: { holdId: string; userId: string; pin: string; reason: string; second?: { userId: string; pin: string } }; response: ExecutionResult };
  /** QA or supervisor, logged in: a hold on a lot, a piece of equipment or an order, with a reason. */
  placeHold: { request: { kind: 'lot' | 'equipment' | 'order'; id: string; reason: string }; response: { readonly ok: true; readonly holdId: string } | Refusal };
  /** The plant's one-tap down reasons (master data), for the KPI time model. */
  listDownReasons: { request: Record<string, never>; response: { readonly ok: true; readonly reasons: readonly { readonly id: string; readonly label: string; readonly planned: boolean }[] } | Refusal };
  /** One tap: an instrument is down, with a reason of the list (ISO 22400 ADET). */
  reportEquipmentDown: { request: { equipmentId: string; reason: string }; response: ExecutionResult };
  /** The instrument works again: running within a running order, idle otherwise. */
  reportEquipmentUp: { request: { equipmentId: string }; response: ExecutionResult };
  /** The station's balances and pH meters with their operating state. */
  listInstrumentStates: { request: Record<string, never>; response: { readonly ok: true; readonly instruments: readonly InstrumentStateView[] } | Refusal };
  /** A weighing taken back with a reason: weighed again (scrap) or reworked (ISO 22400 SQ / RQ). */
  rejectWeighing: { request: { orderId: string; stepId: string; weighingId: string; reason: string; disposition: RejectionDispositionName }; response: ExecutionResult };
}

/**
 * A hardware scanner's scan and its fate: accepted for a step, or refused in the domain's words. The
 * scan text is kept so that a first-expiry-first-out refusal can be overridden for exactly that scan.
 */
export type ScanOutcomeView = { readonly scannerId: string; readonly scan: string } & ({ readonly ok: true; readonly orderId: string; readonly stepId: string } | Refusal);

/** Events the core pushes to every UI. */
export interface KioskEvents {
  weight: WeightView;
  'device-status': DeviceStatusView;
  'sync-status': SyncStatusView;
  'record-appended': RecordAppendedView;
  scan: ScanOutcomeView;
  state: KioskState;
}

export type CommandName = keyof KioskCommands;
export type EventName = keyof KioskEvents;
export const COMMAND_NAMES = [
  'getState',
  'acceptWeight',
  'tare',
  'zero',
  'getSession',
  'login',
  'changePin',
  'logout',
  'listOrders',
  'orderProgress',
  'startOrder',
  'startStep',
  'acknowledgeInstruction',
  'confirmEquipmentStatus',
  'scanLot',
  'selectBalance',
  'tareStep',
  'acceptWeighing',
  'completeDispense',
  'chargeContainer',
  'completeCharge',
  'sign',
  'listHolds',
  'listMasterHolds',
  'listRoutineChecks',
  'releaseHold',
  'placeHold',
  'containerLabels',
  'reprintLabel',
  'scanKeys',
  'pauseOrder',
  'resumeOrder',
  'completeOrder',
  'listLockouts',
  'unlockUser',
  'captureSensitivityTest',
  'showBalance',
  'recordPhMeasurement',
  'capturePhMeasurement',
  'recordSensitivityTest',
  'recordPhCalibration',
  'listDeviations',
  'openDeviation',
  'signDeviation',
  'listDownReasons',
  'reportEquipmentDown',
  'reportEquipmentUp',
  'rejectWeighing',
  'listInstrumentStates',
] as const satisfies readonly CommandName[];
export const EVENT_NAMES = ['weight', 'device-status', 'sync-status', 'record-appended', 'scan', 'state'] as const satisfies readonly EventName[];

export interface KioskApi {
  call<K extends CommandName>(command: K, request: KioskCommands[K]['request']): Promise<KioskCommands[K]['response']>;
  on<E extends EventName>(event: E, listener: (data: KioskEvents[E]) => void): () => void;
}

/** Wire messages of the WebSocket and utility-process transports. */
/** `key` names one act of the page: a call re-sent after a reconnect carries the same key and is run once. */
export type ClientMessage = { readonly t: 'call'; readonly id: number; readonly command: CommandName; readonly request: unknown; readonly key?: string };
export type ServerMessage =
  | { readonly t: 'result'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly t: 'result'; readonly id: number; readonly ok: false; readonly message: string }
  | { readonly t: 'event'; readonly event: EventName; readonly data: unknown };

export function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && (COMMAND_NAMES as readonly string[]).includes(value);
}
