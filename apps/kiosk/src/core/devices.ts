import type { DeviceStatusView, WeightView } from '../shared/api.js';
import { BALANCE_DRIVERS, isBalanceDriverName, type BalanceDriverLike, type BalanceEvent, type BalanceFactory, type BalanceWeight } from './balance-contract.js';
import { PH_METER_DRIVERS, SCANNER_DRIVERS, type BalanceDriverName, type DeviceEvent, type PhCaptureResult, type PhMeterDriver, type PhMeterDriverName, type ScannerDriver, type ScannerDriverName } from '@lineside/device-drivers';

export interface BalanceSpec {
  readonly driver: BalanceDriverName;
  readonly path: string;
  readonly balanceId: string;
}

export interface PhMeterSpec {
  readonly driver: PhMeterDriverName;
  readonly path: string;
  readonly meterId: string;
}

export const PRINTER_DRIVERS = ['zpl-tcp', 'zpl-serial'] as const;
export type PrinterDriverName = (typeof PRINTER_DRIVERS)[number];

/** A ZPL label printer: `zpl-tcp:<host>:<port>` (port 9100 by default) or `zpl-serial:<port>`. */
export interface PrinterSpec {
  readonly driver: PrinterDriverName;
  readonly path: string;
  readonly printerId: string;
}

