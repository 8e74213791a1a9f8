import { describe, expect, it } from 'vitest';
import { canonicalize, GENESIS_HASH, type SignedRecord, type UnsignedRecord } from '@lineside/sync-protocol';
import { generateKioskKey, importPrivateKey, importPublicKey, signRecord } from '@lineside/sync-protocol/node';
import type { StoredRecord } from '../db/records.js';
import { BASELINE } from '../db/master-data.js';
import { CentralHistory } from '../sync/central-history.js';
import { parseEnvelope, type AssemblyInput } from './assembly-input.js';
import { verifyBatchHere } from '../sync/verify.js';
import { batchRecordHash, buildBatchRecord, canonicalBatchRecord, referenceCanonical, verifySegment } from './batch-record.js';
import { orderOfRecord } from './order-of-record.js';

// "Can a wrong batch record come out of this?" — the assembly rules on hand-made, really signed chains.

const ORDER = 'ORD-T1';
const KEY = generateKioskKey();
const privateKey = importPrivateKey(KEY.privateKeyPem);
const publicKey = importPublicKey(KEY.publicKey);
const user = { kind: 'user' as const, userId: 'olivia.operator', printedName: 'Olivia Operator' };

const recipe = {
  id: 'R1',
  version: 1,
  status: 'approved',
  name: 'Test granulation',
  product: 'Test tablets',
  batchSize: '1000',
  batchUnit: 'tablets',
  approvedBy: 'quinn.qa',
  steps: [
    { id: '1', title: 'Line clearance', kind: 'instruction' },
    { id: '2', title: 'Dispense API', kind: 'dispense' },
  ],
};
const history = new CentralHistory([
  { entity: 'recipe', entity_id: 'R1@1', version: 1, changed_at: BASELINE, data: JSON.stringify(recipe) },
  { entity: 'recipe', entity_id: 'R2@1', version: 1, changed_at: BASELINE, data: JSON.stringify({ ...recipe, id: 'R2', steps: [...recipe.steps, { id: '3', title: 'Charge at the line', kind: 'charge', chargesSteps: ['2'] }] }) },
  { entity: 'equipment', entity_id: 'BAL-01', version: 1, changed_at: BASELINE, data: JSON.stringify({ id: 'BAL-01' }) },
  { entity: 'calibration', entity_id: 'CAL-1', version: 1, changed_at: BASELINE, data: JSON.stringify({ certificateId: 'CAL-1', equipmentId: 'BAL-01', calibratedOn: '2026-01-01', dueOn: '2027-01-01' }) },
  { entity: 'lot', entity_id: 'LOT-1', version: 1, changed_at: BASELINE, data: JSON.stringify({ id: 'LOT-1', status: 'released' }) },
]);

type Act = { type: string; payload: Record<string, unknown> };
const at = (i: number) => `2026-11-25T08:${String(i).padStart(2, '0')}:00.000+00:00`;
const orderAct = (type: string, payload: Record<string, unknown>): Act => ({ type: `order.${type}`, payload: { orderId: ORDER, ...payload } });
const weighing = (over: Record<string, unknown> = {}) =>
  orderAct('weighing-recorded', { type: 'WeighingRecorded', stepId: '2', by: 'olivia.operator', weighingId: 'W1', containerNo: 1, balanceId: 'BAL-01', lotId: 'LOT-1', materialId: 'API', method: 'direct', gross: '60.00', tare: '10.00', net: '50.00', balanceUnit: 'g', netInStepUnit: '50.00', cumulative: '50.00', toleranceState: 'in', calibration: { status: 'in-date', certificateId: 'CAL-1', dueOn: '2027-01-01', daysLeft: 37 }, rawFrame: 'S S      50.00 g', ...over });

