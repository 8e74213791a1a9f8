// Issue 10, export and independent verification: the bundle of the demo order as the REAL kiosk recorded and
// synced it, verified offline by `lineside-verify` (the committed bin, run as a process); then every kind of
// tampering — an edited, removed, reordered or added record, a swapped kiosk key, a dropped chain or audit
// entry, a forged server key — is refused with a message naming it.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Bundle, SignedRecord, UnsignedRecord } from '@lineside/sync-protocol';
import { generateKioskKey, importPrivateKey, keyFingerprint, signObject, signRecord, verifyBundle } from '@lineside/sync-protocol/node';
import { onEachEngine } from '../faults/support/engines.js';
import { cleanupList, ownTempDir } from '../faults/support/sync-fixture.js';
import { repoRoot } from '../support/processes.js';
import { assembleBatchRecord } from '../../apps/sync-server/src/review/batch-record.js';
import { demoOrderServer, REVIEWER, type DemoOrderServer } from './support/demo-order.js';

const cleanups = cleanupList();
afterAll(() => cleanups.run());

const BIN = path.join(repoRoot, 'packages/sync-protocol/bin/lineside-verify.js');

function lineside(dir: string, bundle: unknown, args: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const file = path.join(dir, `bundle-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof bundle === 'string' ? bundle : JSON.stringify(bundle));
  const run = spawnSync(process.execPath, [BIN, ...args, file], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const copy = (bundle: Bundle): Bundle => structuredClone(bundle);
const records = (bundle: Bundle, chain = 0) => bundle.chains[chain]!.records as unknown as SignedRecord[];

onEachEngine('the batch-record bundle and lineside-verify (issue 10)', (fresh) => {
  let demo: DemoOrderServer;
  let bundle: Bundle;
  let dir: string;
  let token: (userId: string) => Promise<string>;

  beforeAll(async () => {
    demo = await demoOrderServer(cleanups, await fresh());
    dir = ownTempDir(cleanups, 'bundle');
    token = async (userId) => {
      const response = await fetch(`${demo.server.url}/api/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, password: demo.server.credentials![userId]!.password }) });
      return ((await response.json()) as { token: string }).token;
    };
    const response = await fetch(`${demo.server.url}/api/v1/batch-records/${demo.orderId}/bundle`, { headers: { authorization: `Bearer ${await token('sam.supervisor')}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${demo.orderId}.bundle.json"`);
    bundle = (await response.json()) as Bundle;
  }, 300_000);

  it('holds the chain segment the real kiosk signed, its key with enrollment and approval, receipts, audit entries and the signed manifest; lineside-verify says what it checked and passes it', () => {
    expect(bundle).toMatchObject({ format: 'lineside-batch-record-bundle', version: 1, orderId: demo.orderId, exportedBy: 'sam.supervisor' });
    expect(bundle.chains).toHaveLength(1);
    const chain = bundle.chains[0]!;
    expect(chain.keyId).toBe('K-DISP-1#1');
    expect(records(bundle).map((r) => r.seq)).toEqual(records(bundle).map((_, i) => chain.fromSeq + i));
    expect(records(bundle)[0]!.type).toBe('order.order-started');
    expect(records(bundle).at(-1)!.type).toBe('order.order-completed');
    expect(chain.orderSeqs.length).toBeGreaterThan(40);
    expect(bundle.kioskKeys.map((k) => k.keyId)).toEqual(['K-DISP-1#1']);
    expect(bundle.audit.map((e) => e.action)).toEqual(expect.arrayContaining(['kiosk.enrolled', 'kiosk.approved']));
    expect(bundle.server.keys).toEqual([{ keyId: demo.server.app.serverKey.keyId, publicKey: demo.server.app.serverKey.publicKey }]);

    const run = lineside(dir, bundle, ['--server-key', keyFingerprint(demo.server.app.serverKey.publicKey)]);
    expect(run.stderr).toBe('');
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toContain(`server key server#1 (fingerprint ${keyFingerprint(demo.server.app.serverKey.publicKey)}) matches the pinned fingerprint`);
    expect(run.stdout).toMatch(/kiosk key K-DISP-1#1 of station DISP-1 .*enrolled at .*approved by ada\.admin/);
    expect(run.stdout).toMatch(new RegExp(`chain K-DISP-1#1 \\(kiosk K-DISP-1\\) seq ${chain.fromSeq}\\.\\.${chain.toSeq}: ${chain.records.length} records, ${chain.orderSeqs.length} of order ORD-0001; every kiosk signature and every seq and prevHash link verified; the server's receipt`));
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^VERIFIED: .* order ORD-0001, \d+ checks passed$/);
  });

  it('refuses an edited record, naming it', () => {
    const edited = copy(bundle);
    const weighing = records(edited).find((r) => r.type === 'order.weighing-recorded')!;
    (weighing.payload as Record<string, unknown>)['net'] = '25.000';
    const run = lineside(dir, edited);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`FAILED: chain K-DISP-1#1, record ${records(edited).indexOf(weighing) + 1} of ${records(edited).length} (seq ${weighing.seq}, order.weighing-recorded): the kiosk's signature does not verify with key K-DISP-1#1: the record was changed after it was signed`);
  });

  it('refuses a removed record: in the middle, the first, the last', () => {
    const middle = copy(bundle);
    const [removed] = records(middle).splice(10, 1);
    let run = lineside(dir, middle);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`FAILED: chain K-DISP-1#1, record 11 of ${records(middle).length}: record seq ${removed!.seq + 1} follows seq ${removed!.seq - 1}: expected seq ${removed!.seq}: a record was removed, added or moved`);

    const first = copy(bundle);
    records(first).shift();
    run = lineside(dir, first);
    expect(run.stdout).toContain(`FAILED: chain K-DISP-1#1, record 1 of ${records(first).length}: seq ${bundle.chains[0]!.fromSeq + 1}, but the segment starts at seq ${bundle.chains[0]!.fromSeq}: its first record was removed or another added`);

    const last = copy(bundle);
    records(last).pop();
    run = lineside(dir, last);
    expect(run.stdout).toContain(`FAILED: chain K-DISP-1#1: the segment should end at seq ${bundle.chains[0]!.toSeq}, but its records end at seq ${bundle.chains[0]!.toSeq - 1}: records were removed`);
  });

  it('refuses reordered records', () => {
    const reordered = copy(bundle);
    const list = records(reordered);
    [list[20], list[21]] = [list[21]!, list[20]!];
    const run = lineside(dir, reordered);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`FAILED: chain K-DISP-1#1, record 21 of ${list.length}: record seq ${list[20]!.seq} follows seq ${list[19]!.seq}`);
  });

  it('refuses an added record: a forged one at the end, a copy in the middle', () => {
    const forger = importPrivateKey(generateKioskKey().privateKeyPem);
    const added = copy(bundle);
    const list = records(added);
    const last = list.at(-1)!;
    const { sig: _sig, ...unsigned } = last;
    const { record: forged } = signRecord({ ...(unsigned as UnsignedRecord), seq: last.seq + 1, prevHash: bundle.chains[0]!.receipt.ackedHash, payload: { orderId: 'ORD-0001' } }, forger);
    list.push(forged);
    let run = lineside(dir, added);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`FAILED: chain K-DISP-1#1, record ${list.length} of ${list.length}: seq ${last.seq + 1} lies beyond the segment's end (seq ${last.seq}): a record was added`);

    const copied = copy(bundle);
    records(copied).splice(5, 0, structuredClone(records(copied)[30]!));
    run = lineside(dir, copied);
    expect(run.stdout).toContain(`FAILED: chain K-DISP-1#1, record 6 of ${records(copied).length}: record seq ${records(copied)[5]!.seq} follows seq ${records(copied)[4]!.seq}`);
  });

  it("refuses a swapped kiosk key: the records re-signed with another key don't match the key the server enrolled", () => {
    const swapped = copy(bundle);
    const other = generateKioskKey();
    const key = importPrivateKey(other.privateKeyPem);
    let prevHash = records(swapped)[0]!.prevHash;
    swapped.chains[0]!.records = records(swapped).map((record) => {
      const { sig: _sig, ...unsigned } = record;
      const signed = signRecord({ ...(unsigned as UnsignedRecord), prevHash }, key);
      prevHash = signed.hash;
      return signed.record as unknown as Record<string, never>;
    });
    swapped.kioskKeys[0] = { ...swapped.kioskKeys[0]!, publicKey: other.publicKey, fingerprint: keyFingerprint(other.publicKey) };
    const run = lineside(dir, swapped);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/FAILED: kiosk key K-DISP-1#1: the key enrolled \(audit seq \d+\) has fingerprint [0-9a-f]{16}, not [0-9a-f]{16}: the key was swapped/);

    // Only the public key swapped: the kiosk's own signatures no longer verify.
    const keyOnly = copy(bundle);
    keyOnly.kioskKeys[0] = { ...keyOnly.kioskKeys[0]!, publicKey: other.publicKey };
    expect(lineside(dir, keyOnly).stdout).toContain("FAILED: kiosk key K-DISP-1#1: its public key has fingerprint");
  });

  it('refuses a dropped chain or audit entry, an edited audit entry, and a server key other than the pinned one', () => {
    const noChain = copy(bundle);
    noChain.chains = [];
    expect(lineside(dir, noChain).stdout).toContain(`FAILED: the manifest lists the chain segment K-DISP-1#1 seq ${bundle.chains[0]!.fromSeq}..${bundle.chains[0]!.toSeq}, which the bundle lacks: records were removed`);

    const noAudit = copy(bundle);
    const [dropped] = noAudit.audit.splice(0, 1);
    expect(lineside(dir, noAudit).stdout).toContain(`FAILED: the manifest lists audit entry seq ${dropped!.seq}, which the bundle lacks: it was removed`);

    const editedAudit = copy(bundle);
    const approval = editedAudit.audit.find((e) => e.action === 'kiosk.approved')!;
    approval.actor = 'mallory';
    expect(lineside(dir, editedAudit).stdout).toContain(`FAILED: audit entry seq ${approval.seq}: its content does not match its hash`);

    // A forger's server key that re-signs the manifest verifies only if nobody pins the real one.
    const forger = generateKioskKey();
    const forged = copy(bundle);
    forged.server.keys = [{ keyId: 'server#1', publicKey: forger.publicKey }];
    const { sig: _sig, ...manifest } = forged.manifest;
    forged.manifest = signObject(manifest, importPrivateKey(forger.privateKeyPem));
    const real = keyFingerprint(demo.server.app.serverKey.publicKey);
    const run = lineside(dir, forged, ['--server-key', real]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`FAILED: no server key in the bundle has the pinned fingerprint ${real}: the bundle is not from that server`);
    expect(forger.publicKey).not.toBe(demo.server.app.serverKey.publicKey);
    // Unpinned, the same forgery still fails where the real server's signatures are: the audit entries.
    expect(lineside(dir, forged).stdout).toMatch(/FAILED: audit entry seq \d+: the signature does not verify with server key server#1/);
  });

  it('any single record edited, removed, moved or duplicated: never verifies (property)', () => {
    const n = records(bundle).length;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: n - 1 }), fc.constantFrom('edit', 'remove', 'move', 'duplicate'), fc.integer({ min: 1, max: 5 }), (at, kind, distance) => {
        const tampered = copy(bundle);
        const list = records(tampered);
        if (kind === 'edit') (list[at]!.payload as Record<string, unknown>)['tampered'] = true;
        if (kind === 'remove') list.splice(at, 1);
        if (kind === 'move') {
          const [moved] = list.splice(at, 1);
          const to = Math.min(list.length, at + distance);
          // Moving the last record "forward" puts it back where it was: not a tampering.
          fc.pre(to !== at);
          list.splice(to, 0, moved!);
        }
        if (kind === 'duplicate') list.splice(Math.min(list.length, at + distance), 0, structuredClone(list[at]!));
        const result = verifyBundle(tampered);
        return !result.ok && /chain K-DISP-1#1/.test(result.failure ?? '');
      }),
      { numRuns: 60 },
    );
  });

  it('carries the batch record and a review signature over its hash; an edited record or a signature moved to another content is refused', async () => {
    const db = demo.server.app.db;
    const { contentHash } = await assembleBatchRecord(db, demo.orderId);
    expect(bundle.manifest.batchRecordHash).toBe(contentHash);
    expect(lineside(dir, bundle).stdout).toContain('no review signature in the bundle: the batch record has not been reviewed');

    // The review through the review API: every exception marked, then the Part 11 signature.
    const view = (await demo.reviewer('GET', `/api/v1/batch-records/${demo.orderId}`)).body as { contentHash: string; record: { exceptions: { id: string }[] } };
    expect(view.contentHash).toBe(contentHash);
    for (const { id } of view.record.exceptions) expect((await demo.reviewer('POST', `/api/v1/batch-records/${demo.orderId}/marks`, { exceptionId: id, comment: `assessed: ${id}` })).status).toBe(201);
    const signed = await demo.reviewer('POST', `/api/v1/batch-records/${demo.orderId}/signatures`, { userId: REVIEWER.userId, password: REVIEWER.password, meaning: 'reviewed', contentHash });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    const signedAt = (signed.body['signature'] as { signedAt: string }).signedAt;
    const response = await fetch(`${demo.server.url}/api/v1/batch-records/${demo.orderId}/bundle`, { headers: { authorization: `Bearer ${await token('sam.supervisor')}` } });
    const reviewed = (await response.json()) as Bundle;
    expect(reviewed.reviews).toEqual([expect.objectContaining({ userId: REVIEWER.userId, meaning: 'reviewed', batchRecordHash: contentHash, current: true })]);
    const run = lineside(dir, reviewed);
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toContain(`the "reviewed" signature of Rita Reviewer (rita.reviewer) at ${signedAt}: over batch record ${contentHash}, recorded in the server's signed audit entry seq`);

    const editedRecord = structuredClone(reviewed);
    (editedRecord.batchRecord as { header: { batchNumber: string } }).header.batchNumber = 'B-FORGED';
    expect(lineside(dir, editedRecord).stdout).toMatch(/FAILED: the batch record's hash is sha256:[0-9a-f]{64}, but the server's manifest says sha256:[0-9a-f]{64}: the batch record was changed/);
    const movedSignature = structuredClone(reviewed);
    movedSignature.reviews[0] = { ...movedSignature.reviews[0]!, meaning: 'approved-for-release' };
    expect(lineside(dir, movedSignature).stdout).toMatch(/FAILED: the "approved-for-release" signature of Rita Reviewer .*: the server's signed audit entry seq \d+ says meaning "reviewed", not "approved-for-release"/);
  });

  it('answers bad input with one clear line and exit 2; the route refuses operators and unknown orders', async () => {
    for (const [input, message] of [
      ['{"records": [', /is not JSON: /],
      ['[1, 2]', /not a bundle: the file holds JSON, but not an object/],
      [JSON.stringify({ ...bundle, version: 2 }), /bundle version 2 is not supported: this verifier reads version 1/],
      [JSON.stringify({ ...bundle, format: 'something-else' }), /not a Lineside batch-record bundle: "format" is "something-else"/],
      [JSON.stringify({ ...bundle, kioskKeys: undefined }), /the bundle does not follow the format: /],
    ] as const) {
      const run = lineside(dir, input);
      expect(run.status, input.slice(0, 40)).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
    const missing = spawnSync(process.execPath, [BIN, path.join(dir, 'nope.json')], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`lineside-verify: ${path.join(dir, 'nope.json')}: no such file\n`);

    const operator = await fetch(`${demo.server.url}/api/v1/batch-records/${demo.orderId}/bundle`, { headers: { authorization: `Bearer ${await token('olivia.operator')}` } });
    expect(operator.status).toBe(403);
    const unknown = await fetch(`${demo.server.url}/api/v1/batch-records/ORD-9999/bundle`, { headers: { authorization: `Bearer ${await token('sam.supervisor')}` } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ reason: 'not-found', message: 'the server holds no record of order ORD-9999' });
  });
});
