import type { FloorContext } from '../context.js';
import type { Decimal } from '../decimal/decimal.js';
import { parseDecimal } from '../decimal/decimal.js';
import type { Signature } from '../esignature/signature.js';
import type { HoldEvent } from '../hold/events.js';
import { automaticHold } from '../hold/hold.js';
import { findEquipment, findStation, findTestWeight, findUser } from '../master-data/master-data.js';
import { hasPermission } from '../master-data/people.js';
import type { ShiftRef } from '../master-data/site.js';
import type { Decision } from '../result.js';
import { accept, refuse } from '../result.js';
import type { Instant } from '../time/calendar.js';
import { calibrationStatus } from './calibration.js';
import type { BufferReading } from './routine-tests.js';
import { evaluatePhCalibration, evaluateSensitivity, invalidBufferReading } from './routine-tests.js';
import type { EquipmentState, OperatingState } from './state.js';

export type EquipmentCommand =
  | { readonly type: 'recordSensitivityTest'; readonly equipmentId: string; readonly by: string; readonly testWeightId: string; readonly reading: string; readonly stable: boolean; readonly entry: SensitivityEntry }
  | { readonly type: 'recordPhCalibration'; readonly equipmentId: string; readonly by: string; readonly buffers: readonly BufferReading[] }
  | { readonly type: 'changeEquipmentState'; readonly equipmentId: string; readonly by: string; readonly state: OperatingState; readonly reason?: string }
  /** The kiosk (`by`: its kiosk id) started again with the instrument running or in setup in its log. */
  | { readonly type: 'idleAfterRestart'; readonly equipmentId: string; readonly by: string };

/**
 * The reason of the state change a kiosk records itself when it starts: an instrument its log left running
 * or in setup (a crash, a power cut, a kill) is idle from the restart, because nobody has worked it since.
 * The server accepts it from the kiosk with no person (sync authority), the one state change it does.
 */
export const KIOSK_RESTARTED = 'kiosk restarted';

/**
 * Where a sensitivity reading came from: the connected balance (its stable reading and raw frame), or typed
 * by hand for a balance without an interface — then a second person verifies it (issue 8 §1).
 */
export type SensitivityEntry = { readonly kind: 'instrument'; readonly rawFrame: string } | { readonly kind: 'manual'; readonly verification: Signature };

export const ROUTINE_TESTS = ['balance-sensitivity', 'ph-buffer-calibration'] as const;
export type RoutineTestKind = (typeof ROUTINE_TESTS)[number];

export type EquipmentEvent =
  | {
      readonly type: 'RoutineTestPassed' | 'RoutineTestFailed';
      readonly at: Instant;
      readonly shift: ShiftRef;
      readonly equipmentId: string;
      readonly test: RoutineTestKind;
      readonly performedBy: string;
      /** What was measured and against what, as decimal strings. */
      readonly details: { readonly [key: string]: string | readonly string[] };
    }
  | { readonly type: 'EquipmentStateChanged'; readonly at: Instant; readonly shift: ShiftRef; readonly equipmentId: string; readonly from: OperatingState; readonly to: OperatingState; readonly reason?: string; readonly by: string };

export const EQUIPMENT_REFUSAL_CODES = [
  'equipment-unknown',
  'equipment-wrong-kind',
  'equipment-not-at-station',
  'equipment-calibration-expired',
  'equipment-never-calibrated',
  'equipment-on-hold',
  'routine-test-not-configured',
  'routine-test-not-permitted',
  'test-weight-wrong',
  'reading-unstable',
  'reading-invalid',
  'buffers-missing',
  'state-reason-missing',
  'state-unchanged',
  'state-change-not-permitted',
  'manual-entry-unverified',
] as const;
export type EquipmentRefusalCode = (typeof EQUIPMENT_REFUSAL_CODES)[number];

