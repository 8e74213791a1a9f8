import type { KeyObject } from 'node:crypto';
import { sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { AUDIT_ENTRY_VERSION, GENESIS_HASH, type JsonValue, type SignedAuditEntry } from '@lineside/sync-protocol';
import { importPublicKey, signAuditEntry, verifyAuditChain } from '@lineside/sync-protocol/node';
import type { AuditTable } from './schema.js';
import type { Db } from './types.js';

/**
 * The server key that signs audit entries, carried by the database handle itself (a Kysely plugin that
 * changes no query): every appendAudit(db | trx, …) caller gets its entry signed without passing a key,
 * and a transaction opened on the handle carries it too.
 */
export class AuditSigner implements KyselyPlugin {
  constructor(readonly key: { readonly keyId: string; readonly privateKey: KeyObject }) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

function signerOf(db: Db): AuditSigner {
  const signer = db.getExecutor().plugins.find((p): p is AuditSigner => p instanceof AuditSigner);
  if (!signer) throw new Error('the audit log is signed by the server key: open the database through the app (plugins/database.ts), whose handle carries it');
  return signer;
}

export interface AuditInput {
  at: string;
  actor: string;
  action: string;
  target: string;
  reason?: string | null;
  details?: unknown;
}

/**
 * Appends one entry to the server's signed, hash-chained audit log. Moving the head first (UPDATE …
 * RETURNING) locks it until the caller's transaction ends, so concurrent appends on PostgreSQL — from one
 * process or several — queue behind each other and each links to the entry committed before it.
 */
export async function appendAudit(db: Db, entry: AuditInput): Promise<void> {
  const signer = signerOf(db);
  if (!db.isTransaction) {
    await db.transaction().execute((trx) => appendAudit(trx, entry));
    return;
  }
  const head = await db
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  // Stored as JSON text; the hash covers exactly what reading that text gives back.
  const detailsText = JSON.stringify(entry.details ?? {});
  const signed = signAuditEntry(
    { v: AUDIT_ENTRY_VERSION, seq: Number(head.seq), prevHash: head.hash, at: entry.at, actor: entry.actor, action: entry.action, target: entry.target, reason: entry.reason ?? null, details: JSON.parse(detailsText) as JsonValue },
    signer.key,
  );
  await db
    .insertInto('audit_log')
    .values({ at: signed.at, actor: signed.actor, action: signed.action, target: signed.target, reason: signed.reason, details: detailsText, seq: signed.seq, prev_hash: signed.prevHash, hash: signed.hash, sig: signed.sig, signed_by: signed.serverKeyId })
    .execute();
  await db.updateTable('audit_head').set({ hash: signed.hash }).where('id', '=', 1).execute();
}

export function toSignedAuditEntry(row: Pick<AuditTable, 'at' | 'actor' | 'action' | 'target' | 'reason' | 'details' | 'seq' | 'prev_hash' | 'hash' | 'sig' | 'signed_by'>): SignedAuditEntry {
  return {
    v: AUDIT_ENTRY_VERSION,
    seq: Number(row.seq),
    prevHash: row.prev_hash ?? '',
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    reason: row.reason,
    details: JSON.parse(row.details) as JsonValue,
    hash: row.hash ?? '',
    serverKeyId: row.signed_by,
    sig: row.sig,
  };
}

export async function auditHead(db: Db): Promise<{ seq: number; hash: string; backfilledTo: number }> {
  const row = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  return { seq: Number(row.seq), hash: row.hash, backfilledTo: Number(row.backfilled_to) };
}

/**
 * Signs the entries migration 0110 chained but could not sign (the private key is not in the database),
 * once, at the first start after it; then records that it did, in the chain itself.
 */
export async function signBackfilledAudit(db: Db, at: string): Promise<number> {
  const signer = signerOf(db);
  return db.transaction().execute(async (trx) => {
    const { backfilledTo } = await auditHead(trx);
    const rows = await trx.selectFrom('audit_log').selectAll().where('sig', 'is', null).where('seq', '<=', backfilledTo).orderBy('seq').execute();
    for (const row of rows) {
      const signed = signAuditEntry(toSignedAuditEntry(row), signer.key);
      if (signed.hash !== row.hash) throw new Error(`audit entry seq ${row.seq} does not match the hash migration 0110 gave it: not signing an altered entry`);
      await trx.updateTable('audit_log').set({ sig: signed.sig, signed_by: signed.serverKeyId }).where('seq', '=', signed.seq).execute();
    }
    if (rows.length > 0) {
      await appendAudit(trx, { at, actor: 'server', action: 'audit.backfill-signed', target: 'audit-log', reason: 'entries written before the audit log was signed, chained by migration 0110 and signed at the next start', details: { fromSeq: Number(rows[0]!.seq), toSeq: Number(rows.at(-1)!.seq), serverKeyId: signer.key.keyId } });
    }
    return rows.length;
  });
}

export interface AuditFilter {
  readonly actor?: string;
  readonly action?: string;
  /** A target, or a target prefix ending in `/` or `*` (`user/*`). */
  readonly target?: string;
  readonly from?: string;
  readonly to?: string;
}

function filtered(db: Db, filter: AuditFilter) {
  let query = db.selectFrom('audit_log');
  if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
  if (filter.action !== undefined) query = filter.action.endsWith('*') ? query.where(startsWith('action', filter.action.slice(0, -1))) : query.where('action', '=', filter.action);
  if (filter.target !== undefined) query = filter.target.endsWith('*') ? query.where(startsWith('target', filter.target.slice(0, -1))) : query.where('target', '=', filter.target);
  if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('at', '<', filter.to);
  return query;
}

// substr, not LIKE: `_` and `%` are common in ids, and both engines count characters alike.
function startsWith(column: 'action' | 'target', prefix: string) {
  return sql<boolean>`substr(${sql.ref(column)}, 1, ${prefix.length}) = ${prefix}`;
}

/** Newest first, `limit` entries with seq below `beforeSeq` (or after skipping `offset`); and how many match in all. */
export async function listAudit(db: Db, filter: AuditFilter, page: { limit: number; beforeSeq?: number; offset?: number }): Promise<{ entries: SignedAuditEntry[]; total: number }> {
  let query = filtered(db, filter).selectAll();
  if (page.beforeSeq !== undefined) query = query.where('seq', '<', page.beforeSeq);
  const rows = await query.orderBy('seq', 'desc').limit(page.limit).offset(page.offset ?? 0).execute();
  const count = await filtered(db, filter).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { entries: rows.map(toSignedAuditEntry), total: Number(count.n) };
}

/** Every entry in chain order, read in pages so a long log never sits in memory twice. */
export async function* auditChainPages(db: Db, pageSize = 2000): AsyncGenerator<SignedAuditEntry[]> {
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
    if (rows.length === 0) return;
    yield rows.map(toSignedAuditEntry);
    after = Number(rows.at(-1)!.seq);
  }
}

/** The entries about the given targets (exact), in chain order. */
export async function auditEntriesFor(db: Db, targets: readonly string[]): Promise<SignedAuditEntry[]> {
  if (targets.length === 0) return [];
  const rows = await db.selectFrom('audit_log').selectAll().where('target', 'in', targets).orderBy('seq').execute();
  return rows.map(toSignedAuditEntry);
}

export type AuditVerification =
  | { readonly ok: true; readonly checked: number; readonly headSeq: number; readonly headHash: string }
  | { readonly ok: false; readonly checked: number; readonly headSeq: number; readonly headHash: string; readonly failedSeq: number; readonly problem: string; readonly message: string };

/**
 * The whole chain, from seq 1 to the head: every hash recomputed, every link and every signature checked
 * against the server keys the database names, and the head matches the last entry. Stops at the first failure.
 */
export async function verifyAuditLog(db: Db): Promise<AuditVerification> {
  const keys = new Map((await db.selectFrom('server_keys').select(['key_id', 'public_key']).execute()).map((k) => [k.key_id, importPublicKey(k.public_key)]));
  const head = await auditHead(db);
  let after = { seq: 0, hash: GENESIS_HASH };
  let checked = 0;
  for await (const page of auditChainPages(db)) {
    const result = verifyAuditChain(page, keys, after);
    checked += result.checked;
    if (!result.ok) return { ok: false, checked, headSeq: head.seq, headHash: head.hash, failedSeq: result.seq, problem: result.problem, message: result.message };
    after = result.head;
  }
  if (after.seq !== head.seq || after.hash !== head.hash) {
    return { ok: false, checked, headSeq: head.seq, headHash: head.hash, failedSeq: after.seq + 1, problem: 'broken-chain', message: `the audit log ends at seq ${after.seq}, but its head says seq ${head.seq}: entries after seq ${after.seq} are missing` };
  }
  return { ok: true, checked, headSeq: head.seq, headHash: head.hash };
}
