// A real kiosk core of DISP-1 at a real server, run through the commands the kiosk screen sends;
// shared by kiosk-flags.e2e.test.ts and the KPI tests, so both drive the same kiosk the same way.
import { parseDecimal, type BalanceDriver, type DeviceEvent, type WeightEvent } from '@lineside/device-drivers';
import type { KioskCore } from '../../../apps/kiosk/src/core/kiosk.js';
import type { CommandName, ContainerView, KioskCommands } from '../../../apps/kiosk/src/shared/api.js';
import { startFaultProxy, type ProxyDecision } from '../../kiosk/support/fault-proxy.js';
import type { onEachEngine } from '../../faults/support/engines.js';
import type { simulatedClock} from '../../faults/support/sync-fixture.js';
import { adminClient, approve, newEnrollCode, ownTempDir, startCore, startInProcessServer, syncReaches, type cleanupList } from '../../faults/support/sync-fixture.js';

export const ORDER = 'ORD-0001';
import { lotLabel } from '../../support/demo-labels.js';
export { lotLabel as label } from '../../support/demo-labels.js';
export const step = (stepId: string, orderId: string = ORDER) => ({ orderId, stepId });

/**
 * A balance at the device boundary that shows what the test puts on its pan: every change is a stable
 * weight event (as a driver emits them), a tare keeps the load as the container's tare and shows zero.
 */
export class PanBalance implements BalanceDriver {
  private readonly listeners = new Set<(event: DeviceEvent) => void>();
  private display: string;
  private last: WeightEvent | undefined;

  constructor(
    readonly deviceId: string,
    private readonly unit: string,
    private readonly empty: string,
    private readonly now: () => Date,
  ) {
    this.display = empty;
  }