/** The acts of a whole, correct order: start, step 1, step 2 with one weighing, completion. */
function goodOrder(): Act[] {
  return [
    { type: 'session.logged-in', payload: { type: 'LoggedIn', userId: 'olivia.operator', stationId: 'S1' } },
    orderAct('order-started', { type: 'OrderStarted', recipeId: 'R1', recipeVersion: 1, stationId: 'S1', batchNumber: 'B-1', by: 'olivia.operator', masterDataVersion: 3 }),
    orderAct('step-started', { type: 'StepStarted', stepId: '1', by: 'olivia.operator' }),
    orderAct('step-completed', { type: 'StepCompleted', stepId: '1', by: 'olivia.operator', signOffRequired: false }),
    orderAct('step-started', { type: 'StepStarted', stepId: '2', by: 'olivia.operator' }),
    orderAct('lot-scanned', { type: 'LotScanned', stepId: '2', by: 'olivia.operator', lotId: 'LOT-1', materialId: 'API', expiry: '2027-12-31' }),
    orderAct('dispense-target-set', { type: 'DispenseTargetSet', stepId: '2', by: 'olivia.operator', materialId: 'API', nominal: '50.00', target: '50.00', lower: '49.75', upper: '50.25', unit: 'g', basis: { kind: 'nominal' } }),
    weighing(),
    orderAct('dispense-completed', { type: 'DispenseCompleted', stepId: '2', by: 'olivia.operator', dispensed: '50.00', unit: 'g', toleranceState: 'in', quantities: { produced: '50.00', good: '50.00', scrap: '0', rework: '0', reweighs: 0 } }),
    orderAct('step-completed', { type: 'StepCompleted', stepId: '2', by: 'olivia.operator', signOffRequired: false }),
    orderAct('order-completed', { type: 'OrderCompleted', by: 'olivia.operator', quantities: { dispensedSteps: 1, reweighs: 0, deviations: 0 } }),
  ];
}

/** Signs the acts as one kiosk key's chain from seq 1 and stores them as the server would. */
function chain(acts: readonly Act[]): StoredRecord[] {
  let prevHash = GENESIS_HASH;
  return acts.map((act, i) => {
    const unsigned: UnsignedRecord = {
      v: 1,
      id: `0190${String(i).padStart(4, '0')}-0000-7000-8000-000000000000`,
      kioskId: 'K-T',
      keyId: 'K-T#1',
      alg: 'Ed25519',
      seq: i + 1,
      prevHash,
      type: act.type,
      payloadSchema: `${act.type}@1`,
      appVersion: '0.1.0',
      actor: user,
      occurredAt: at(i),
      time: { hlc: `${at(i)}-0000-K-T`, bootId: 'b', monoMs: String(i * 60_000) },
      masterDataVersion: 3,
      ...(act.type.startsWith('order.') ? { subject: { order: ORDER } } : {}),
      payload: { at: at(i), ...act.payload } as UnsignedRecord['payload'],
    };
    const { record, hash } = signRecord(unsigned, privateKey);
    prevHash = hash;
    const of = orderOfRecord(record);
    return { kiosk_id: 'K-T', seq: i + 1, record_id: record.id, hash, prev_hash: record.prevHash, type: record.type, occurred_at: record.occurredAt, received_at: '2026-11-25T09:00:00.000Z', key_id: 'K-T#1', envelope: canonicalize(record), flags: '[]', order_id: of && 'orderId' in of ? of.orderId : null };
  });
}

/** What the loader's verifier answers for these stored rows (verifyChain anchored on the first one). */
function verifyRows(rows: readonly StoredRecord[]) {
  const records = rows.map(parseEnvelope);
  return records.every((r) => r !== null) ? verifyBatchHere(records as SignedRecord[], publicKey) : { ok: false as const, index: records.indexOf(null), reason: 'broken-chain' as const, message: 'not JSON' };
}

/** The assembly input over stored rows: the segment is the order's first to last record, as the loader makes it. */
function inputOf(rows: readonly StoredRecord[], over: Partial<AssemblyInput['segments'][number]> = {}): AssemblyInput {
  const ofOrder = rows.filter((r) => r.order_id === ORDER);
  const fromSeq = Math.min(...ofOrder.map((r) => r.seq));
  const toSeq = Math.max(...ofOrder.map((r) => r.seq));
  const segmentRows = rows.filter((r) => r.seq >= fromSeq && r.seq <= toSeq);
  return {
    orderId: ORDER,
    segments: [
      {
        kioskId: 'K-T',
        keyId: 'K-T#1',
        fromSeq,
        toSeq,
        rows: segmentRows,
        records: segmentRows.map(parseEnvelope),
        verification: verifyRows(segmentRows),
        acknowledgedSeq: rows.length,
        uncheckedSeqs: new Set(),
        hashBefore: rows.find((r) => r.seq === fromSeq - 1)?.hash,
        prevHashAfter: rows.find((r) => r.seq === toSeq + 1)?.prev_hash,
        ...over,
      },
    ],
    history,
    routineTests: [],
    printedNames: new Map([['olivia.operator', 'Olivia Operator']]),
    offlineGraceHours: new Map([['K-T', 72]]),
  };
}

const missingOf = (input: AssemblyInput) => buildBatchRecord(input).completeness.checks.flatMap((c) => c.missing);

