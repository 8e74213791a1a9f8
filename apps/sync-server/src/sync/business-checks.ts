import type { FastifyInstance } from 'fastify';
import type { SignedRecord } from '@lineside/sync-protocol';
import { BASELINE, type MasterEntity } from '../db/master-data.js';
import { donePendingChecks, pendingChecks, recordsInRange, setFlags } from '../db/records.js';
import type { Db } from '../db/types.js';
import { authorityFlags, AUTHORITY_FLAG_CODES, usersOf } from './authority.js';
import { CentralHistory } from './central-history.js';
import { applyKioskLotHolds } from './kiosk-holds.js';
import { applyKioskLockouts } from './kiosk-lockouts.js';
import { factsOf } from './record-facts.js';
import { loadOrderFindings, orderFlags, type OrderFindings } from './order-checks.js';
import type { StoredNew } from './push.js';

export const FLAG_CODES = [
  'UNKNOWN_EQUIPMENT',
  'CAL_INVALID_AT_USE',
  'CONSUMED_HELD_LOT',
  'STALE_RECIPE',
  'ORDER_CANCELLED',
  'SIGNER_NOT_AUTHORIZED',
  'CLOCK_SKEW',
  'LATE_ARRIVAL',
  // what the kiosk decided itself but a reviewer must see (review by exception)
  'ROUTINE_TEST_FAILED',
  'TOLERANCE_OVERRIDDEN',
  'FEFO_OVERRIDDEN',
  'DEVIATION_OPENED',
  'DEVIATION_OPEN_AT_COMPLETION',
  'DUPLICATE_WEIGHING',
  // authority re-checked centrally (issue 9 §2): such a record has no central effect
  'UNAUTHORISED_ACT',
  'SAME_PERSON_TWICE',
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

export interface RecordFlag {
  readonly code: FlagCode;
  /** Plain words for the supervisor's page. */
  readonly message: string;
}

/** Beyond this a kiosk clock is not trusted (SYNC.md §3: Actual's 5-minute bound). */
export const CLOCK_SKEW_LIMIT_MS = 5 * 60_000;
/** Offline grace of a kiosk whose station row is missing (SYNC.md §4.2, the plant's default). */
export const DEFAULT_OFFLINE_GRACE_HOURS = 72;

export interface CheckContext {
  readonly history: CentralHistory;
  /** Server time the batch was received, ISO UTC. */
  readonly receivedAt: string;
  readonly offlineGraceHours: number;
  /** Order-level findings (open deviations at completion, duplicate weighings) of this batch's orders. */
  readonly orders?: OrderFindings;
}

function equipmentOf(record: SignedRecord): string | undefined {
  return factsOf(record).equipmentUsed;
}

function userOf(record: SignedRecord): string | undefined {
  return record.actor.kind === 'user' ? record.actor.userId : undefined;
}

/** The recipe an order was started on, else masterRefs.recipe as `"<id>@<version>"` or `{ id, version }`. */
function recipeRefOf(record: SignedRecord): { id: string; version: number } | undefined {
  const run = factsOf(record).recipeRun;
  if (run) return run;
  const ref = record.masterRefs?.['recipe'];
  if (typeof ref === 'string') {
    const match = /^(.+)@(\d+)$/.exec(ref);
    return match ? { id: match[1]!, version: Number(match[2]) } : undefined;
  }
  if (ref && typeof ref === 'object' && !Array.isArray(ref) && typeof ref['id'] === 'string' && typeof ref['version'] === 'number') return { id: ref['id'], version: ref['version'] };
  return undefined;
}

const minutes = (ms: number) => `${Math.round(Math.abs(ms) / 60_000)} min`;
const since = (changedAt: string | undefined) => (changedAt === undefined || changedAt === BASELINE ? '' : `, since ${changedAt}`);

/**
 * What the kiosk could not know when it acted (SYNC.md §4.2), judged against what was true centrally
 * at the record's time. These never refuse a record; they flag it for review.
 */
export function flagsFor(record: SignedRecord, context: CheckContext): RecordFlag[] {
  const flags: RecordFlag[] = [];
  const { history } = context;
  const occurredMs = Date.parse(record.occurredAt);
  // The kiosk's own time, in UTC, to compare with the server's history; invalid stays unflagged by history.
  const at = Number.isNaN(occurredMs) ? context.receivedAt : new Date(occurredMs).toISOString();

  const equipmentId = equipmentOf(record);
  if (equipmentId !== undefined) {
    if (!history.at('equipment', equipmentId, at)) {
      flags.push({ code: 'UNKNOWN_EQUIPMENT', message: `Equipment ${equipmentId} was not in the equipment register when used` });
    } else {
      const certificates = history.allAt('calibration', at).filter((c) => c['equipmentId'] === equipmentId);
      const latest = certificates.reduce<(typeof certificates)[number] | undefined>((best, c) => (!best || String(c['calibratedOn']) > String(best['calibratedOn']) ? c : best), undefined);
      // occurredAt is the kiosk's local time with its offset: its date part is the plant's calendar date.
      const usedOn = record.occurredAt.slice(0, 10);
      if (!latest) flags.push({ code: 'CAL_INVALID_AT_USE', message: `Equipment ${equipmentId} had no calibration certificate centrally when used on ${usedOn}` });
      else if (typeof latest['dueOn'] === 'string' && usedOn > latest['dueOn']) {
        flags.push({ code: 'CAL_INVALID_AT_USE', message: `Equipment ${equipmentId} was used on ${usedOn} but its calibration was due ${latest['dueOn']}` });
      }
    }
  }

  const lotId = factsOf(record).lotConsumed;
  if (lotId !== undefined) {
    const lot = history.at('lot', lotId, at);
    if (lot?.['status'] === 'on-hold') {
      const why = typeof lot['statusReason'] === 'string' ? ` (${lot['statusReason']})` : '';
      flags.push({ code: 'CONSUMED_HELD_LOT', message: `Lot ${lotId} was on hold centrally when used${why}${since(history.changedAt('lot', lotId, at))}` });
    }
  }

  const recipe = recipeRefOf(record);
  if (recipe) {
    // Approved and in effect on the record's plant day: a version approved to start next week is not stale-making yet.
    const day = record.occurredAt.slice(0, 10);
    const effective = history
      .allAt('recipe', at)
      .filter((r) => r['id'] === recipe.id && r['status'] === 'approved' && typeof r['version'] === 'number' && !(typeof r['effectiveFrom'] === 'string' && r['effectiveFrom'] > day))
      .reduce((max, r) => Math.max(max, r['version'] as number), 0);
    if (effective > recipe.version) {
      flags.push({ code: 'STALE_RECIPE', message: `Recipe ${recipe.id} version ${recipe.version} was used, but version ${effective} was in effect centrally at that time` });
    }
  }

  const cancelled = cancelledOrderOf(record, history, context.receivedAt);
  if (cancelled) flags.push(cancelled);

  const userId = userOf(record);
  if (userId !== undefined) {
    const user = history.at('user', userId, at);
    if (user?.['active'] === false) {
      flags.push({ code: 'SIGNER_NOT_AUTHORIZED', message: `User ${userId} signed this while deactivated centrally${since(history.changedAt('user', userId, at))}` });
    }
  }

  flags.push(...reviewFlags(record), ...authorityFlags(record, history, at));
  if (context.orders) flags.push(...orderFlags(record, context.orders));

  const receivedMs = Date.parse(context.receivedAt);
  if (!Number.isNaN(occurredMs)) {
    const ahead = occurredMs - receivedMs;
    if (ahead > CLOCK_SKEW_LIMIT_MS) {
      flags.push({ code: 'CLOCK_SKEW', message: `Kiosk time ${record.occurredAt} is ${minutes(ahead)} after the server received the record: the kiosk clock runs ahead` });
    }
    const lastSync = record.time.lastSync;
    if (lastSync && Math.abs(lastSync.offsetMs) > CLOCK_SKEW_LIMIT_MS) {
      flags.push({ code: 'CLOCK_SKEW', message: `Kiosk clock was ${minutes(lastSync.offsetMs)} ${lastSync.offsetMs > 0 ? 'behind' : 'ahead of'} server time at its last sync (${lastSync.serverTime})` });
    } else if (lastSync) {
      // Corrected by the offset it measured, the record cannot precede the sync it says came before it.
      const before = Date.parse(lastSync.serverTime) - (occurredMs + lastSync.offsetMs);
      if (before > CLOCK_SKEW_LIMIT_MS) flags.push({ code: 'CLOCK_SKEW', message: `Kiosk time ${record.occurredAt} is ${minutes(before)} before its own last sync (${lastSync.serverTime}): the kiosk clock was set back` });
    }
    const lateMs = receivedMs - occurredMs;
    if (lateMs > context.offlineGraceHours * 3_600_000) {
      flags.push({ code: 'LATE_ARRIVAL', message: `Arrived ${Math.floor(lateMs / 3_600_000)} h after it was recorded, beyond the station's offline grace of ${context.offlineGraceHours} h` });
    }
  }
  return flags;
}

/**
 * An order started at a kiosk that is cancelled centrally when its start arrives: cancelled before the kiosk
 * pulled it, or after the kiosk started it offline but before any of its records reached the server (the
 * server refuses a cancel only once it holds a record of the order). Either way the batch ran on a cancelled order.
 */
function cancelledOrderOf(record: SignedRecord, history: CentralHistory, receivedAt: string): RecordFlag | undefined {
  const orderId = record.type === 'order.order-started' ? record.subject?.['order'] : undefined;
  if (typeof orderId !== 'string') return undefined;
  const order = history.at('order', orderId, receivedAt);
  if (order?.['status'] !== 'cancelled') return undefined;
  return { code: 'ORDER_CANCELLED', message: `Order ${orderId} was started at ${record.occurredAt} but is cancelled centrally (${String(order['statusReason'] ?? 'no reason')})${since(history.changedAt('order', orderId, receivedAt))}` };
}

/** Acts the kiosk allowed by its own rules that a reviewer must still see. */
function reviewFlags(record: SignedRecord): RecordFlag[] {
  const p = record.payload as Record<string, unknown> & { signature?: { printedName?: string }; fefoOverride?: { reason?: string; firstExpiryLotId?: string; signature?: { printedName?: string } } };
  switch (record.type) {
    case 'equipment.routine-test-failed':
      return [{ code: 'ROUTINE_TEST_FAILED', message: `Routine test ${String(p['test'])} of ${String(p['equipmentId'])} failed (performed by ${String(p['performedBy'])}): the instrument was put on hold at the kiosk` }];
    case 'order.tolerance-overridden':
      return [{ code: 'TOLERANCE_OVERRIDDEN', message: `Step ${String(p['stepId'])} of order ${String(p['orderId'])} completed ${String(p['toleranceState'])} tolerance (${String(p['dispensed'])}) on the override of ${p.signature?.printedName ?? 'a second person'}: ${String(p['reason'])}` }];
    case 'order.lot-scanned':
      return p.fefoOverride
        ? [{ code: 'FEFO_OVERRIDDEN', message: `Lot ${String(p['lotId'])} was used before ${String(p.fefoOverride.firstExpiryLotId)} (first expiry) on the override of ${p.fefoOverride.signature?.printedName ?? 'a second person'}: ${String(p.fefoOverride.reason)}` }]
        : [];
    case 'order.deviation-opened':
    case 'deviation.deviation-opened':
      return p['severity'] === 'high' || p['severity'] === 'critical'
        ? [{ code: 'DEVIATION_OPENED', message: `A ${String(p['severity'])} deviation was opened${typeof p['orderId'] === 'string' ? ` on order ${p['orderId']}` : ''}: ${String(p['title'])}` }]
        : [];
    default:
      return [];
  }
}

/** The history the checks of these records need, in one query. */
export async function loadHistory(db: Db, records: readonly SignedRecord[]): Promise<CentralHistory> {
  const byId = new Map<MasterEntity, Set<string>>([
    ['equipment', new Set()],
    ['lot', new Set()],
    ['user', new Set()],
    ['order', new Set()],
  ]);
  for (const record of records) {
    const equipment = equipmentOf(record);
    if (equipment !== undefined) byId.get('equipment')!.add(equipment);
    const lot = factsOf(record).lotConsumed;
    if (lot !== undefined) byId.get('lot')!.add(lot);
    for (const user of usersOf(record)) byId.get('user')!.add(user);
    const order = record.type === 'order.order-started' ? record.subject?.['order'] : undefined;
    if (typeof order === 'string') byId.get('order')!.add(order);
  }
  return CentralHistory.load(db, byId, ['calibration', 'recipe', 'settings']);
}

async function offlineGraceOf(db: Db, kioskId: string): Promise<number> {
  const row = await db.selectFrom('stations').select('offline_grace_hours').where('kiosk_id', '=', kioskId).executeTakeFirst();
  return row ? Number(row.offline_grace_hours) : DEFAULT_OFFLINE_GRACE_HOURS;
}

/** Checks the records of one key's chain received together, then marks their batch checked. */
async function checkRecords(app: FastifyInstance, records: readonly SignedRecord[], receivedAt: string): Promise<void> {
  const db = app.db;
  const kioskId = records[0]!.kioskId;
  const context: CheckContext = { history: await loadHistory(db, records), receivedAt, offlineGraceHours: await offlineGraceOf(db, kioskId), orders: await loadOrderFindings(db, records) };
  const effective: SignedRecord[] = [];
  for (const record of records) {
    const flags = flagsFor(record, context);
    if (flags.length > 0) await setFlags(db, record.keyId, record.seq, flags);
    // It happened, so it is kept; but an act its user was not allowed to do changes nothing centrally.
    if (!flags.some((f) => (AUTHORITY_FLAG_CODES as readonly string[]).includes(f.code))) effective.push(record);
  }
  await applyKioskLotHolds(app, effective);
  await applyKioskLockouts(app, effective);
  await donePendingChecks(db, records[0]!.keyId, records[0]!.seq);
}

/** Runs after commit; a failure here is logged and never undoes or refuses the accepted push (the sweep retries). */
export async function afterCommitChecks(app: FastifyInstance, stored: readonly StoredNew[], receivedAt: string): Promise<void> {
  if (stored.length === 0) return;
  try {
    await checkRecords(
      app,
      stored.map((s) => s.record),
      receivedAt,
    );
  } catch (error) {
    app.log.error({ err: error, kioskId: stored[0]!.record.kioskId, keyId: stored[0]!.record.keyId, fromSeq: stored[0]!.record.seq }, 'business checks failed after commit; the records stay accepted and the sweep will check them');
  }
}

/**
 * Checks the batches whose checks were left undone — the server stopped between a push's commit and
 * its checks, or the checks failed — each with its own arrival time. Checking is deterministic (it asks
 * what was true centrally at each record's time), so two server processes sweeping at once write the
 * same flags. Returns how many records it checked.
 */
export async function sweepPendingChecks(app: FastifyInstance, pageSize = 100): Promise<number> {
  const db = app.db;
  let checked = 0;
  for (;;) {
    const batches = await pendingChecks(db, pageSize);
    for (const batch of batches) {
      const rows = await recordsInRange(db, batch.key_id, Number(batch.from_seq), Number(batch.to_seq));
      if (rows.length === 0) {
        await donePendingChecks(db, batch.key_id, Number(batch.from_seq));
        continue;
      }
      await checkRecords(
        app,
        rows.map((row) => JSON.parse(row.envelope) as SignedRecord),
        batch.received_at,
      );
      checked += rows.length;
    }
    if (batches.length < pageSize) return checked;
  }
}
