import { makeDecimal, parseDecimal, scaleDecimal } from '@lineside/device-drivers';
import type { KioskCommands, Refusal } from '../../shared/api.js';
import type { BalanceWeight } from '../balance-contract.js';
import { STABLE_CAPTURE_TIMEOUT_MS, takeStableReading, type StationBalance, type StationPhMeter } from '../devices.js';
import type { BalanceReading, Execution } from './execution.js';
import { wedgeScan } from './wedge-scan.js';

/** The station's instruments beyond the one balance the classic commands use. */
export interface StationInstruments {
  /** Every balance connected to this kiosk; the step's selected one is read. */
  readonly balances: readonly StationBalance[];
  readonly phMeters: readonly StationPhMeter[];
  /** Told when a step's balance is chosen, so the live weight on screen follows it. */
  readonly onBalanceSelected?: (balanceId: string) => void;
  /** The tare this kiosk last set on each balance; the owner forgets an entry when the balance is tared or zeroed outside a step. */
  readonly taredHere?: Map<string, { value: string; unit: string }>;
}

type ExecutionCommandName = Exclude<keyof KioskCommands, 'getState' | 'acceptWeight' | 'tare' | 'zero'>;
export type ExecutionHandlers = { [K in ExecutionCommandName]: (request: KioskCommands[K]['request']) => Promise<KioskCommands[K]['response']> };

/** A stable reading shown this recently is what the operator saw; older ones are captured again. */
const CAPTURE_TIMEOUT_MS = STABLE_CAPTURE_TIMEOUT_MS;
/** A pH electrode settles slower than a balance: up to half a minute to its endpoint. */
const PH_CAPTURE_TIMEOUT_MS = 30_000;

const toReading = (weight: BalanceWeight): BalanceReading => ({ value: weight.value.text, unit: weight.unit, stable: weight.stable, raw: weight.raw });

/** a + b exactly, at the finer of the two resolutions. */
function addExact(a: string, b: string): string | null {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (!x || !y) return null;
  const exponent = Math.min(x.exponent, y.exponent);
  return makeDecimal(scaleDecimal(x, exponent) + scaleDecimal(y, exponent), exponent).text;
}