export function decideEquipment(state: EquipmentState, command: EquipmentCommand, ctx: FloorContext): Decision<EquipmentEvent | HoldEvent, EquipmentRefusalCode> {
  const equipment = findEquipment(ctx.master, command.equipmentId);
  if (!equipment) return refuse('equipment-unknown', `Equipment ${command.equipmentId} is not in the master data`);
  const station = findStation(ctx.master, ctx.stationId);
  if (!station?.equipmentIds.includes(equipment.id)) return refuse('equipment-not-at-station', `${equipment.id} is not assigned to station ${ctx.stationId}`);
  const user = findUser(ctx.master, command.by);
  const base = { at: ctx.now, shift: ctx.shift, equipmentId: equipment.id };

  switch (command.type) {
    case 'recordSensitivityTest':
    case 'recordPhCalibration': {
      if (!user || !hasPermission(user, 'run-routine-test')) {
        return refuse('routine-test-not-permitted', `${user?.printedName ?? command.by} may not run routine tests on ${equipment.id} (maintenance only)`);
      }
      if (state.status === 'on-hold') return refuse('equipment-on-hold', `${equipment.id} is on hold — QA must release it before it is tested again`);
      const cal = calibrationStatus(ctx.master, equipment.id, ctx.today);
      if (cal.status === 'never-calibrated') return refuse('equipment-never-calibrated', `${equipment.id} has no calibration certificate — a routine test cannot stand in for it`);
      if (cal.status === 'expired') return refuse('equipment-calibration-expired', `${equipment.id} calibration expired on ${cal.dueOn} — a routine test cannot stand in for it`);
      let passed: boolean;
      let details: { [key: string]: string | readonly string[] };
      let test: RoutineTestKind;
      let failure: string;
      if (command.type === 'recordSensitivityTest') {
        if (equipment.kind !== 'balance') return refuse('equipment-wrong-kind', `${equipment.id} is not a balance`);
        const spec = equipment.sensitivityTest;
        if (!spec) return refuse('routine-test-not-configured', `Balance ${equipment.id} has no sensitivity test configured`);
        const weight = findTestWeight(ctx.master, command.testWeightId);
        if (!weight || command.testWeightId !== spec.testWeightId) return refuse('test-weight-wrong', `Balance ${equipment.id} is tested with ${spec.testWeightId}, not ${command.testWeightId}`);
        if (command.entry.kind === 'manual') {
          const v = command.entry.verification;
          const verifier = findUser(ctx.master, v.signerId);
          if (!verifier?.active || v.meaning !== 'verified' || v.components !== 'id-and-secret') return refuse('manual-entry-unverified', `A typed sensitivity reading of ${equipment.id} needs a second person's "verified" signature with user id and PIN`);
          if (v.signerId === command.by) return refuse('manual-entry-unverified', `${verifier.printedName} typed the reading of ${equipment.id} and cannot also verify it — a second person must`);
        }
        if (!command.stable) return refuse('reading-unstable', `The reading of ${weight.id} on ${equipment.id} is not stable — wait for the stable indicator`);
        const reading = parseDecimal(command.reading);
        if (!reading.ok) return refuse('reading-invalid', `Reading of ${equipment.id}: ${reading.message}`);
        const outcome = evaluateSensitivity(equipment, weight, spec.tolerancePercent, reading.value as Decimal);
        passed = outcome.passed;
        test = 'balance-sensitivity';
        const entry: { [key: string]: string } = command.entry.kind === 'instrument' ? { entry: 'instrument', rawFrame: command.entry.rawFrame } : { entry: 'manual', verifiedBy: command.entry.verification.signerId, verifiedByName: command.entry.verification.printedName, verificationSignatureId: command.entry.verification.signatureId };
        details = { testWeightId: weight.id, expected: outcome.expected, reading: outcome.reading, error: outcome.error, limit: outcome.limit, unit: equipment.unit, ...entry };
        failure = `Balance ${equipment.id} failed its sensitivity test: ${outcome.reading} ${equipment.unit} for ${weight.id} (${outcome.expected} ${equipment.unit}), error ${outcome.error} beyond ±${outcome.limit} ${equipment.unit}`;
      } else {
        if (equipment.kind !== 'ph-meter') return refuse('equipment-wrong-kind', `${equipment.id} is not a pH meter`);
        if (command.buffers.length < 2) return refuse('buffers-missing', `pH meter ${equipment.id} needs at least 2 buffers; ${command.buffers.length} given`);
        for (const b of command.buffers) {
          const invalid = invalidBufferReading(b, `buffer on ${equipment.id}`);
          if (invalid) return refuse('reading-invalid', invalid);
        }
        const outcome = evaluatePhCalibration(equipment, command.buffers);
        passed = outcome.passed;
        test = 'ph-buffer-calibration';
        details = { buffers: command.buffers.map((b) => `${b.ph}@${b.mv}mV/${b.temperatureC}C`), slopesPercent: outcome.slopesPercent, offsetMv: outcome.offsetMv };
        failure = `pH meter ${equipment.id} failed buffer calibration: ${outcome.failures.join('; ')}`;
      }
      const performed = { ...base, test, performedBy: command.by, details };
      if (passed) return accept([{ type: 'RoutineTestPassed', ...performed }]);
      // a failed routine test puts the instrument on hold until QA releases it (FLOOR.md)
      return accept([{ type: 'RoutineTestFailed', ...performed }, automaticHold(ctx, { kind: 'equipment', id: equipment.id }, failure, command.by)]);
    }
    case 'changeEquipmentState': {
      if (!user || !(hasPermission(user, 'change-equipment-state') || hasPermission(user, 'execute-step'))) {
        return refuse('state-change-not-permitted', `${user?.printedName ?? command.by} may not change the state of ${equipment.id}`);
      }
      if (command.state === state.operating.state) return refuse('state-unchanged', `${equipment.id} is already ${command.state}`);
      // An instrument on hold is out of use until QA releases it: only its down time may be recorded.
      if (state.status === 'on-hold' && command.state !== 'down') return refuse('equipment-on-hold', `${equipment.id} is on hold — it cannot be ${command.state} until QA releases the hold`);
      // ISO 22400 needs the reason of every down period (failure vs planned)
      if (command.state === 'down' && !command.reason?.trim()) return refuse('state-reason-missing', `Putting ${equipment.id} down needs a reason`);
      return accept([{ type: 'EquipmentStateChanged', ...base, from: state.operating.state, to: command.state, by: command.by, ...(command.reason ? { reason: command.reason } : {}) }]);
    }
    case 'idleAfterRestart': {
      // Only time the log still counts as worked ends here; a down (failure, hold, pause) stays until its own end.
      if (state.operating.state !== 'running' && state.operating.state !== 'setup') return refuse('state-unchanged', `${equipment.id} is ${state.operating.state}: a restart of the kiosk does not change it`);
      return accept([{ type: 'EquipmentStateChanged', ...base, from: state.operating.state, to: 'idle', by: command.by, reason: KIOSK_RESTARTED }]);
    }
    default: {
      const _never: never = command;
      return _never;
    }
  }
}

