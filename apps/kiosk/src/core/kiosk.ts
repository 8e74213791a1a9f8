import { readFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { randomInt } from 'node:crypto';
import type { CommandName, EventName, KioskCommands, KioskEvents, KioskState } from '../shared/api.js';
import { realBalanceFactory, type BalanceFactory } from './balance-contract.js';
import { createPhMeterDriver, createScannerDriver, type BalanceDriverName } from '@lineside/device-drivers';
import { newBootId, systemClock, type Clock } from './clock.js';
import { createClockWatch } from './clock-watch.js';
import { checkCommand } from './command-requests.js';
import { createCommands, type CommandHandlers } from './commands.js';
import { balanceSet, openBalance, openPhMeter, openScanner, type BalanceSpec, type PhMeterFactory, type PhMeterSpec, type PrinterSpec, type ScannerFactory, type ScannerSpec, type StationBalance, type StationPhMeter, type StationScanner } from './devices.js';
import { openPrinter } from './printer.js';
import { createExecutionHandlers, createScanRouter, type ScanOutcome } from './execution/handlers.js';
import { lockDataFolder } from './data-folder-lock.js';
import { loadOrCreateKey, type KioskKey } from './keys.js';
import { createLog, type KioskLog } from './log.js';
import { openDatabase, type Db } from './store/db.js';
import { identityTable } from './store/identity.js';
import { masterDataTable } from './store/master-data.js';
import { recordsTable } from './store/records.js';
import { syncStateTable } from './store/sync-state.js';
import type { BackoffPolicy } from './sync/backoff.js';
import { createSyncClient, type SyncClient } from './sync/client.js';
import { createKioskMasterData, type KioskMasterData } from './sync/master-data.js';
import { createServerApi } from './sync/server-api.js';
import type { MasterData } from '@lineside/domain';
import { uuidv7 } from '@lineside/sync-protocol/node';
import { createExecution, type Execution } from './execution/execution.js';
import type { CredentialVerifiers } from './store/master-data.js';

export const DB_FILE = 'kiosk.sqlite';

export interface KioskCoreOptions {
  readonly dataDir: string;
  readonly serverUrl: string;
  readonly balance?: { readonly driver: BalanceDriverName; readonly path: string; readonly balanceId: string };
  /** Several balances; `balance` is the same as a list of one. */
  readonly balances?: readonly BalanceSpec[];
  readonly phMeters?: readonly PhMeterSpec[];
  readonly scanners?: readonly ScannerSpec[];
  /** The station's ZPL label printer (issue 13). */
  readonly printer?: PrinterSpec | null;
  readonly phMeterFactory?: PhMeterFactory;
  readonly scannerFactory?: ScannerFactory;
  readonly enrollCode?: string;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly balanceFactory?: BalanceFactory;
  readonly sync?: { backoff?: BackoffPolicy; approvalPollMs?: number; idlePollMs?: number; haltedPollMs?: number; batchLimits?: { maxRecords: number; maxBytes: number }; masterPollMs?: number; masterPageLimit?: number };
  /** Check the wall clock against the monotonic one this often (ms). */
  readonly clockCheckMs?: number;
  /** Batch execution: auto-lock after inactivity; master data and verifiers default to what was pulled. */
  readonly execution?: {
    readonly autoLockMs?: number;
    readonly masterData?: () => MasterData | null;
    readonly masterRefreshedAt?: () => string | null;
    readonly verifiers?: (userId: string) => CredentialVerifiers | null;
  };
}

export type CoreEventListener = <E extends EventName>(event: E, data: KioskEvents[E]) => void;

export interface KioskCore {
  readonly appVersion: string;
  readonly dataDir: string;
  readonly key: Pick<KioskKey, 'publicKey' | 'fingerprint' | 'file' | 'created'>;
  readonly db: Db;
  readonly log: KioskLog;
  readonly sync: SyncClient;
  /** Master data as last pulled from the server, and the station's offline grace. */
  readonly masterData: KioskMasterData;
  /** The balance the Weigh screen shows: the one chosen for the current step, else the first. */
  readonly balance: StationBalance | null;
  readonly balances: readonly StationBalance[];
  readonly phMeters: readonly StationPhMeter[];
  readonly scanners: readonly StationScanner[];
  /** Each hardware scan's fate (accepted for a step, or why not), for the kiosk's output. */
  onScan(listener: (outcome: ScanOutcome & { scannerId: string }) => void): () => void;
  /** Orders, steps, scans, weighings and e-signatures, folded from the log. */
  readonly execution: Execution;
  readonly commands: CommandHandlers;
  /** A command from inside the core's own process, typed (tests, the bin). */
  dispatch<K extends CommandName>(command: K, request: KioskCommands[K]['request']): Promise<KioskCommands[K]['response']>;
  /**
   * The one entry of every transport (HTTP, WebSocket, Electron utility process): a command as it came off
   * the wire, checked against its request schema before any handler runs. A wrong request is answered
   * `invalid-request`, an unknown name `unknown-command`, naming the command, the JSON path and why.
   */
  receive(command: unknown, request: unknown): Promise<unknown>;
  on(listener: CoreEventListener): () => void;
  close(): Promise<void>;
}

export function readAppVersion(): string {
  // Same relative place from src/core (tests) and dist/core (run time).
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/** Opens the store and key, the balance and the sync loop: the whole kiosk minus any UI transport. */
export async function startKioskCore(options: KioskCoreOptions): Promise<{ ok: true; core: KioskCore } | { ok: false; code: string; message: string }> {
  const clock = options.clock ?? systemClock;
  const appVersion = readAppVersion();
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  // Before the database opens: a second process on this folder must not touch the chain at all.
  const locked = lockDataFolder(options.dataDir);
  if (!locked.ok) return locked;
  const dataLock = locked.lock;
  let db: Db;
  try {
    db = openDatabase(path.join(options.dataDir, DB_FILE));
  } catch (error) {
    dataLock.release();
    throw error;
  }
  const records = recordsTable(db);
  const identity = identityTable(db);
  const syncState = syncStateTable(db);
  const masterTable = masterDataTable(db);
  const enrolled = identity.get();
  const loaded = loadOrCreateKey(options.dataDir, enrolled !== null);
  if (!loaded.ok) {
    db.close();
    dataLock.release();
    return loaded;
  }
  const key = loaded.key;
  if (enrolled && enrolled.publicKey !== key.publicKey) {
    db.close();
    dataLock.release();
    return { ok: false, code: 'key-mismatch', message: `kiosk key ${key.file} (fingerprint ${key.fingerprint}) is not the key enrolled as ${enrolled.keyId}: restore the original key file` };
  }

  const log = createLog({ db, records, identity, syncState, key, clock, clockWatch: createClockWatch(clock), bootId: newBootId(), appVersion });
  const api = createServerApi({ baseUrl: options.serverUrl, wallMs: () => clock.wallMs() });
  const sync = createSyncClient({
    api,
    records,
    identity,
    syncState,
    key,
    clock,
    random: options.random ?? (() => randomInt(0, 1_000_000) / 1_000_000),
    appVersion,
    hostname: hostname(),
    ...(options.enrollCode ? { enrollCode: options.enrollCode } : {}),
    masterData: masterTable,
    ...options.sync,
  });
  const masterData = createKioskMasterData(masterTable, identity);

  const nowIso = () => new Date(clock.wallMs()).toISOString();
  const balanceSpecs = [...(options.balance ? [options.balance] : []), ...(options.balances ?? [])];
  const balances = balanceSpecs.map((spec) => openBalance(spec, options.balanceFactory ?? realBalanceFactory, nowIso));
  const station = balances.length > 0 ? balanceSet(balances) : null;
  const balance: StationBalance | null = station?.active ?? null;
  const phMeters = (options.phMeters ?? []).map((spec) => openPhMeter(spec, options.phMeterFactory ?? ((o) => createPhMeterDriver(o))));
  const printer = options.printer ? openPrinter(options.printer) : null;
  const execution = createExecution({
    printer: () => printer,
    db,
    log,
    clock,
    newId: () => uuidv7(clock.wallMs()),
    masterData: options.execution?.masterData ?? (() => masterData.snapshot()),
    masterRefreshedAt: options.execution?.masterRefreshedAt ?? (() => masterData.lastRefreshAt()),
    stationId: () => identity.get()?.stationId ?? null,
    keyId: () => identity.get()?.keyId ?? null,
    verifiers: options.execution?.verifiers ?? ((userId) => masterData.verifiers(userId)),
    ...(options.execution?.autoLockMs !== undefined ? { autoLockMs: options.execution.autoLockMs } : {}),
  });
  const wallMs = () => clock.wallMs();
  const taredHere = new Map<string, { value: string; unit: string }>();
  const base = createCommands({ appVersion, log, records, identity, syncState, key, balance, sync, wallMs, execution });
  // A tare or zero from the free-weighing screen changes the balance's tare memory behind the steps' back.
  const forgetTare = async <T extends { ok: boolean }>(result: Promise<T>): Promise<T> => {
    const id = balance?.spec.balanceId;
    const value = await result;
    if (id) taredHere.delete(id);
    return value;
  };
  const commands: CommandHandlers = {
    ...base,
    tare: (r) => forgetTare(base.tare(r)),
    zero: (r) => forgetTare(base.zero(r)),
    // Execution commands that read an instrument see all of the station's balances and pH meters.
    ...createExecutionHandlers(execution, balance, wallMs, { balances, phMeters, taredHere, onBalanceSelected: (id) => station?.select(id) }),
  };
  const scanListeners = new Set<(outcome: ScanOutcome & { scannerId: string }) => void>();
  const routeScan = createScanRouter(execution);
  const scanners = (options.scanners ?? []).map((spec) =>
    openScanner(spec, options.scannerFactory ?? ((o) => createScannerDriver(o)), (data, scannerId) => {
      void routeScan(data).then((outcome) => {
        for (const listener of scanListeners) listener({ ...outcome, scannerId });
        // The screen shows a refused scan's reason; an accepted one also arrives as its record.
        emit('scan', { ...outcome, scannerId, scan: data });
      });
    }),
  );

  const listeners = new Set<CoreEventListener>();
  const emit: CoreEventListener = (event, data) => {
    for (const listener of listeners) listener(event, data);
  };
  // Set first thing in close(): no state is read from the database once it starts to shut.
  let closed = false;
  // One full state at a time: a burst of appends asks for it again only after the last one was sent.
  let stateQueued = false;
  const emitState = () => {
    if (stateQueued || closed) return;
    stateQueued = true;
    setImmediate(() => {
      stateQueued = false;
      // close() may have begun (and closed the database) between the request and this turn.
      if (closed) return;
      // getState reads synchronously; a failure here must not become an uncaught exception in a timer.
      let pending: Promise<KioskState>;
      try {
        pending = commands.getState({});
      } catch (error) {
        pending = Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      pending.then(
        (state) => emit('state', state),
        (error: unknown) => {
          if (!closed) process.stderr.write(`kiosk: could not read the state to push to the screen: ${error instanceof Error ? error.message : String(error)}\n`);
        },
      );
    });
  };
  balance?.onWeight((view) => emit('weight', view));
  balance?.onStatus((view) => emit('device-status', view));
  // Another balance chosen: the screen's weight and device line are now that balance's.
  station?.onSwitch(() => {
    if (balance) emit('device-status', balance.status());
    emitState();
  });
  let lastAcked = syncState.get().ackedSeq;
  let lastMasterVersion = masterData.snapshot()?.version ?? 0;
  sync.onStatus((view) => {
    emit('sync-status', view);
    // A pull may carry a central unlock: the kiosk records it for its own lockouts at once.
    if ((view.masterDataVersion ?? 0) !== lastMasterVersion) {
      lastMasterVersion = view.masterDataVersion ?? 0;
      execution.applyCentralUnlocks();
    }
    if (view.ackedSeq !== lastAcked) {
      lastAcked = view.ackedSeq;
      emitState();
    }
  });
  log.onAppend((appended) => {
    emit('record-appended', { seq: appended.seq, id: appended.id, hash: appended.hash, type: appended.record.type, occurredAt: appended.record.occurredAt });
    sync.wake();
    emitState();
  });

  // Instruments the log left running or in setup (a crash, a kill, a power cut) are idle from this start.
  execution.idleAfterRestart();

  const clockTimer = setInterval(() => log.checkClock(), options.clockCheckMs ?? 1_000);
  balance?.start();
  for (const meter of phMeters) meter.start();
  for (const scanner of scanners) scanner.start();
  void printer?.start();
  sync.start();

  function receive(command: unknown, request: unknown): Promise<unknown> {
    const checked = checkCommand(command, request);
    return checked.ok ? run(commands, checked.command, checked.request) : Promise.resolve(checked);
  }

  const core: KioskCore = {
    appVersion,
    dataDir: options.dataDir,
    key: { publicKey: key.publicKey, fingerprint: key.fingerprint, file: key.file, created: key.created },
    db,
    log,
    sync,
    masterData,
    balance,
    balances,
    phMeters,
    scanners,
    onScan(listener) {
      scanListeners.add(listener);
      return () => scanListeners.delete(listener);
    },
    execution,
    commands,
    dispatch: (command, request) => run(commands, command, request),
    receive,
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(clockTimer);
      listeners.clear();
      scanListeners.clear();
      await balance?.close();
      await Promise.all([...phMeters.map((m) => m.close()), ...scanners.map((s) => s.close()), printer?.close()]);
      await sync.stop();
      db.close();
      dataLock.release();
    },
  };
  return { ok: true, core };
}

/** Runs a checked command on its handler. */
function run<K extends CommandName>(handlers: CommandHandlers, command: K, request: KioskCommands[K]['request']): Promise<KioskCommands[K]['response']> {
  return handlers[command](request);
}
