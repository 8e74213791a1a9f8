import type { AcceptWeightResult, DeviceCommandResult, KioskCommands, KioskState } from '../shared/api.js';
import { takeStableReading, type StationBalance } from './devices.js';
import type { KioskLog } from './log.js';
import type { KioskKey } from './keys.js';
import type { IdentityTable } from './store/identity.js';
import type { RecordsTable } from './store/records.js';
import type { SyncStateTable } from './store/sync-state.js';
import type { SyncClient } from './sync/client.js';
import { toAcceptedWeighing, weighingDraft, WEIGHING_RECORDED } from './weighings.js';
import type { Execution } from './execution/execution.js';
import { createExecutionHandlers } from './execution/handlers.js';

export interface CommandDeps {
  readonly appVersion: string;
  readonly log: KioskLog;
  readonly records: RecordsTable;
  readonly identity: IdentityTable;
  readonly syncState: SyncStateTable;
  readonly key: KioskKey;
  readonly balance: StationBalance | null;
  readonly sync: SyncClient;
  readonly wallMs: () => number;
  /** Batch execution (issue 5); without it those commands answer with a refusal. */
  readonly execution?: Execution;
}

export const RECENT_WEIGHINGS = 10;

export type CommandHandlers = { [K in keyof KioskCommands]: (request: KioskCommands[K]['request']) => Promise<KioskCommands[K]['response']> };

/** The core's side of KioskApi: every transport dispatches here. */
export function createCommands(deps: CommandDeps): CommandHandlers {
  function state(): KioskState {
    const identity = deps.identity.get();
    const ackedSeq = deps.syncState.get().ackedSeq;
    return {
      appVersion: deps.appVersion,
      identity: identity ? { kioskId: identity.kioskId, keyId: identity.keyId, stationId: identity.stationId, keyFingerprint: deps.key.fingerprint } : null,
      keyFingerprint: deps.key.fingerprint,
      weight: deps.balance?.weight() ?? null,
      device: deps.balance?.status() ?? null,
      sync: deps.sync.status(),
      recentWeighings: deps.records.lastOfType(WEIGHING_RECORDED, RECENT_WEIGHINGS).map((r) => toAcceptedWeighing(r, ackedSeq)),
    };
  }

  function noBalance(): { ok: false; code: string; message: string } {
    return { ok: false, code: 'no-balance', message: 'no balance is configured for this kiosk: start it with --balance <driver>:<port> --balance-id <id>' };
  }

  return {
    ...createExecutionHandlers(deps.execution ?? null, deps.balance, deps.wallMs),
    getState: () => Promise.resolve(state()),

    async acceptWeight(request): Promise<AcceptWeightResult> {
      const balance = deps.balance;
      if (!balance) return noBalance();
      if (!deps.identity.get()) {
        return { ok: false, code: 'not-enrolled', message: 'this kiosk is not enrolled yet, so it cannot sign records: start it with --enroll-code <code> from an admin' };
      }
      const taken = await takeStableReading(balance, deps.wallMs(), request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {});
      if (!taken.ok) return taken;
      const reading = taken.reading;
      if (!reading.stable) return { ok: false, code: 'unstable', message: `${balance.spec.balanceId}: the reading ${reading.value.text} ${reading.unit} is not stable` };
      // One gate for every weighing (issue 8 §1): a person logged in, the balance usable under the same rules as a dispense.
      if (!deps.execution) return { ok: false, code: 'not-logged-in', message: 'Free weighing needs the plant’s master data and a logged-in user: this kiosk runs without batch execution' };
      const checked = deps.execution.checkFreeWeighing(balance.spec.balanceId, { value: reading.value.text, unit: reading.unit, stable: reading.stable });
      if (!checked.ok) return checked;
      const result = deps.log.append(weighingDraft(reading, balance.spec.balanceId, checked.actor, checked.calibration));
      if (!result.ok) return result;
      deps.sync.wake();
      const stored = deps.records.bySeq(result.appended.seq);
      if (!stored) throw new Error(`record seq ${result.appended.seq} vanished right after its commit`);
      return { ok: true, seq: result.appended.seq, id: result.appended.id, hash: result.appended.hash, weighing: toAcceptedWeighing(stored, deps.syncState.get().ackedSeq) };
    },

    async tare(): Promise<DeviceCommandResult> {
      const driver = deps.balance?.driver();
      if (!deps.balance) return noBalance();
      if (!driver) return { ok: false, code: 'balance-unavailable', message: deps.balance.status().problem ?? `${deps.balance.spec.balanceId} is not available` };
      const result = await driver.tare();
      return result.ok ? { ok: true } : { ok: false, code: result.code, message: `${deps.balance.spec.balanceId}: ${result.message}` };
    },

    async zero(): Promise<DeviceCommandResult> {
      const driver = deps.balance?.driver();
      if (!deps.balance) return noBalance();
      if (!driver) return { ok: false, code: 'balance-unavailable', message: deps.balance.status().problem ?? `${deps.balance.spec.balanceId} is not available` };
      const result = await driver.zero();
      return result.ok ? { ok: true } : { ok: false, code: result.code, message: `${deps.balance.spec.balanceId}: ${result.message}` };
    },
  };
}
