import type { DispensedContainer } from '@lineside/domain';
import type { SignedRecord } from '@lineside/sync-protocol';
import type { Engine } from '../db/engine.js';
import { findMasterEntity, listMasterEntities, nextMasterVersion, putMasterEntity } from '../db/master-data.js';
import { recordsMentioningOrder } from '../db/records.js';
import type { Db } from '../db/types.js';

const CONTAINER_TYPES = new Set(['order.weighing-recorded', 'order.weighing-rejected', 'order.dispense-completed', 'order.container-charged']);

type Payload = SignedRecord['payload'];
const text = (p: Payload, key: string): string => String(p[key]);
const chargedOf = (record: SignedRecord): NonNullable<DispensedContainer['charged']> => ({ stepId: text(record.payload, 'stepId'), by: text(record.payload, 'by'), at: text(record.payload, 'at'), kioskId: record.kioskId });

/**
 * The `container` master-data entities (issue 13), derived in the push transaction from the records just
 * stored: a labelled weighing makes one, its rejection, its dispense step's completion and its charge at the
 * line change it. All changes of one push share one master version, so a kiosk pulls them together and the
 * line charges offline from what it pulled. Records may arrive in any order across kiosks (a container
 * charged before its weighing was synced): each side looks for the other.
 */
export async function deriveContainers(trx: Db, engine: Engine, records: readonly SignedRecord[], at: string): Promise<number> {
  const relevant = records.filter((r) => CONTAINER_TYPES.has(r.type));
  if (relevant.length === 0) return 0;
  const changed = new Map<string, DispensedContainer>();
  let all: DispensedContainer[] | undefined;
  const known = async (): Promise<DispensedContainer[]> => {
    all ??= (await listMasterEntities(trx, 'container')) as unknown as DispensedContainer[];
    return [...all.filter((c) => !changed.has(c.id)), ...changed.values()];
  };
  const find = async (sscc: string) => changed.get(sscc) ?? ((await findMasterEntity(trx, 'container', sscc)) as DispensedContainer | undefined);
  const put = (c: DispensedContainer) => void changed.set(c.id, c);

  for (const record of relevant) {
    const p = record.payload;
    const orderId = text(p, 'orderId');
    if (record.type === 'order.weighing-recorded') {
      if (typeof p['sscc'] !== 'string') continue;
      const sscc = p['sscc'];
      const before = await find(sscc);
      const charges = (await recordsMentioningOrder(trx, ['order.container-charged'], orderId)).map((row) => JSON.parse(row.envelope) as SignedRecord).filter((r) => r.payload['sscc'] === sscc);
      const charged = before?.charged ?? (charges[0] ? chargedOf(charges[0]) : undefined);
      put({
        id: sscc,
        orderId,
        stepId: text(p, 'stepId'),
        containerNo: Number(p['containerNo']),
        materialId: text(p, 'materialId'),
        lotId: text(p, 'lotId'),
        weighingId: text(p, 'weighingId'),
        net: text(p, 'netInStepUnit'),
        unit: text(p, 'balanceUnit') as DispensedContainer['unit'],
        dispensedAt: text(p, 'at'),
        kioskId: record.kioskId,
        status: charged ? 'charged' : 'dispensed',
        dispenseCompleted: before?.dispenseCompleted ?? false,
        ...(charged ? { charged } : {}),
      });
    } else if (record.type === 'order.weighing-rejected') {
      for (const c of (await known()).filter((k) => k.orderId === orderId && k.weighingId === p['weighingId'])) {
        put({ ...c, status: c.status === 'charged' ? 'charged' : 'rejected', rejectedReason: text(p, 'reason') });
      }
    } else if (record.type === 'order.dispense-completed') {
      for (const c of (await known()).filter((k) => k.orderId === orderId && k.stepId === p['stepId'])) put({ ...c, dispenseCompleted: true });
    } else {
      const c = await find(text(p, 'sscc'));
      // A container charged before its weighing reached the server: its weighing finds this charge when it comes.
      if (c && c.orderId === orderId && !c.charged) put({ ...c, status: 'charged', charged: chargedOf(record) });
    }
  }
  if (changed.size === 0) return 0;
  const version = await nextMasterVersion(trx, engine);
  for (const c of changed.values()) await putMasterEntity(trx, 'container', c.id, { ...c }, version, at);
  return changed.size;
}