/** The execution commands of KioskApi over the execution core and the station's balance. */
export function createExecutionHandlers(execution: Execution | null, single: StationBalance | null, wallMs: () => number, instruments?: StationInstruments): ExecutionHandlers {
  const missing: Refusal = { ok: false, code: 'no-execution', message: 'Batch execution is not available on this kiosk core' };
  const balances = instruments?.balances ?? (single ? [single] : []);
  const phMeters = instruments?.phMeters ?? [];
  /** The tare this kiosk last set on each balance, for balances whose tare reply does not carry it. */
  const taredHere = instruments?.taredHere ?? new Map<string, { value: string; unit: string }>();
  // Every reading of every balance: the core sees the pan go back to zero between containers.
  if (execution) for (const balance of balances) balance.onWeight((view) => execution.noteBalanceReading(view.balanceId, view.value));

  /** The balance chosen for the step, if this kiosk has it, or why not. */
  function balanceFor(selected: string | null): { ok: true; balance: StationBalance } | Refusal {
    if (!selected) return { ok: false, code: 'no-balance-selected', message: 'Choose the balance for this step before weighing' };
    if (balances.length === 0) return { ok: false, code: 'no-balance', message: `No balance is connected to this kiosk, so ${selected} cannot be read` };
    const balance = balances.find((b) => b.spec.balanceId === selected);
    if (balance) return { ok: true, balance };
    const here = balances.map((b) => b.spec.balanceId).join(', ');
    return { ok: false, code: 'balance-not-connected', message: `${selected} is not connected to this kiosk (it has ${here}) — choose one of those or connect ${selected}` };
  }

  /** The stable reading of the balance chosen for the step, or why there is none. */
  async function stableReading(selected: string | null): Promise<{ ok: true; reading: BalanceReading; balance: StationBalance } | Refusal> {
    const found = balanceFor(selected);
    if (!found.ok) return found;
    const balance = found.balance;
    const taken = await takeStableReading(balance, wallMs());
    return taken.ok ? { ok: true, reading: toReading(taken.reading), balance } : taken;
  }

  function selectedFor(orderId: string, stepId: string): string | null {
    const progress = execution?.progress(orderId);
    return progress?.ok && progress.progress.step?.stepId === stepId ? progress.progress.step.balanceId : null;
  }

  const done = (result: { ok: boolean; code?: string; message?: string }): KioskCommands['startOrder']['response'] =>
    result.ok ? { ok: true } : { ok: false, code: result.code ?? 'refused', message: result.message ?? 'refused' };

  return {
    getSession: () => Promise.resolve(execution?.session() ?? null),
    login: async (r) => (execution ? execution.login(r) : missing),
    changePin: async (r) => (execution ? execution.changePin(r) : missing),
    logout: async () => (execution ? done(execution.logout()) : missing),
    listOrders: async () => (execution ? execution.listOrders() : missing),
    orderProgress: async (r) => (execution ? execution.progress(r.orderId) : missing),
    startOrder: async (r) => (execution ? done(execution.startOrder(r)) : missing),
    startStep: async (r) => (execution ? done(execution.startStep(r)) : missing),
    acknowledgeInstruction: async (r) => (execution ? done(execution.acknowledgeInstruction(r)) : missing),
    confirmEquipmentStatus: async (r) => (execution ? done(execution.confirmEquipmentStatus(r)) : missing),
    scanLot: async (r) => (execution ? done(await execution.scanLot(r)) : missing),
    async selectBalance(r) {
      if (!execution) return missing;
      const result = done(execution.selectBalance(r));
      // Only a balance this kiosk reads can drive the live weight; another one is refused at weighing.
      if (result.ok && balances.some((b) => b.spec.balanceId === r.balanceId)) instruments?.onBalanceSelected?.(r.balanceId);
      return result;
    },
    completeDispense: async (r) => (execution ? done(await execution.completeDispense(r)) : missing),
    chargeContainer: async (r) => (execution ? done(await execution.chargeContainer(r)) : missing),
    completeCharge: async (r) => (execution ? done(execution.completeCharge(r)) : missing),
    async tareStep(r) {
      if (!execution) return missing;
      const found = balanceFor(selectedFor(r.orderId, r.stepId));
      if (!found.ok) return found;
      const balance = found.balance;
      const id = balance.spec.balanceId;
      const driver = balance.driver();
      if (!driver) return { ok: false, code: 'balance-unavailable', message: balance.status().problem ?? `${id} is not available` };
      // A fresh stable reading, never the cached one: the container may have gone on a moment ago.
      const before = await driver.captureStable({ timeoutMs: CAPTURE_TIMEOUT_MS });
      if (!before.ok) return { ok: false, code: before.code, message: `${id}: ${before.message}` };
      const result = await driver.tare();
      if (!result.ok) return { ok: false, code: result.code, message: `${id}: ${result.message}` };
      // The balance's own tare memory is the container's tare. Without it, a display that is not
      // gross is net of the tare this kiosk set before, so the container's tare is that plus the display.
      let tare = result.tare ? toReading(result.tare) : toReading(before.reading);
      const earlier = taredHere.get(id);
      if (!result.tare && before.reading.basis !== 'gross' && earlier && earlier.unit === tare.unit) {
        const sum = addExact(earlier.value, tare.value);
        if (sum === null) return { ok: false, code: 'reading-invalid', message: `${id}: the tare ${tare.value} ${tare.unit} is not a number` };
        tare = { ...tare, value: sum };
      }
      const recorded = done(execution.recordTare({ ...r, reading: tare, source: result.tare ? 'balance-memory' : 'reading-before-tare' }));
      if (recorded.ok) taredHere.set(id, { value: tare.value, unit: tare.unit });
      return recorded;
    },
    async acceptWeighing(r) {
      if (!execution) return missing;
      const read = await stableReading(selectedFor(r.orderId, r.stepId));
      if (!read.ok) return read;
      const result = execution.acceptWeighing({ ...r, reading: read.reading });
      if (!result.ok || result.sscc === undefined) return done(result);
      // The weighing is recorded; its label follows, and a printer problem is told, never undoes it.
      const printed = await execution.issueLabel(result.sscc);
      return { ok: true, label: { sscc: result.sscc, printed: printed.ok && printed.printed, problem: printed.ok ? printed.problem : printed.message } };
    },
    sign: async (r) => (execution ? execution.sign(r) : missing),
    async scanKeys(r) {
      if (!execution) return missing;
      const scan = wedgeScan(r.keys);
      if (!scan.ok) return scan;
      // At a charge step the scanner reads container labels (issue 13); everywhere else lot labels.
      const result = isChargeStep(execution, r.orderId, r.stepId)
        ? done(await execution.chargeContainer({ orderId: r.orderId, stepId: r.stepId, scan: scan.data }))
        : done(await execution.scanLot({ orderId: r.orderId, stepId: r.stepId, scan: scan.data }));
      return result.ok ? result : { ...result, scan: scan.data };
    },
    pauseOrder: async (r) => (execution ? done(execution.pauseOrder(r)) : missing),
    resumeOrder: async (r) => (execution ? done(execution.resumeOrder(r)) : missing),
    completeOrder: async (r) => (execution ? execution.completeOrder(r) : missing),
    listLockouts: () => Promise.resolve(execution?.listLockouts() ?? []),
    unlockUser: async (r) => (execution ? done(await execution.unlockUser(r)) : missing),
    async recordPhMeasurement(r) {
      if (!execution) return missing;
      // A meter wired to this kiosk is the original record: typed values are for meters without a data port.
      if (phMeters.some((m) => m.spec.meterId === r.meterId)) {
        return { ok: false, code: 'ph-meter-connected', message: `${r.meterId} is connected to this kiosk: read the meter instead of typing its values` };
      }
      return done(execution.recordPhMeasurement(r));
    },
    async capturePhMeasurement(r) {
      if (!execution) return missing;
      const meter = phMeters.find((m) => m.spec.meterId === r.meterId);
      if (!meter) {
        const here = phMeters.length > 0 ? `it has ${phMeters.map((m) => m.spec.meterId).join(', ')}` : 'it has no pH meter';
        return { ok: false, code: 'ph-meter-not-connected', message: `${r.meterId} is not connected to this kiosk (${here}) — type the reading or connect ${r.meterId}` };
      }
      const captured = await meter.captureStable(PH_CAPTURE_TIMEOUT_MS);
      if (!captured.ok) return { ok: false, code: captured.code, message: `${r.meterId}: ${captured.message}` };
      const { ph, mV, temperatureC } = captured.reading;
      if (!mV || !temperatureC) return { ok: false, code: 'ph-reading-incomplete', message: `${r.meterId} sent pH ${ph.text} without its mV and temperature, which the record needs — read again` };
      return done(execution.recordPhMeasurement({ orderId: r.orderId, stepId: r.stepId, meterId: r.meterId, reading: { ph: ph.text, mv: mV.text, temperatureC: temperatureC.text }, stable: captured.reading.stable }));
    },
    async recordSensitivityTest(r) {
      if (!execution) return missing;
      // A balance wired to this kiosk is read, never typed: typing is for balances without an interface.
      if (balances.some((b) => b.spec.balanceId === r.equipmentId)) {
        return { ok: false, code: 'balance-connected', message: `${r.equipmentId} is connected to this kiosk: put the test weight on and capture its reading instead of typing it` };
      }
      return done(await execution.recordManualRoutineTest({ equipmentId: r.equipmentId, testWeightId: r.testWeightId, reading: r.reading, stable: r.stable, ...(r.verifier ? { verifier: r.verifier } : {}) }));
    },
    async showBalance(r) {
      const found = balanceFor(r.balanceId);
      if (!found.ok) return found;
      instruments?.onBalanceSelected?.(r.balanceId);
      return { ok: true };
    },
    async captureSensitivityTest(r) {
      if (!execution) return missing;
      const found = balanceFor(r.equipmentId);
      // The screen shows the balance under test while it is read.
      if (found.ok) instruments?.onBalanceSelected?.(r.equipmentId);
      if (!found.ok) return found.code === 'no-balance' || found.code === 'balance-not-connected' ? { ...found, message: `${found.message}; a balance without an interface is typed with a second person's verification` } : found;
      const driver = found.balance.driver();
      if (!driver) return { ok: false, code: 'balance-unavailable', message: found.balance.status().problem ?? `${r.equipmentId} is not available` };
      // A fresh stable reading with the test weight on the pan, never one cached from before it was put on.
      const captured = await driver.captureStable({ timeoutMs: CAPTURE_TIMEOUT_MS });
      if (!captured.ok) return { ok: false, code: captured.code, message: `${r.equipmentId}: ${captured.message}` };
      const reading = captured.reading;
      return done(execution.recordRoutineTest({ equipmentId: r.equipmentId, testWeightId: r.testWeightId, reading: reading.value.text, stable: reading.stable, unit: reading.unit, entry: { kind: 'instrument', rawFrame: reading.raw } }));
    },
    recordPhCalibration: async (r) => (execution ? done(execution.recordPhCalibration(r)) : missing),
    listDeviations: () => Promise.resolve(execution?.listDeviations() ?? []),
    openDeviation: async (r) => (execution ? execution.openDeviation(r) : missing),
    signDeviation: async (r) => (execution ? execution.signDeviation(r) : missing),
    async listRoutineChecks() {
      if (!execution) return missing;
      const listed = execution.routineChecks();
      if (!listed.ok) return listed;
      // How each balance's test is taken here: read from the connected balance, or typed and verified.
      const connected = new Set(balances.map((b) => b.spec.balanceId));
      return { ok: true, items: listed.items.map((item) => (item.kind === 'balance' ? { ...item, entry: connected.has(item.equipmentId) ? ('instrument' as const) : ('manual' as const) } : item)) };
    },
    listHolds: () => Promise.resolve(execution?.listHolds() ?? []),
    listMasterHolds: () => Promise.resolve(execution?.listMasterHolds() ?? []),
    releaseHold: async (r) => (execution ? done(await execution.releaseHold(r)) : missing),
    placeHold: async (r) => (execution ? execution.placeHold(r) : missing),
    listDownReasons: async () => (execution ? execution.downReasons() : missing),
    listInstrumentStates: async () => (execution ? execution.instrumentStates() : missing),
    reportEquipmentDown: async (r) => (execution ? done(execution.reportEquipmentDown(r)) : missing),
    reportEquipmentUp: async (r) => (execution ? done(execution.reportEquipmentUp(r)) : missing),
    rejectWeighing: async (r) => (execution ? done(execution.rejectWeighing(r)) : missing),
    containerLabels: async (r) => (execution ? execution.containerLabels(r) : missing),
    async reprintLabel(r) {
      if (!execution) return missing;
      const result = await execution.reprintLabel(r);
      return result.ok ? { ok: true, label: { sscc: r.sscc, printed: result.printed, problem: result.problem } } : { ok: false, code: result.code, message: result.message };
    },
  };
}