  on(listener: (event: DeviceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async start(): Promise<void> {
    this.show(this.display);
  }
  /** What the display shows now (net of the balance's tare memory). */
  show(value: string): void {
    this.display = value;
    this.last = this.weight(value, 'net');
    for (const listener of this.listeners) listener(this.last);
  }
  private weight(value: string, basis: WeightEvent['basis']): WeightEvent {
    const decimal = parseDecimal(value);
    if (!decimal) throw new Error(`${this.deviceId}: ${value} is not a number`);
    return { kind: 'weight', deviceId: this.deviceId, at: this.now().toISOString(), raw: `S S ${value.padStart(10)} ${this.unit}`, value: decimal, unit: this.unit, stable: true, basis };
  }
  async captureStable() {
    return { ok: true as const, reading: this.weight(this.display, 'net') };
  }
  async tare() {
    const tare = this.weight(this.display, 'tare');
    this.show(this.empty);
    return { ok: true as const, tare };
  }
  zero(): Promise<{ ok: true }> {
    this.show(this.empty);
    return Promise.resolve({ ok: true });
  }
  latest(): WeightEvent | undefined {
    return this.last;
  }
  async close(): Promise<void> {
    this.listeners.clear();
  }
}


export type Clock = ReturnType<typeof simulatedClock>;
export type Server = Awaited<ReturnType<typeof startInProcessServer>>;

/** The seeded server on `database`, its people's PINs, and API clients signed in as them. */
export async function plant(cleanups: ReturnType<typeof cleanupList>, database: Awaited<ReturnType<Parameters<Parameters<typeof onEachEngine>[1]>[0]>>, clock: Clock) {
  const server = await startInProcessServer(cleanups, { now: clock.now, database });
  const credentials = server.credentials!;
  const as = (userId: string) => adminClient(server.url, credentials[userId]!.password, userId);
  const qa = as('quinn.qa');
  const metrology = as('max.maintenance');
  const supervisor = as('sam.supervisor');
  await Promise.all([qa.login(), metrology.login(), supervisor.login()]);
  return { server, pin: (userId: string) => credentials[userId]!.pin, qa, metrology, supervisor };
}

/**
 * A real kiosk core of DISP-1 behind a proxy the test can cut, with BAL-01, BAL-02 and BAL-04 on pans the
 * test loads, enrolled with a new code and approved; and the commands the kiosk screen sends.
 */
export async function station(
  cleanups: ReturnType<typeof cleanupList>,
  server: Server,
  clock: Clock,
  pin: (userId: string) => string,
  kioskClock: Pick<Clock, 'wallMs' | 'monoMs' | 'utcOffsetMinutes'> = clock,
  /** Another station's kiosk (GRAN-1 at the line has no balances) or another order of the demo plant. */
  where: { stationId?: string; kioskId?: string; orderId?: string } = {},
) {
  const { stationId = 'DISP-1', kioskId = 'K-DISP-1', orderId = ORDER } = where;
  const step = (stepId: string) => ({ orderId, stepId });
  const link = { offline: false };
  const proxy = await startFaultProxy(server.url, (): ProxyDecision => (link.offline ? { action: 'drop' } : { action: 'forward' }));
  cleanups.add(() => proxy.close());
  const pans = new Map<string, PanBalance>();
  const dataDir = ownTempDir(cleanups, 'kiosk-station');
  const coreOptions = {
    serverUrl: proxy.url,
    dataDir,
    clock: kioskClock,
    balances: stationId !== 'DISP-1' ? [] : [
      { driver: 'mt-sics', path: 'pan:BAL-01', balanceId: 'BAL-01' },
      { driver: 'sartorius-sbi', path: 'pan:BAL-02', balanceId: 'BAL-02' },
      { driver: 'and', path: 'pan:BAL-04', balanceId: 'BAL-04' },
    ],
    balanceFactory: ({ deviceId }) => {
      const now = () => new Date(kioskClock.wallMs());
      const pan = deviceId === 'BAL-04' ? new PanBalance(deviceId, 'kg', '0.000', now) : deviceId === 'BAL-01' ? new PanBalance(deviceId, 'g', '0.00000', now) : new PanBalance(deviceId, 'g', '0.00', now);
      pans.set(deviceId, pan);
      return pan;
    },
  } satisfies Parameters<typeof startCore>[1];
  let core: KioskCore = await startCore(cleanups, { ...coreOptions, enrollCode: await newEnrollCode(server.asAdmin, stationId) });
  await approve(server.asAdmin, core, kioskId);
  await syncReaches(core, (v) => v.phase === 'active' && (v.masterDataVersion ?? 0) > 0, 'active with master data');
  const pan = (id: string) => pans.get(id)!;

  /** The command as the kiosk screen sends it; the time moves on a few seconds between commands. */
  async function send<K extends CommandName>(command: K, request: KioskCommands[K]['request']): Promise<KioskCommands[K]['response']> {
    clock.advance(5_000);
    return core.dispatch(command, request);
  }
  async function ok<K extends CommandName>(command: K, request: KioskCommands[K]['request']): Promise<KioskCommands[K]['response']> {
    const result = (await send(command, request)) as { ok?: boolean };
    if (result.ok !== true) throw new Error(`${command} ${JSON.stringify(request)} refused: ${JSON.stringify(result)}`);
    return result as KioskCommands[K]['response'];
  }
  const login = (userId: string) => ok('login', { badgeOrUserId: userId, pin: pin(userId) });
  /** The step's target and limits as the screen shows them. */
  async function target(stepId: string) {
    const progress = await ok('orderProgress', { orderId });
    if (!('progress' in progress) || progress.progress.step?.stepId !== stepId || !progress.progress.step.target) throw new Error(`no target for step ${stepId}: ${JSON.stringify(progress)}`);
    return progress.progress.step.target;
  }
  /** The current step's containers as the screen lists them (the "Reject…" buttons). */
  async function weighings(): Promise<readonly ContainerView[]> {
    const progress = await ok('orderProgress', { orderId });
    return 'progress' in progress ? (progress.progress.step?.weighings ?? []) : [];
  }
  /** What the current step counts as dispensed, and in how many containers. */
  async function dispensed() {
    const progress = await ok('orderProgress', { orderId });
    return 'progress' in progress ? { dispensed: progress.progress.step?.dispensed, containers: progress.progress.step?.containers } : {};
  }
  /** Per container: the empty container on the pan, Tare, the material in, Accept; then the pan cleared. */
  async function weigh(stepId: string, balanceId: string, emptyContainer: string, nets: readonly string[], cleared: string) {
    for (const net of nets) {
      pan(balanceId).show(emptyContainer);
      await ok('tareStep', step(stepId));
      pan(balanceId).show(net);
      await ok('acceptWeighing', step(stepId));
      pan(balanceId).show(cleared);
    }
  }
  async function dispense(stepId: string, scan: string, balanceId: string, emptyContainer: string, nets: readonly string[], cleared: string) {
    await ok('startStep', step(stepId));
    await ok('scanLot', { ...step(stepId), scan });
    await ok('selectBalance', { ...step(stepId), balanceId });
    await weigh(stepId, balanceId, emptyContainer, nets, cleared);
    await ok('completeDispense', step(stepId));
  }
  /** Morning checks of the three balances (read from them) and the pH meter, by maintenance. */
  async function morningChecks() {
    await login('max.maintenance');
    for (const [balanceId, weight, reading] of [['BAL-04', 'TW-20KM1', '20.000'], ['BAL-01', 'TW-200E2', '200.00010'], ['BAL-02', 'TW-5KF1', '5000.01']] as const) {
      pan(balanceId).show(reading);
      await ok('captureSensitivityTest', { equipmentId: balanceId, testWeightId: weight });
      pan(balanceId).show(balanceId === 'BAL-04' ? '0.000' : balanceId === 'BAL-01' ? '0.00000' : '0.00');
    }
    await ok('recordPhCalibration', { equipmentId: 'PH-01', buffers: [{ ph: '4.01', mv: '176.9', temperatureC: '25.0' }, { ph: '7.00', mv: '0.0', temperatureC: '25.0' }, { ph: '10.01', mv: '-178.0', temperatureC: '25.0' }] });
  }
  /** Olivia starts the order and does steps 1 and 2. */
  async function throughStep2() {
    await login('olivia.operator');
    await ok('startOrder', { orderId });
    await ok('startStep', step('1'));
    await ok('acknowledgeInstruction', step('1'));
    await ok('sign', { ...step('1'), userId: 'olivia.operator', pin: pin('olivia.operator'), meaning: 'performed' });
    await ok('startStep', step('2'));
    await ok('confirmEquipmentStatus', step('2'));
  }
  /** Everything the kiosk has recorded, acknowledged by the server. */
  async function synced() {
    const head = core.log.head().seq;
    core.sync.wake();
    await syncReaches(core, (v) => v.ackedSeq >= head, `receipt up to seq ${head}`);
  }
  /** The next master-data pull (due after a minute of kiosk time) has brought at least `version`. */
  async function pulled(version: number) {
    clock.advance(61_000);
    core.sync.wake();
    await syncReaches(core, (v) => (v.masterDataVersion ?? 0) >= version, `master data version ${version}`);
  }
  /** The morning checks, steps 1 and 2, then step 3's first container of PCM-2401 (25.200 kg on BAL-04): its weighing as the screen lists it. */
  async function firstParacetamolContainer(): Promise<ContainerView> {
    await morningChecks();
    await throughStep2();
    await ok('startStep', step('3'));
    await ok('scanLot', { ...step('3'), scan: lotLabel('PCM-2401', '270331') });
    await ok('selectBalance', { ...step('3'), balanceId: 'BAL-04' });
    await weigh('3', 'BAL-04', '1.500', ['25.200'], '-1.500');
    const [first] = await weighings();
    if (!first) throw new Error('step 3 lists no weighing after the first container');
    return first;
  }
  /** The kiosk PC dies (no sign-out, nothing more recorded) and is started again on the same data folder `downMs` later. */
  async function crashAndRestart(downMs: number) {
    await core.close();
    clock.advance(downMs);
    core = await startCore(cleanups, coreOptions);
    await syncReaches(core, (v) => v.phase === 'active', 'active again after the restart');
  }
  return {
    /** The kiosk core running now (a new one after crashAndRestart). */
    get core() {
      return core;
    },
    link, pan, send, ok, login, target, weigh, weighings, dispensed, dispense, morningChecks, throughStep2, firstParacetamolContainer, crashAndRestart, synced, pulled,
  };
}

