import {
  checkWeighingReading,
  equipmentDecider,
  findEquipment,
  routineCheckList,
  type CalibrationStatus,
  type EquipmentCommand,
  type FloorContext,
  type RoutineCheckItem,
  type SensitivityEntry,
} from '@lineside/domain';
import { refusal, type ExecutionContext, type Outcome } from './context.js';
import type { ExecutionActor } from './session.js';
import type { Signers } from './signers.js';

type SensitivityCommand = Omit<Extract<EquipmentCommand, { type: 'recordSensitivityTest' }>, 'by' | 'type' | 'entry'>;
type PhCalibrationCommand = Omit<Extract<EquipmentCommand, { type: 'recordPhCalibration' }>, 'by' | 'type'>;

/**
 * Equipment checks: the daily routine tests (read from the balance, or typed and verified by a second
 * person), pH buffer calibrations, the station's check list, and the gate every free weighing passes.
 */
export function createEquipment(core: ExecutionContext, signers: Signers) {
  const { deps, state, commit } = core;

  function decideSensitivity(command: SensitivityCommand, entry: SensitivityEntry, actor: ExecutionActor, ctx: FloorContext): Outcome<{ events: number }> {
    const { equipmentId, testWeightId, reading, stable } = command;
    const decision = equipmentDecider.decide(state.equipmentOf(equipmentId), { type: 'recordSensitivityTest', by: actor.userId, equipmentId, testWeightId, reading, stable, entry }, ctx);
    if (!decision.ok) return refusal(decision.code, decision.message);
    return commit('equipment', equipmentId, decision.value, actor);
  }

  return {
    /**
     * A free weighing is a GMP weighing like a dispense (issue 8 §1): the logged-in user is its actor, and
     * the reading passes the domain's one gate (balance usable now — calibration, routine test, holds,
     * station — stable, its unit, within capacity). Returns who and the calibration in force, for the record.
     */
    checkFreeWeighing(balanceId: string, reading: { value: string; unit: string; stable: boolean }): Outcome<{ actor: ExecutionActor; calibration: CalibrationStatus }> {
      const session = core.requireSession();
      if (!session.ok) return refusal('not-logged-in', 'Log in with your badge and PIN to weigh: every weighing is recorded under a person’s name');
      const ctx = core.context();
      if (!ctx.ok) return ctx;
      const checked = checkWeighingReading(balanceId, reading, ctx.ctx);
      if (!checked.ok) return refusal(checked.code, checked.message);
      return { ok: true, actor: session.actor, calibration: checked.value.calibration };
    },

    /** Daily balance sensitivity test read from the connected balance: its stable reading and raw frame. */
    recordRoutineTest(command: SensitivityCommand & { entry: Extract<SensitivityEntry, { kind: 'instrument' }>; unit: string }): Outcome<{ events: number }> {
      const begun = core.begin();
      if (!begun.ok) return begun;
      const instrument = findEquipment(begun.ctx.master, command.equipmentId);
      if (instrument?.kind === 'balance' && command.unit !== instrument.unit) return refusal('weighing-unit-mismatch', `${command.equipmentId} weighs in ${instrument.unit}; its reading came in "${command.unit}" — set the balance to ${instrument.unit}`);
      return decideSensitivity(command, command.entry, begun.actor, begun.ctx);
    },

    /** The same test typed by hand (a balance without an interface): a second person verifies it with id and PIN. */
    async recordManualRoutineTest(command: SensitivityCommand & { verifier?: { userId: string; pin: string } }): Promise<Outcome<{ events: number }>> {
      const begun = core.begin();
      if (!begun.ok) return begun;
      const { actor, ctx } = begun;
      const verifier = command.verifier;
      if (!verifier || verifier.userId.trim() === '') return refusal('manual-entry-unverified', `A typed sensitivity reading of ${command.equipmentId} needs a second person's verification (user id and PIN)`);
      if (verifier.userId.trim() === actor.userId) return refusal('manual-entry-unverified', `${actor.printedName} typed the reading of ${command.equipmentId} and cannot also verify it — a second person must`);
      const proved = await signers.prove(verifier.userId.trim(), verifier.pin, 'verified', deps.log.head().hash, `sensitivity test of ${command.equipmentId}: ${command.reading}`, ctx);
      if (!proved.ok) return proved;
      return decideSensitivity(command, { kind: 'manual', verification: proved.signature }, actor, ctx);
    },

    /** The station's instruments with routine tests: ready, due or blocked, and what each sensitivity test asks. */
    routineChecks(): Outcome<{ items: RoutineCheckItem[] }> {
      const ctx = core.context();
      if (!ctx.ok) return ctx;
      return { ok: true, items: routineCheckList(ctx.ctx) };
    },

    /** Buffer calibration of a pH meter for the shift; a failure holds the meter. */
    recordPhCalibration(command: PhCalibrationCommand): Outcome<{ events: number }> {
      const begun = core.begin();
      if (!begun.ok) return begun;
      const id = command.equipmentId;
      const decision = equipmentDecider.decide(state.equipmentOf(id), { type: 'recordPhCalibration', by: begun.actor.userId, ...command }, begun.ctx);
      if (!decision.ok) return refusal(decision.code, decision.message);
      return commit('equipment', id, decision.value, begun.actor);
    },
  };
}
