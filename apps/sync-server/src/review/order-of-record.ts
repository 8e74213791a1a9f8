import type { SignedRecord } from '@lineside/sync-protocol';

/**
 * The order a record belongs to, read from the fields its record contract defines: `subject.order` of
 * every `order.*` record; `payload.orderId` of a deviation opened or closed on an order; the target of a
 * hold placed on an order. A deviation's signature names only its deviation: `{ deviationId }` asks the
 * caller to look up the order that deviation was opened on. Anything else belongs to no order.
 */
export type OrderOfRecord = { readonly orderId: string } | { readonly deviationId: string } | undefined;

export function orderOfRecord(record: Pick<SignedRecord, 'type' | 'subject' | 'payload'>): OrderOfRecord {
  const order = record.subject?.['order'];
  if (record.type.startsWith('order.') && typeof order === 'string') return { orderId: order };
  const p = record.payload as Record<string, unknown>;
  switch (record.type) {
    case 'deviation.deviation-opened':
    case 'deviation.deviation-closed':
      return typeof p['orderId'] === 'string' ? { orderId: p['orderId'] } : typeof p['deviationId'] === 'string' ? { deviationId: p['deviationId'] } : undefined;
    case 'deviation.deviation-signed':
      return typeof p['deviationId'] === 'string' ? { deviationId: p['deviationId'] } : undefined;
    case 'hold.hold-placed':
    case 'hold.hold-released': {
      const target = p['target'] as { kind?: unknown; id?: unknown } | undefined;
      return target?.kind === 'order' && typeof target.id === 'string' ? { orderId: target.id } : undefined;
    }
    default:
      return undefined;
  }
}

/** The deviation a record opens, or undefined: the key the `{ deviationId }` look-ups resolve through. */
export function deviationOpenedBy(record: Pick<SignedRecord, 'type' | 'payload'>): string | undefined {
  if (record.type !== 'order.deviation-opened' && record.type !== 'deviation.deviation-opened') return undefined;
  const id = record.payload['deviationId'];
  return typeof id === 'string' ? id : undefined;
}

/**
 * Order ids of a run of records, resolving deviation look-ups first within the run (opened earlier in the
 * same batch) and then through `lookup` (stored records). Index-aligned with `records`; null: no order.
 */
export async function ordersOfRecords(
  records: readonly Pick<SignedRecord, 'type' | 'subject' | 'payload'>[],
  lookup: (deviationIds: readonly string[]) => Promise<ReadonlyMap<string, string>>,
): Promise<(string | null)[]> {
  const own = records.map(orderOfRecord);
  const opened = new Map<string, string>();
  for (const [i, record] of records.entries()) {
    const deviationId = deviationOpenedBy(record);
    const of = own[i];
    if (deviationId !== undefined && of && 'orderId' in of) opened.set(deviationId, of.orderId);
  }
  const missing = [...new Set(own.flatMap((of) => (of && 'deviationId' in of && !opened.has(of.deviationId) ? [of.deviationId] : [])))];
  const stored = missing.length > 0 ? await lookup(missing) : new Map<string, string>();
  return own.map((of) => {
    if (!of) return null;
    if ('orderId' in of) return of.orderId;
    return opened.get(of.deviationId) ?? stored.get(of.deviationId) ?? null;
  });
}