describe('batch record assembly rules', () => {
  it('a whole, correct order is complete and has no exceptions; the same records give the same hash', () => {
    const input = inputOf(chain(goodOrder()));
    const record = buildBatchRecord(input);
    expect(record.completeness).toMatchObject({ complete: true, chains: [expect.objectContaining({ fromSeq: 2, toSeq: 11, contiguous: true, linked: true, signaturesVerified: true })] });
    expect(record.exceptions).toEqual([]);
    expect(record.header).toMatchObject({ recipe: { id: 'R1', version: 1, approval: { approvedBy: 'quinn.qa' } }, status: 'completed', batchNumber: 'B-1' });
    expect(batchRecordHash(buildBatchRecord(inputOf(chain(goodOrder()))))).toBe(batchRecordHash(record));
  });

  it('a gap in a chain: not complete, and the missing seq is named', () => {
    const rows = chain(goodOrder()).filter((r) => r.seq !== 6);
    const record = buildBatchRecord(inputOf(rows));
    expect(record.completeness.complete).toBe(false);
    expect(missingOf(inputOf(rows))).toContain('K-T#1: seq 6 is missing (next held is seq 7)');
  });

  it("a record cut from the order's end cannot hide: the chain after it no longer links, and the completion is named missing", () => {
    const rows = chain(goodOrder());
    const input = inputOf(rows.filter((r) => r.seq !== 11), { toSeq: 10, prevHashAfter: undefined });
    expect(missingOf(input)).toContain('the order is not completed (no completion record)');
    const withNext = chain([...goodOrder(), { type: 'session.logged-out', payload: { type: 'LoggedOut', userId: 'olivia.operator', reason: 'logout' } }]);
    const cut = inputOf(withNext.filter((r) => r.seq !== 11), { toSeq: 10, prevHashAfter: withNext.find((r) => r.seq === 12)!.prev_hash });
    expect(missingOf(cut)).toContain("K-T#1: seq 11 does not link to seq 10, the order's last record");
  });

  it('a step missing: named, and a missing-step exception that needs a comment', () => {
    const acts = goodOrder().filter((a) => !(a.type === 'order.step-completed' && a.payload['stepId'] === '1'));
    const record = buildBatchRecord(inputOf(chain(acts)));
    expect(record.completeness.complete).toBe(false);
    expect(record.completeness.checks.find((c) => c.id === 'steps')!.missing).toEqual(['step 1 (Line clearance) has no completion record and no deviation explains it']);
    expect(record.exceptions).toEqual([expect.objectContaining({ id: 'missing-step:1', kind: 'missing-step', severity: 'high', needsComment: true })]);
  });

  it('a second copy of a step: named with both records, and a repeated-step exception', () => {
    const acts = goodOrder();
    acts.splice(4, 0, orderAct('step-completed', { type: 'StepCompleted', stepId: '1', by: 'olivia.operator', signOffRequired: false }));
    const record = buildBatchRecord(inputOf(chain(acts)));
    expect(record.completeness.complete).toBe(false);
    expect(record.completeness.checks.find((c) => c.id === 'steps')!.missing).toEqual(['step 1 is completed 2 times (K-T#1 seq 4, K-T#1 seq 5)']);
    expect(record.exceptions.map((e) => e.id)).toEqual(['repeated-step:1']);
  });

  it('a step the recipe does not have is named', () => {
    const acts = goodOrder();
    acts.splice(10, 0, orderAct('step-started', { type: 'StepStarted', stepId: '9', by: 'olivia.operator' }));
    const record = buildBatchRecord(inputOf(chain(acts)));
    expect(record.completeness.checks.find((c) => c.id === 'steps')!.missing).toEqual(['step 9 is recorded but is not in the recipe version run']);
  });

  it('a stored record edited after it was signed: its signature does not verify, so not complete', () => {
    const rows = chain(goodOrder());
    const edited = rows.map((r) => (r.seq === 8 ? { ...r, envelope: r.envelope.replace('"net":"50.00"', '"net":"55.00"') } : r));
    expect(missingOf(inputOf(edited))).toContain('K-T#1: seq 8 has a signature that does not verify');
    const record = buildBatchRecord(inputOf(edited));
    // The record shows what is stored, but says it cannot be trusted.
    expect(record.completeness.complete).toBe(false);
  });

  it('a weighing whose net is not gross − tare, though signed by the kiosk, is not linked to its reading', () => {
    const acts = goodOrder().map((a) => (a.type === 'order.weighing-recorded' ? weighing({ net: '51.00' }) : a));
    expect(missingOf(inputOf(chain(acts)))).toEqual(['weighing W1 (step 2, container 1): net 51.00 is not gross 60.00 − tare 10.00']);
    const noFrame = goodOrder().map((a) => (a.type === 'order.weighing-recorded' ? weighing({ rawFrame: undefined }) : a));
    expect(missingOf(inputOf(chain(noFrame)))).toEqual(['weighing W1 (step 2, container 1) carries no balance frame']);
  });

  it('records the server has not acknowledged, or not checked yet, or a key it does not hold: named, not complete', () => {
    const rows = chain(goodOrder());
    expect(missingOf(inputOf(rows, { acknowledgedSeq: 9 }))).toEqual(['K-T#1: the server has acknowledged only up to seq 9, not seq 11']);
    expect(missingOf(inputOf(rows, { uncheckedSeqs: new Set([10, 11]) }))).toEqual(['K-T#1: the ingest checks of 2 record(s) have not run yet']);
    expect(missingOf(inputOf(rows, { verification: undefined }))).toEqual(['K-T#1: the server holds no enrolled key K-T#1 to verify with']);
    expect(missingOf(inputOf(rows, { hashBefore: `sha256:${'1'.repeat(64)}` }))).toEqual([`K-T#1: seq 2 does not link to seq 1 (prevHash ${rows[1]!.prev_hash}, held ${'sha256:' + '1'.repeat(64)})`]);
  });

  it('exceptions are computed: out of tolerance without override, a lot typed by hand, a flag raised at ingest — and they change the hash', () => {
    const acts = goodOrder().map((a) =>
      a.type === 'order.dispense-completed' ? { ...a, payload: { ...a.payload, toleranceState: 'over', dispensed: '50.40' } } : a.type === 'order.lot-scanned' ? { ...a, payload: { ...a.payload, entry: 'manual' } } : a,
    );
    const rows = chain(acts).map((r) => (r.seq === 8 ? { ...r, flags: JSON.stringify([{ code: 'CONSUMED_HELD_LOT', message: 'Lot LOT-1 was on hold centrally when used' }]) } : r));
    const record = buildBatchRecord(inputOf(rows));
    expect(record.exceptions.map((e) => [e.kind, e.severity, e.needsComment])).toEqual([
      ['out-of-tolerance', 'high', true],
      ['used-against-block', 'high', true],
      ['manual-entry', 'medium', true],
    ]);
    expect(record.exceptions[0]!.message).toBe('50.40 g against 49.75–50.25 g, with no override on record');
    const unflagged = buildBatchRecord(inputOf(chain(acts)));
    expect(batchRecordHash(unflagged)).not.toBe(batchRecordHash(record));
  });

  it("the content hash is over exactly sync-protocol's canonical JSON of the record", () => {
    const acts = goodOrder().map((a) => (a.type === 'order.lot-scanned' ? { ...a, payload: { ...a.payload, entry: 'manual', expiry: 'é ☃ \u2028 "quoted"' } } : a));
    const record = buildBatchRecord(inputOf(chain(acts)));
    expect(canonicalBatchRecord(record)).toBe(referenceCanonical(record));
    // Members a payload brings in (target basis, quantities) may be any keys: integer-like, upper case, non-ASCII.
    const odd = { ...record, dispenses: [{ ...record.dispenses[0]!, basis: { z: 1, '10': [true, null], '2': 'b', A: { é: 'x', e: -0.5 }, '': '' } }] };
    expect(canonicalBatchRecord(odd)).toBe(referenceCanonical(odd));
  });

  it('the verification cache holds exact bytes: a row edited after it was verified is verified again, and fails', async () => {
    const rows = chain(goodOrder());
    let calls = 0;
    const counting = async (records: readonly SignedRecord[], key: typeof publicKey) => {
      calls++;
      return verifyBatchHere(records, key);
    };
    const records = rows.map(parseEnvelope);
    expect(await verifySegment(rows, records, publicKey, counting)).toMatchObject({ ok: true });
    expect(await verifySegment(rows, records, publicKey, counting)).toMatchObject({ ok: true });
    expect(calls).toBe(1);
    const edited = rows.map((r) => (r.seq === 8 ? { ...r, envelope: r.envelope.replace('"net":"50.00"', '"net":"55.00"') } : r));
    expect(await verifySegment(edited, edited.map(parseEnvelope), publicKey, counting)).toMatchObject({ ok: false, reason: 'bad-signature', index: 7 });
    expect(calls).toBe(2);
  });

  it('a hold on the order is an exception: high while in force, low once released, with the records behind it', () => {
    const sig = { signatureId: 'S1', signerId: 'quinn.qa', printedName: 'Quinn QA', meaning: 'released', signedAt: at(20), signedHash: 'sha256:x', components: 'id-and-secret' };
    const placed: Act = { type: 'hold.hold-placed', payload: { type: 'HoldPlaced', holdId: 'H1', target: { kind: 'order', id: ORDER }, reason: 'label mix-up suspected', source: 'qa', placedBy: 'quinn.qa' } };
    const released: Act = { type: 'hold.hold-released', payload: { type: 'HoldReleased', holdId: 'H1', target: { kind: 'order', id: ORDER }, reason: 'labels checked', releasedBy: 'quinn.qa', signature: sig } };
    const acts = goodOrder();
    acts.splice(5, 0, placed);
    const inForce = buildBatchRecord(inputOf(chain(acts)));
    expect(inForce.exceptions).toEqual([expect.objectContaining({ id: 'hold:H1', kind: 'hold', severity: 'high', title: `Hold on order ${ORDER} still in force`, needsComment: true })]);
    acts.splice(6, 0, released);
    const record = buildBatchRecord(inputOf(chain(acts)));
    expect(record.exceptions).toEqual([expect.objectContaining({ id: 'hold:H1', severity: 'low', title: `Hold on order ${ORDER} released`, needsComment: true, records: [expect.objectContaining({ seq: 6 }), expect.objectContaining({ seq: 7 })] })]);
    expect(record.signatures.map((s) => [s.signer.printedName, s.meaning, s.signs])).toEqual([['Quinn QA', 'released', `the release of the hold on order ${ORDER}`]]);
  });
});