export interface ScannerSpec {
  readonly driver: ScannerDriverName;
  readonly path: string;
  readonly scannerId: string;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * `<driver>:<port>[=<id>]`: the port may hold ':' (COM3, vid:pid) so the driver ends at the first ':'
 * and the id starts after the last '='.
 */
function splitDeviceFlag(flag: string, text: string, example: string): Parsed<{ driver: string; path: string; id: string | null }> {
  const colon = text.indexOf(':');
  const eq = text.lastIndexOf('=');
  const end = eq > colon ? eq : text.length;
  if (colon <= 0 || colon >= end - 1) return { ok: false, message: `${flag} ${JSON.stringify(text)} must be <driver>:<port>[=<equipment id>], e.g. ${example}` };
  const id = eq > colon ? text.slice(eq + 1) : null;
  if (id !== null && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) return { ok: false, message: `${flag} ${JSON.stringify(text)}: the equipment id after '=' must be letters, digits, '.', '_' or '-', e.g. ${example}` };
  return { ok: true, value: { driver: text.slice(0, colon), path: text.slice(colon + 1, end), id } };
}

/** `--balance mt-sics:/dev/pts/5=BAL-02`; without `=id` the id is the caller's (--balance-id or BAL-01). */
export function parseBalanceSpec(text: string): Parsed<{ driver: BalanceDriverName; path: string; balanceId: string | null }> {
  const split = splitDeviceFlag('--balance', text, 'mt-sics:/dev/ttyUSB0=BAL-01');
  if (!split.ok) return split;
  const { driver, path, id } = split.value;
  if (!isBalanceDriverName(driver)) return { ok: false, message: `--balance driver ${JSON.stringify(driver)} is not one of ${BALANCE_DRIVERS.join(', ')}` };
  return { ok: true, value: { driver, path, balanceId: id } };
}

/** `--ph-meter orion-star:/dev/ttyUSB1=PH-01`: the meter id is the equipment id the pH step names. */
export function parsePhMeterSpec(text: string): Parsed<PhMeterSpec> {
  const split = splitDeviceFlag('--ph-meter', text, 'orion-star:/dev/ttyUSB1=PH-01');
  if (!split.ok) return split;
  const { driver, path, id } = split.value;
  if (!(PH_METER_DRIVERS as readonly string[]).includes(driver)) return { ok: false, message: `--ph-meter driver ${JSON.stringify(driver)} is not one of ${PH_METER_DRIVERS.join(', ')}` };
  if (id === null) return { ok: false, message: `--ph-meter ${JSON.stringify(text)} needs the meter's equipment id, e.g. ${text}=PH-01` };
  return { ok: true, value: { driver: driver as PhMeterDriverName, path, meterId: id } };
}

/** `--printer zpl-tcp:10.0.0.20:9100=PRN-01` or `--printer zpl-serial:/dev/ttyUSB2=PRN-01`. */
export function parsePrinterSpec(text: string): Parsed<PrinterSpec> {
  const split = splitDeviceFlag('--printer', text, 'zpl-tcp:10.0.0.20:9100=PRN-01');
  if (!split.ok) return split;
  const { driver, path, id } = split.value;
  if (!(PRINTER_DRIVERS as readonly string[]).includes(driver)) return { ok: false, message: `--printer driver ${JSON.stringify(driver)} is not one of ${PRINTER_DRIVERS.join(', ')}` };
  if (id === null) return { ok: false, message: `--printer ${JSON.stringify(text)} needs the printer's id, e.g. ${text}=PRN-01` };
  if (driver === 'zpl-tcp' && !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(path)) return { ok: false, message: `--printer ${JSON.stringify(text)}: zpl-tcp needs <host>[:<port>], e.g. zpl-tcp:10.0.0.20:9100=PRN-01` };
  return { ok: true, value: { driver: driver as PrinterDriverName, path, printerId: id } };
}

/** `--scanner scanner-serial:/dev/ttyACM0=SCN-01` or `--scanner scanner-hid-pos:0c2e:0b61=SCN-02`. */
export function parseScannerSpec(text: string): Parsed<ScannerSpec> {
  const split = splitDeviceFlag('--scanner', text, 'scanner-serial:/dev/ttyACM0=SCN-01');
  if (!split.ok) return split;
  const { driver, path, id } = split.value;
  if (!(SCANNER_DRIVERS as readonly string[]).includes(driver)) return { ok: false, message: `--scanner driver ${JSON.stringify(driver)} is not one of ${SCANNER_DRIVERS.join(', ')}` };
  if (id === null) return { ok: false, message: `--scanner ${JSON.stringify(text)} needs the scanner's id, e.g. ${text}=SCN-01` };
  return { ok: true, value: { driver: driver as ScannerDriverName, path, scannerId: id } };
}

export const toWeightView = (event: BalanceWeight, balanceId: string): WeightView => ({
  balanceId,
  value: event.value.text,
  unit: event.unit,
  stable: event.stable,
  basis: event.basis,
  at: event.at,
});

/**
 * The station's balance as the core sees it: forwards readings and a plain-words status, and keeps
 * the kiosk running whatever the device does (the driver retries on its own).
 */
export function openBalance(spec: BalanceSpec, factory: BalanceFactory, nowIso: () => string) {
  const address = `${spec.driver}:${spec.path}`;
  let status: DeviceStatusView = { balanceId: spec.balanceId, address, connection: 'connecting', problem: null, at: nowIso() };
  let weight: WeightView | null = null;
  let latestEvent: BalanceWeight | undefined;
  const weightListeners = new Set<(view: WeightView) => void>();
  const statusListeners = new Set<(view: DeviceStatusView) => void>();
  let driver: BalanceDriverLike | null = null;

  function setStatus(next: Omit<DeviceStatusView, 'balanceId' | 'address'>): void {
    const changed = next.connection !== status.connection || next.problem !== status.problem;
    status = { balanceId: spec.balanceId, address, ...next };
    if (changed) for (const listener of statusListeners) listener(status);
  }

  /**
   * Overload, underload, busy, an error, a lost port: what was on the pan before is not what is there
   * now, so the last weight goes until the balance sends a new one (issue 8 §3). The driver delivers
   * events in order, so a weight after this is a fresh reading (not compared by time: the clock may
   * be stepped back). A weight on screen always has no problem beside it, so the status listeners
   * are told by the problem that follows.
   */
  function withdrawWeight(): void {
    weight = null;
    latestEvent = undefined;
  }

  function onEvent(event: BalanceEvent): void {
    switch (event.kind) {
      case 'weight':
        latestEvent = event;
        weight = toWeightView(event, spec.balanceId);
        if (status.connection !== 'connected' || status.problem) setStatus({ connection: 'connected', problem: null, at: event.at });
        for (const listener of weightListeners) listener(weight);
        return;
      case 'status': {
        const connection = event.state === 'connected' || event.state === 'overload' || event.state === 'underload' || event.state === 'busy'
          ? 'connected'
          : event.state === 'connecting' || event.state === 'reconnecting'
            ? 'connecting'
            : 'disconnected';
        const problem = event.state === 'connected' ? null : `${spec.balanceId}: ${event.message}`;
        if (event.state !== 'connected') withdrawWeight();
        // A reconnect attempt does not erase why the balance is away: keep the last error in view.
        if (connection === 'connecting' && status.connection === 'disconnected') return;
        setStatus({ connection, problem, at: event.at });
        return;
      }
      case 'error':
        withdrawWeight();
        setStatus({ connection: status.connection === 'connected' && event.code !== 'port-not-found' && event.code !== 'port-closed' ? 'connected' : 'disconnected', problem: `${spec.balanceId}: ${event.message}`, at: event.at });
        return;
      default:
        return;
    }
  }

  try {
    driver = factory({ driver: spec.driver, path: spec.path, deviceId: spec.balanceId });
    driver.on(onEvent);
  } catch (error) {
    // e.g. a driver not implemented yet: the kiosk keeps running and says why there is no balance.
    driver = null;
    setStatus({ connection: 'disconnected', problem: `${spec.balanceId}: ${(error as Error).message}`, at: nowIso() });
  }

  return {
    spec,
    address,
    start(): void {
      void driver?.start();
    },
    status: () => status,
    weight: () => weight,
    /** The last reading if it is stable, no older than `maxAgeMs` and newer than the last status or error. */
    latestStable(nowMs: number, maxAgeMs: number): BalanceWeight | undefined {
      // Never a reading from before a disconnect or a fault: the load may have changed meanwhile.
      if (status.connection !== 'connected' || status.problem !== null) return undefined;
      const latest = latestEvent;
      if (!latest || !latest.stable) return undefined;
      return nowMs - Date.parse(latest.at) <= maxAgeMs ? latest : undefined;
    },
    driver: () => driver,
    onWeight(listener: (view: WeightView) => void): () => void {
      weightListeners.add(listener);
      return () => weightListeners.delete(listener);
    },
    onStatus(listener: (view: DeviceStatusView) => void): () => void {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    async close(): Promise<void> {
      await driver?.close();
    },
  };
}
export type StationBalance = ReturnType<typeof openBalance>;

/** A stable reading shown this recently is what the operator accepted; older ones are captured again. */
export const STABLE_READING_MAX_AGE_MS = 2_000;
export const STABLE_CAPTURE_TIMEOUT_MS = 5_000;

/**
 * The stable reading an Accept takes, in a dispense step or a free weighing alike: the one on screen if
 * it is stable, at most `maxAgeMs` old and newer than the last status or error; otherwise a fresh stable
 * capture from the balance. A refusal names the balance.
 */
export async function takeStableReading(
  balance: Pick<StationBalance, 'spec' | 'status' | 'latestStable' | 'driver'>,
  nowMs: number,
  options: { readonly maxAgeMs?: number; readonly timeoutMs?: number } = {},
): Promise<{ readonly ok: true; readonly reading: BalanceWeight } | { readonly ok: false; readonly code: string; readonly message: string }> {
  const latest = balance.latestStable(nowMs, options.maxAgeMs ?? STABLE_READING_MAX_AGE_MS);
  if (latest) return { ok: true, reading: latest };
  const id = balance.spec.balanceId;
  const driver = balance.driver();
  if (!driver) return { ok: false, code: 'balance-unavailable', message: balance.status().problem ?? `${id} is not available` };
  const captured = await driver.captureStable({ timeoutMs: options.timeoutMs ?? STABLE_CAPTURE_TIMEOUT_MS });
  if (!captured.ok) return { ok: false, code: captured.code, message: `${id}: ${captured.message}` };
  return { ok: true, reading: captured.reading };
}

/** A device's connection in plain words, for the kiosk's output (pH meters and scanners have no screen of their own). */
export interface DeviceLine {
  readonly connection: 'connecting' | 'connected' | 'disconnected';
  readonly problem: string | null;
}

/** Follows a driver's status/error events as one plain-words line per change. */
function trackConnection(id: string) {
  let line: DeviceLine = { connection: 'connecting', problem: null };
  const listeners = new Set<(line: DeviceLine) => void>();
  const set = (next: DeviceLine) => {
    if (next.connection === line.connection && next.problem === line.problem) return;
    line = next;
    for (const listener of listeners) listener(line);
  };
  return {
    line: () => line,
    onChange(listener: (line: DeviceLine) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    fail: (message: string) => set({ connection: 'disconnected', problem: `${id}: ${message}` }),
    event(event: DeviceEvent): void {
      if (event.kind === 'status') {
        const connection = event.state === 'connecting' || event.state === 'reconnecting' ? 'connecting' : event.state === 'disconnected' || event.state === 'closed' ? 'disconnected' : 'connected';
        // A reconnect attempt does not erase why the device is away.
        if (connection === 'connecting' && line.connection === 'disconnected') return;
        set({ connection, problem: event.state === 'connected' ? null : `${id}: ${event.message}` });
      } else if (event.kind === 'error') {
        const lost = event.code === 'port-not-found' || event.code === 'port-closed' || line.connection !== 'connected';
        set({ connection: lost ? 'disconnected' : 'connected', problem: `${id}: ${event.message}` });
      } else if (line.connection !== 'connected' || line.problem) {
        set({ connection: 'connected', problem: null });
      }
    },
  };
}

export type PhMeterFactory = (options: { driver: PhMeterDriverName; path: string; deviceId: string }) => PhMeterDriver;
export type ScannerFactory = (options: { driver: ScannerDriverName; path: string; deviceId: string }) => ScannerDriver;

/** A pH meter on the station: its stable endpoint is what a pH step records. */
export function openPhMeter(spec: PhMeterSpec, factory: PhMeterFactory) {
  const address = `${spec.driver}:${spec.path}`;
  const tracker = trackConnection(spec.meterId);
  let driver: PhMeterDriver | null = null;
  try {
    driver = factory({ driver: spec.driver, path: spec.path, deviceId: spec.meterId });
    driver.on((event) => tracker.event(event));
  } catch (error) {
    tracker.fail((error as Error).message);
  }
  return {
    spec,
    address,
    line: tracker.line,
    onChange: tracker.onChange,
    start(): void {
      void driver?.start();
    },
    /** The meter's next stable endpoint, or why there is none (not connected, timeout, out of calibration). */
    async captureStable(timeoutMs: number): Promise<PhCaptureResult> {
      if (!driver) return { ok: false, code: 'ph-meter-unavailable', message: tracker.line().problem ?? `${spec.meterId} is not available` };
      return driver.captureStable({ timeoutMs });
    },
    async close(): Promise<void> {
      await driver?.close();
    },
  };
}
export type StationPhMeter = ReturnType<typeof openPhMeter>;

/** A barcode scanner on the station: every scan goes to `onScan`, as a keyboard-wedge scan does. */
export function openScanner(spec: ScannerSpec, factory: ScannerFactory, onScan: (data: string, scannerId: string) => void) {
  const address = `${spec.driver}:${spec.path}`;
  const tracker = trackConnection(spec.scannerId);
  let driver: ScannerDriver | null = null;
  try {
    driver = factory({ driver: spec.driver, path: spec.path, deviceId: spec.scannerId });
    driver.on((event) => {
      tracker.event(event);
      if (event.kind === 'scan') onScan(event.data, spec.scannerId);
    });
  } catch (error) {
    tracker.fail((error as Error).message);
  }
  return {
    spec,
    address,
    line: tracker.line,
    onChange: tracker.onChange,
    start(): void {
      void driver?.start();
    },
    async close(): Promise<void> {
      await driver?.close();
    },
  };
}
export type StationScanner = ReturnType<typeof openScanner>;

/**
 * The station's balances behind the one-balance face the classic commands and the Weigh screen use:
 * that face is the balance chosen for the current step (the first one until a step chooses).
 */
export function balanceSet(balances: readonly StationBalance[]): { active: StationBalance; select(balanceId: string): boolean; onSwitch(listener: () => void): () => void } {
  const first = balances[0];
  if (!first) throw new Error('balanceSet needs at least one balance');
  let current: StationBalance = first;
  const switchListeners = new Set<() => void>();
  const active: StationBalance = {
    get spec() {
      return current.spec;
    },
    get address() {
      return current.address;
    },
    start: () => balances.forEach((b) => b.start()),
    status: () => current.status(),
    weight: () => current.weight(),
    latestStable: (nowMs, maxAgeMs) => current.latestStable(nowMs, maxAgeMs),
    driver: () => current.driver(),
    onWeight(listener) {
      const offs = balances.map((b) => b.onWeight((view) => b === current && listener(view)));
      return () => offs.forEach((off) => off());
    },
    onStatus(listener) {
      const offs = balances.map((b) => b.onStatus((view) => b === current && listener(view)));
      return () => offs.forEach((off) => off());
    },
    close: async () => {
      await Promise.all(balances.map((b) => b.close()));
    },
  };
  return {
    active,
    select(balanceId) {
      const next = balances.find((b) => b.spec.balanceId === balanceId);
      if (!next) return false;
      if (next !== current) {
        current = next;
        for (const listener of switchListeners) listener();
      }
      return true;
    },
    onSwitch(listener) {
      switchListeners.add(listener);
      return () => switchListeners.delete(listener);
    },
  };
}
