import { expect, it } from 'vitest';
import type { JsonValue, SignedRecord } from '@lineside/sync-protocol';
import { onEachEngine } from './support/suite.js';
import type { ServerUnderTest } from './support/server.js';
import type { TestKiosk } from './support/kiosk.js';
import { signedLotStatus } from './support/lots.js';

const QUINN = { kind: 'user', userId: 'quinn.qa', printedName: 'Quinn QA' } as const;

function holdRecord(kiosk: TestKiosk, type: 'hold.hold-placed' | 'hold.hold-released', holdId: string, lotId: string, reason: string): SignedRecord {
  const event: Record<string, JsonValue> =
    type === 'hold.hold-placed'
      ? { type: 'HoldPlaced', holdId, target: { kind: 'lot', id: lotId }, reason, source: 'qa', placedBy: 'quinn.qa' }
      : { type: 'HoldReleased', holdId, target: { kind: 'lot', id: lotId }, reason, releasedBy: 'quinn.qa', signature: { signatureId: `S-${holdId}`, signerId: 'quinn.qa', printedName: 'Quinn QA', meaning: 'released', signedAt: '2026-11-25T09:00:00+00:00', signedHash: `sha256:${'0'.repeat(64)}`, components: 'id-and-secret', reason }, secondSignature: { signatureId: `S2-${holdId}`, signerId: 'sam.supervisor', printedName: 'Sam Supervisor', meaning: 'verified', signedAt: '2026-11-25T09:00:00+00:00', signedHash: `sha256:${'0'.repeat(64)}`, components: 'id-and-secret', reason } };
  return kiosk.sign(kiosk.weighing('0', { type, payloadSchema: `${type}@1`, actor: QUINN, subject: { hold: holdId }, payload: { at: '2026-11-25T09:00:00+00:00', ...event } }));
}

async function lot(server: ServerUnderTest, id: string): Promise<Record<string, unknown>> {
  const response = await server.as('quinn.qa', 'GET', '/api/v1/master-data/lot');
  expect(response.statusCode, response.body).toBe(200);
  const found = (response.json() as { items: Record<string, unknown>[] }).items.find((l) => l['id'] === id);
  expect(found, `lot ${id}`).toBeDefined();
  return found!;
}

async function pushOk(server: ServerUnderTest, kiosk: TestKiosk, records: SignedRecord[]): Promise<void> {
  const response = await server.push(kiosk, kiosk.pushBody(records));
  expect(response.statusCode, response.body).toBe(200);
}

onEachEngine('a lot held at one kiosk is held at every kiosk', (server) => {
  it('makes the kiosk hold central lot status, audited as the QA user, and its release restores what it replaced', async () => {
    const kiosk = await server.freshKiosk();
    const before = await lot(server, 'PVP-077');
    expect(before['status']).toBe('released');
    const versionBefore = (await server.as('quinn.qa', 'GET', '/api/v1/master-data/lot')).json() as { version: number };

    await pushOk(server, kiosk, [holdRecord(kiosk, 'hold.hold-placed', 'H-77', 'PVP-077', 'supplier complaint')]);
    const held = await lot(server, 'PVP-077');
    expect(held).toMatchObject({ status: 'on-hold', statusReason: `QA hold at kiosk ${kiosk.kioskId} by Quinn QA: supplier complaint`, heldBy: { holdId: 'H-77', kioskId: kiosk.kioskId, previousStatus: 'released' } });
    // A new master version: every station's next pull brings the hold.
    const versionHeld = (await server.as('quinn.qa', 'GET', '/api/v1/master-data/lot')).json() as { version: number };
    expect(versionHeld.version).toBeGreaterThan(versionBefore.version);

    // The kiosk's release restores the lot exactly as it was.
    await pushOk(server, kiosk, [holdRecord(kiosk, 'hold.hold-released', 'H-77', 'PVP-077', 'complaint closed')]);
    const released = await lot(server, 'PVP-077');
    expect(released).toEqual(before);
  });

  it('leaves a central decision standing: a lot rejected centrally while held stays rejected after the kiosk releases its hold', async () => {
    const kiosk = await server.freshKiosk();
    await pushOk(server, kiosk, [holdRecord(kiosk, 'hold.hold-placed', 'H-118', 'MCC-118', 'label smudged')]);
    const held = await lot(server, 'MCC-118');
    expect(held['heldBy']).toBeDefined();
    const rejected = await signedLotStatus(server, 'MCC-118', 'rejected', 'OOS assay');
    expect(rejected.statusCode, rejected.body).toBe(200);
    await pushOk(server, kiosk, [holdRecord(kiosk, 'hold.hold-released', 'H-118', 'MCC-118', 'label reprinted')]);
    expect(await lot(server, 'MCC-118')).toMatchObject({ status: 'rejected', statusReason: 'OOS assay' });
  });

  it('does not touch a lot already on hold centrally (CCS-031): the central hold and its reason stand', async () => {
    const kiosk = await server.freshKiosk();
    const before = await lot(server, 'CCS-031');
    await pushOk(server, kiosk, [holdRecord(kiosk, 'hold.hold-placed', 'H-31', 'CCS-031', 'also here')]);
    expect(await lot(server, 'CCS-031')).toEqual(before);
  });
});