describe('charging at the line (issue 13)', () => {
  const SSCC = '095011010010000008';
  /** The good order on recipe R2, whose step 3 charges step 2's labelled container; `charged` adds its charge. */
  function chargedOrder(charged: boolean): Act[] {
    const acts = goodOrder().map((a) => (a.type === 'order.order-started' ? { ...a, payload: { ...a.payload, recipeId: 'R2' } } : a.type === 'order.weighing-recorded' ? weighing({ sscc: SSCC }) : a));
    const charge = [
      orderAct('step-started', { type: 'StepStarted', stepId: '3', by: 'olivia.operator' }),
      ...(charged ? [orderAct('container-charged', { type: 'ContainerCharged', stepId: '3', by: 'olivia.operator', sscc: SSCC, known: 'synced', dispenseStepId: '2', materialId: 'API', lotId: 'LOT-1', net: '50.00', unit: 'g' })] : []),
      orderAct('step-completed', { type: 'StepCompleted', stepId: '3', by: 'olivia.operator', signOffRequired: false }),
    ];
    return [...acts.slice(0, -1), ...charge, acts.at(-1)!];
  }

  it('lists each charged container with its material, and has no exception when every container is charged', () => {
    const record = buildBatchRecord(inputOf(chain(chargedOrder(true))));
    expect(record.charges.map((c) => [c.sscc, c.materialId, c.stepId, c.dispenseStepId, c.known])).toEqual([[SSCC, 'API', '3', '2', 'synced']]);
    expect(record.weighings.map((w) => w.sscc)).toEqual([SSCC]);
    expect(record.exceptions).toEqual([]);
  });

  it('a container charged before it was synced that never turns out to be this order’s is an exception', () => {
    const signature = { signatureId: 'S-1', signerId: 'quinn.qa', printedName: 'Quinn QA', meaning: 'approved', signedAt: at(1), signedHash: `sha256:${'a'.repeat(64)}`, components: 'id-and-secret' };
    const stranger = '095011010010000015';
    const acts = chargedOrder(true);
    const extra = orderAct('container-charged', { type: 'ContainerCharged', stepId: '3', by: 'olivia.operator', sscc: stranger, known: 'not-synced', notSynced: { reason: 'booth offline', signature, deviationId: 'D-1' } });
    const record = buildBatchRecord(inputOf(chain([...acts.slice(0, -2), extra, ...acts.slice(-2)])));
    expect(record.exceptions.map((e) => [e.kind, e.title])).toEqual([['charge-unmatched', `Container ${stranger} charged before it was synced is not a container of this order`]]);
  });

  it('an order completed with a container never charged is an exception naming the container', () => {
    const record = buildBatchRecord(inputOf(chain(chargedOrder(false))));
    expect(record.exceptions.map((e) => [e.kind, e.severity, e.title])).toEqual([['uncharged-container', 'high', `Container ${SSCC} was not charged`]]);
  });
});