function isChargeStep(execution: Execution, orderId: string, stepId: string): boolean {
  const progress = execution.progress(orderId);
  return progress.ok && progress.progress.step?.stepId === stepId && progress.progress.step.kind === 'charge';
}

export type ScanOutcome = { ok: true; orderId: string; stepId: string } | Refusal;

/**
 * A hardware scanner has no input field: its scan goes to the step that is asking for a lot now —
 * the dispense or lot-verify step of a running order on this station — through the same scanLot.
 */
export function createScanRouter(execution: Execution) {
  return async function routeScan(data: string): Promise<ScanOutcome> {
    const listed = execution.listOrders();
    if (!listed.ok) return { ok: false, code: listed.code, message: `Scan ignored: ${listed.message}` };
    const targets = listed.orders
      .filter((o) => o.status === 'running')
      .flatMap((o) => {
        const progress = execution.progress(o.orderId);
        const step = progress.ok ? progress.progress.step : null;
        return step && (step.kind === 'dispense' || step.kind === 'lot-verify' || (step.kind === 'charge' && step.charge?.here === true)) ? [step] : [];
      });
    // A step already under way is the one the operator stands at; else the only one that could take a lot.
    const target = targets.find((s) => s.phase !== 'not-started') ?? (targets.length === 1 ? targets[0] : undefined);
    if (!target) {
      return { ok: false, code: 'no-step-for-scan', message: targets.length === 0 ? 'Scan ignored: no running order is at a dispense or lot-verify step' : 'Scan ignored: several orders wait for a lot — start the step first' };
    }
    const result = target.kind === 'charge' ? await execution.chargeContainer({ orderId: target.orderId, stepId: target.stepId, scan: data }) : await execution.scanLot({ orderId: target.orderId, stepId: target.stepId, scan: data });
    return result.ok ? { ok: true, orderId: target.orderId, stepId: target.stepId } : { ok: false, code: result.code, message: result.message };
  };
}
