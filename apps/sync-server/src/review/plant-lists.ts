import { Type, type Static } from 'typebox';
import type { SignedRecord } from '@lineside/sync-protocol';
import { listMasterEntities } from '../db/master-data.js';
import { recordsOfTypes } from '../db/review.js';
import type { Db } from '../db/types.js';
import { RecordRefSchema, type RecordRef } from './batch-record-schema.js';

const Str = (description: string) => Type.String({ description });
const Opt = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const PlantDeviationSchema = Type.Object(
  {
    deviationId: Str('deviation'),
    severity: Str('info … critical'),
    title: Str('title'),
    description: Str('what happened'),
    orderId: Opt(Str('order concerned')),
    stepId: Opt(Str('step concerned')),
    openedAt: Str('kiosk time'),
    openedBy: Str('user'),
    kioskId: Str('kiosk it was opened on'),
    status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
    signatures: Type.Integer({ minimum: 0, description: 'signatures given on it so far' }),
    closedAt: Opt(Str('kiosk time')),
    records: Type.Array(RecordRefSchema),
  },
  { additionalProperties: false },
);
export type PlantDeviation = Static<typeof PlantDeviationSchema>;

export const PlantHoldSchema = Type.Object(
  {
    holdId: Str('hold id (kiosk holds), or `lot/<id>` for a lot on hold in the central register'),
    target: Type.Object({ kind: Str('lot, equipment or order'), id: Str('its id') }, { additionalProperties: false }),
    reason: Str('why'),
    source: Type.Union([Type.Literal('kiosk'), Type.Literal('central')], { description: 'placed at a kiosk (a record), or set in the central master data' }),
    placedAt: Opt(Str('kiosk time (kiosk holds)')),
    placedBy: Opt(Str('user')),
    orderId: Opt(Str('order the record belongs to')),
    status: Type.Union([Type.Literal('in-force'), Type.Literal('released')]),
    releasedAt: Opt(Str('kiosk time')),
    records: Type.Array(RecordRefSchema),
  },
  { additionalProperties: false },
);
export type PlantHold = Static<typeof PlantHoldSchema>;

const refOf = (r: { kiosk_id: string; key_id: string; seq: number; record_id: string; type: string }): RecordRef => ({ kioskId: r.kiosk_id, keyId: r.key_id, seq: Number(r.seq), recordId: r.record_id, type: r.type });
const text = (p: Record<string, unknown>, key: string) => (typeof p[key] === 'string' ? (p[key] as string) : null);

/** Every deviation of the plant as the kiosks recorded them (opened, signed, closed), newest first. */
export async function plantDeviations(db: Db): Promise<PlantDeviation[]> {
  const rows = await recordsOfTypes(db, ['order.deviation-opened', 'deviation.deviation-opened', 'deviation.deviation-signed', 'deviation.deviation-closed']);
  const byId = new Map<string, PlantDeviation>();
  for (const row of rows) {
    const envelope = JSON.parse(row.envelope) as SignedRecord;
    const p = envelope.payload as Record<string, unknown>;
    const id = String(p['deviationId']);
    if (row.type.endsWith('deviation-opened')) {
      byId.set(id, {
        deviationId: id,
        severity: text(p, 'severity') ?? '',
        title: text(p, 'title') ?? '',
        description: text(p, 'description') ?? '',
        orderId: text(p, 'orderId') ?? row.order_id,
        stepId: text(p, 'stepId'),
        openedAt: envelope.occurredAt,
        openedBy: text(p, 'openedBy') ?? '',
        kioskId: row.kiosk_id,
        status: byId.get(id)?.status ?? 'open',
        signatures: byId.get(id)?.signatures ?? 0,
        closedAt: byId.get(id)?.closedAt ?? null,
        records: [refOf(row), ...(byId.get(id)?.records ?? [])],
      });
      continue;
    }
    const known = byId.get(id) ?? { deviationId: id, severity: '', title: '(opening record not held)', description: '', orderId: row.order_id, stepId: null, openedAt: envelope.occurredAt, openedBy: '', kioskId: row.kiosk_id, status: 'open' as const, signatures: 0, closedAt: null, records: [] };
    if (row.type === 'deviation.deviation-signed') known.signatures += 1;
    if (row.type === 'deviation.deviation-closed') {
      known.status = 'closed';
      known.closedAt = envelope.occurredAt;
    }
    known.records.push(refOf(row));
    byId.set(id, known);
  }
  return [...byId.values()].sort((a, b) => (a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : a.deviationId < b.deviationId ? -1 : 1));
}

/** Every hold of the plant: placed and released at kiosks (records), and lots on hold in the central register. */
export async function plantHolds(db: Db): Promise<PlantHold[]> {
  const rows = await recordsOfTypes(db, ['order.hold-placed', 'hold.hold-placed', 'equipment.hold-placed', 'hold.hold-released']);
  const byId = new Map<string, PlantHold>();
  for (const row of rows) {
    const envelope = JSON.parse(row.envelope) as SignedRecord;
    const p = envelope.payload as Record<string, unknown>;
    const id = String(p['holdId']);
    const target = (p['target'] ?? {}) as { kind?: string; id?: string };
    const known = byId.get(id) ?? { holdId: id, target: { kind: String(target.kind ?? ''), id: String(target.id ?? '') }, reason: text(p, 'reason') ?? '', source: 'kiosk' as const, placedAt: null, placedBy: null, orderId: row.order_id, status: 'in-force' as const, releasedAt: null, records: [] };
    if (row.type === 'hold.hold-released') {
      known.status = 'released';
      known.releasedAt = envelope.occurredAt;
    } else {
      known.placedAt = envelope.occurredAt;
      known.placedBy = text(p, 'placedBy');
      known.reason = text(p, 'reason') ?? known.reason;
    }
    known.records.push(refOf(row));
    byId.set(id, known);
  }
  const kioskHolds = [...byId.values()];
  // A lot put on hold centrally (QA in the master data) is a hold in force too, with no kiosk record.
  const central: PlantHold[] = (await listMasterEntities(db, 'lot'))
    .filter((lot) => lot['status'] === 'on-hold' && !kioskHolds.some((h) => h.status === 'in-force' && h.target.kind === 'lot' && h.target.id === lot['id']))
    .map((lot) => ({ holdId: `lot/${String(lot['id'])}`, target: { kind: 'lot', id: String(lot['id']) }, reason: typeof lot['statusReason'] === 'string' ? lot['statusReason'] : 'on hold in the lot register', source: 'central' as const, placedAt: null, placedBy: null, orderId: null, status: 'in-force' as const, releasedAt: null, records: [] }));
  return [...kioskHolds, ...central].sort((a, b) => (a.status === b.status ? (a.holdId < b.holdId ? -1 : 1) : a.status === 'in-force' ? -1 : 1));
}