/** Equipment folds its own events and the holds that target it. */
export function evolveEquipment(state: EquipmentState, event: EquipmentEvent | HoldEvent): EquipmentState {
  switch (event.type) {
    case 'RoutineTestPassed':
    case 'RoutineTestFailed':
      if (event.equipmentId !== state.equipmentId) return state;
      return { ...state, lastRoutineTest: { shift: event.shift, passed: event.type === 'RoutineTestPassed', at: event.at } };
    case 'EquipmentStateChanged':
      if (event.equipmentId !== state.equipmentId) return state;
      return { ...state, operating: { state: event.to, since: event.at, ...(event.reason ? { reason: event.reason } : {}) } };
    case 'HoldPlaced': {
      if (event.target.kind !== 'equipment' || event.target.id !== state.equipmentId) return state;
      const holdIds = state.status === 'on-hold' ? [...state.holdIds, event.holdId] : [event.holdId];
      return { ...state, status: 'on-hold', holdIds };
    }
    case 'HoldReleased': {
      if (event.target.kind !== 'equipment' || event.target.id !== state.equipmentId || state.status !== 'on-hold') return state;
      const holdIds = state.holdIds.filter((id) => id !== event.holdId);
      const { holdIds: _old, ...rest } = state;
      return holdIds.length > 0 ? { ...rest, status: 'on-hold', holdIds } : { ...rest, status: 'available' };
    }
    default: {
      const _never: never = event;
      return _never;
    }
  }
}
