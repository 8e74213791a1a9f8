import { sql, type Migration } from 'kysely';
import type { Engine } from '../engine.js';

/**
 * Central review (issue 10). `records.order_id` names the order a record belongs to, so a batch record is
 * read by an index instead of a scan of every envelope; it is the server's annotation outside the signed
 * envelope (like `flags`), so the append-only triggers, which guard the signed columns, let it be set.
 * Existing rows are backfilled from their envelopes with the rule ingest uses (frozen here as it is today).
 * Review marks and review signatures are new append-only tables: a reopened review keeps its old
 * signature as history, and a mark applies to the exact exception it was given on (its fingerprint).
 */
export function review(engine: Engine): Migration {
  return {
    // db is Kysely<any> by design: a migration is frozen in time and must not follow today's row types.
    async up(db) {
      await db.schema.alterTable('records').addColumn('order_id', 'text').execute();
      await db.schema.createIndex('records_order').on('records').columns(['order_id', 'kiosk_id', 'key_id', 'seq']).execute();
      await backfillOrderIds(db);

      await db.schema
        .createTable('review_marks')
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('exception_id', 'text', (c) => c.notNull())
        .addColumn('exception_fingerprint', 'text', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('marked_by', 'text', (c) => c.notNull())
        .addColumn('printed_name', 'text', (c) => c.notNull())
        .addColumn('marked_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('review_marks_pk', ['order_id', 'exception_id', 'exception_fingerprint'])
        .execute();

      await db.schema
        .createTable('review_signatures')
        .addColumn('signature_id', 'text', (c) => c.primaryKey())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('meaning', 'text', (c) => c.notNull())
        .addColumn('signer_id', 'text', (c) => c.notNull())
        .addColumn('printed_name', 'text', (c) => c.notNull())
        .addColumn('signed_at', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('record_count', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('review_signatures_order').on('review_signatures').columns(['order_id', 'signed_at']).execute();

      for (const table of ['review_marks', 'review_signatures']) {
        if (engine === 'sqlite') {
          await sql.raw(`CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only: UPDATE refused'); END`).execute(db);
          await sql.raw(`CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only: DELETE refused'); END`).execute(db);
        } else {
          await sql.raw(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION lineside_append_only()`).execute(db);
        }
      }
    },
  };
}

interface Envelope {
  type: string;
  subject?: Record<string, string>;
  payload: Record<string, unknown>;
}

/** The ingest rule of review/order-of-record.ts as of migration 0100. */
function ownOrder(e: Envelope): { orderId: string } | { deviationId: string } | undefined {
  if (typeof e.type !== 'string' || typeof e.payload !== 'object' || e.payload === null) return undefined;
  if (e.type.startsWith('order.') && typeof e.subject?.['order'] === 'string') return { orderId: e.subject['order'] };
  const p = e.payload;
  if (e.type === 'deviation.deviation-opened' || e.type === 'deviation.deviation-closed' || e.type === 'deviation.deviation-signed') {
    if (e.type !== 'deviation.deviation-signed' && typeof p['orderId'] === 'string') return { orderId: p['orderId'] };
    return typeof p['deviationId'] === 'string' ? { deviationId: p['deviationId'] } : undefined;
  }
  if (e.type === 'hold.hold-placed' || e.type === 'hold.hold-released') {
    const target = p['target'] as { kind?: unknown; id?: unknown } | undefined;
    return target?.kind === 'order' && typeof target.id === 'string' ? { orderId: target.id } : undefined;
  }
  return undefined;
}

async function backfillOrderIds(db: Parameters<Migration['up']>[0]): Promise<void> {
  const byDeviation = new Map<string, string>();
  const pending: { key_id: string; seq: number; of: { orderId: string } | { deviationId: string } }[] = [];
  const page = 1000;
  for (let after = { key: '', seq: -1 }; ; ) {
    const rows = (await db
      .selectFrom('records')
      .select(['key_id', 'seq', 'type', 'envelope'])
      .where((eb) => eb.or([eb('key_id', '>', after.key), eb.and([eb('key_id', '=', after.key), eb('seq', '>', after.seq)])]))
      .orderBy('key_id')
      .orderBy('seq')
      .limit(page)
      .execute()) as { key_id: string; seq: number; type: string; envelope: string }[];
    for (const row of rows) {
      const e = JSON.parse(row.envelope) as Envelope;
      const of = ownOrder(e);
      if (!of) continue;
      pending.push({ key_id: row.key_id, seq: Number(row.seq), of });
      if ('orderId' in of && (e.type === 'order.deviation-opened' || e.type === 'deviation.deviation-opened') && typeof e.payload['deviationId'] === 'string') byDeviation.set(e.payload['deviationId'], of.orderId);
    }
    if (rows.length < page) break;
    const last = rows[rows.length - 1]!;
    after = { key: last.key_id, seq: Number(last.seq) };
  }
  for (const p of pending) {
    const orderId = 'orderId' in p.of ? p.of.orderId : byDeviation.get(p.of.deviationId);
    if (orderId !== undefined) await db.updateTable('records').set({ order_id: orderId }).where('key_id', '=', p.key_id).where('seq', '=', p.seq).execute();
  }
}