async function flagsOf(server: ServerUnderTest, kiosk: TestKiosk): Promise<Map<number, string[]>> {
  const response = await server.as('sam.supervisor', 'GET', `/api/v1/records?kioskId=${kiosk.kioskId}&limit=100`);
  return new Map((response.json() as { records: { seq: number; flags: { code: string }[] }[] }).records.map((r) => [r.seq, r.flags.map((f) => f.code)]));
}

// Issue 9 §2: a record proves which device wrote it, not that its person may do the act.
onEachEngine('authority re-checked on ingest', (server) => {
  it('stores but flags a hold placed by an unknown user, and leaves the lot as it was', async () => {
    const kiosk = await server.freshKiosk();
    const before = await lot(server, 'PVP-077');
    const placed = holdRecord(kiosk, 'hold.hold-placed', 'H-X', 'PVP-077', 'forged');
    const forged = kiosk.sign({ ...placed, actor: { kind: 'user', userId: 'mallory', printedName: 'Mallory' } });
    await pushOk(server, kiosk, [forged]);
    expect((await flagsOf(server, kiosk)).get(1)).toContain('UNAUTHORISED_ACT');
    expect(await lot(server, 'PVP-077')).toEqual(before);
  });

  it('flags an operator lifting a QA hold, with no effect, and the same person signing both signatures of a lot release', async () => {
    const kiosk = await server.freshKiosk();
    await pushOk(server, kiosk, [holdRecord(kiosk, 'hold.hold-placed', 'H-O', 'MGS-210', 'complaint')]);
    expect(await lot(server, 'MGS-210')).toMatchObject({ status: 'on-hold' });
    const release = kiosk.weighing('0');
    const byOperator = kiosk.sign({ ...release, type: 'hold.hold-released', payloadSchema: 'hold.hold-released@1', actor: { kind: 'user', userId: 'olivia.operator', printedName: 'Olivia Operator' }, subject: { hold: 'H-O' }, payload: {
      type: 'HoldReleased', at: '2026-11-25T09:00:00+00:00', holdId: 'H-O', target: { kind: 'lot', id: 'MGS-210' }, reason: 'done', releasedBy: 'olivia.operator',
      signature: { signatureId: 'S-o1', signerId: 'olivia.operator', printedName: 'Olivia Operator', meaning: 'released', signedAt: '2026-11-25T09:00:00+00:00', signedHash: `sha256:${'0'.repeat(64)}`, components: 'id-and-secret' },
      secondSignature: { signatureId: 'S-o2', signerId: 'sam.supervisor', printedName: 'Sam Supervisor', meaning: 'verified', signedAt: '2026-11-25T09:00:00+00:00', signedHash: `sha256:${'0'.repeat(64)}`, components: 'id-and-secret' },
    } });
    await pushOk(server, kiosk, [byOperator]);
    expect((await flagsOf(server, kiosk)).get(2)).toContain('UNAUTHORISED_ACT');
    expect(await lot(server, 'MGS-210')).toMatchObject({ status: 'on-hold' });

    const twice = holdRecord(kiosk, 'hold.hold-released', 'H-O', 'MGS-210', 'done');
    const second = (twice.payload['signature'] as Record<string, JsonValue>);
    const sameTwice = kiosk.sign({ ...twice, sig: undefined, payload: { ...twice.payload, secondSignature: { ...second, signatureId: 'S-q2', meaning: 'verified' } } } as never);
    await pushOk(server, kiosk, [sameTwice]);
    expect((await flagsOf(server, kiosk)).get(3)).toContain('SAME_PERSON_TWICE');
    expect(await lot(server, 'MGS-210')).toMatchObject({ status: 'on-hold' });
  });
});
