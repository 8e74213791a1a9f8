// Issue 10: the printable batch record of the demo order as the REAL kiosk recorded and synced it. The PDF's
// text (pdftotext, page by page) must carry what a supervisor checks on paper: the header and "page x of y"
// on every page, each signature with printed name, date and time and meaning (21 CFR 11.50), the exceptions
// with their review, the completeness statement, the full record.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assembleBatchRecord } from '../../apps/sync-server/src/review/batch-record.js';
import { onEachEngine } from '../faults/support/engines.js';
import { cleanupList, ownTempDir } from '../faults/support/sync-fixture.js';
import { demoOrderServer, REVIEWER, waitForChecks, type DemoOrderServer } from './support/demo-order.js';

const cleanups = cleanupList();
afterAll(() => cleanups.run());

/** Where the pages are kept to be looked at (common.md: PDFs are rendered with pdftoppm and looked at). */
const SHOTS = '/work/shots/export-verify';

function pagesOf(pdf: Buffer, dir: string): string[] {
  const file = path.join(dir, 'record.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').filter((page) => page.trim() !== '');
}

onEachEngine('the printable batch record (issue 10)', (fresh, engine) => {
  let demo: DemoOrderServer;
  let dir: string;
  let token: (userId: string) => Promise<string>;
  const pdf = async (userId = 'sam.supervisor', orderId = demo.orderId) => fetch(`${demo.server.url}/api/v1/batch-records/${orderId}/pdf`, { headers: { authorization: `Bearer ${await token(userId)}` } });

  beforeAll(async () => {
    demo = await demoOrderServer(cleanups, await fresh());
    dir = ownTempDir(cleanups, 'pdf');
    token = async (userId) => {
      const password = userId === REVIEWER.userId ? REVIEWER.password : demo.server.credentials![userId]!.password;
      const response = await fetch(`${demo.server.url}/api/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, password }) });
      return ((await response.json()) as { token: string }).token;
    };
  }, 300_000);

  it('prints the header and page x of y on every page, the 11.50 signature manifestations, the exceptions unreviewed, the completeness statement and the full record', async () => {
    const response = await pdf();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="ORD-0001.batch-record.pdf"');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    if (engine === 'sqlite') {
      mkdirSync(SHOTS, { recursive: true });
      writeFileSync(path.join(SHOTS, 'demo-order.batch-record.pdf'), bytes);
    }

    const { record, contentHash } = await assembleBatchRecord(demo.server.app.db, demo.orderId);
    const pages = pagesOf(bytes, dir);
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((page, i) => {
      expect(page, `page ${i + 1}`).toContain('Batch record · Order ORD-0001');
      expect(page, `page ${i + 1}`).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(page, `page ${i + 1}`).toMatch(/Product: .* Batch: /);
      expect(page, `page ${i + 1}`).toContain(`content ${contentHash}`);
    });
    const text = pages.join('\n');
    // Each signature given at the kiosk: printed name, date and time with its zone, meaning.
    for (const signature of record.signatures) {
      const at = signature.signedAt.replace('T', ' ').replace(/\.\d+/, '').replace(/(Z|\+00:00)$/, '');
      expect(text).toContain(signature.signer.printedName);
      expect(text).toMatch(new RegExp(`${at.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (UTC|\\+00:00)`));
    }
    expect(text).toMatch(/Olivia Operator \(olivia\.operator\)\s+\S+ \S+ \S+\s+performed/);
    expect(text).toContain('No review signature yet.');
    expect(text).toContain(`Exceptions (${record.exceptions.length})`);
    expect(record.exceptions.length).toBeGreaterThan(2);
    expect(text.match(/NOT reviewed/g)?.length).toBe(record.exceptions.length);
    expect(text).toContain(record.completeness.statement.slice(0, 60));
    expect(text).toContain('The full record');
    expect(text).toContain(`Timeline (${record.timeline.length} acts)`);
    for (const weighing of record.weighings) for (const part of [`gross ${weighing.gross} ${weighing.unit}`, `net ${weighing.net} ${weighing.unit}`]) expect(text).toContain(part);
  });

  it('prints the review given through the review API — each mark, the signature with its meaning — and says REOPENED with the earlier signature as history once a late record arrives', async () => {
    const orderId = demo.orderId;
    const view = (await demo.reviewer('GET', `/api/v1/batch-records/${orderId}`)).body as { contentHash: string; record: { exceptions: { id: string }[] } };
    for (const { id } of view.record.exceptions) {
      const marked = await demo.reviewer('POST', `/api/v1/batch-records/${orderId}/marks`, { exceptionId: id, comment: `assessed, acceptable: ${id}` });
      expect(marked.status, JSON.stringify(marked.body)).toBe(201);
    }
    const signed = await demo.reviewer('POST', `/api/v1/batch-records/${orderId}/signatures`, { userId: REVIEWER.userId, password: REVIEWER.password, meaning: 'reviewed', contentHash: view.contentHash });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    const signedAt = (signed.body['signature'] as { signedAt: string }).signedAt;

    let text = pagesOf(Buffer.from(await (await pdf()).arrayBuffer()), dir).join('\n');
    expect(text).toMatch(new RegExp(`Rita Reviewer \\(rita\\.reviewer\\)\\s+${signedAt.slice(0, 10)} ${signedAt.slice(11, 19)} UTC\\s+reviewed`));
    expect(text).toContain(`batch record content ${view.contentHash.slice(0, 30)}`);
    expect(text).not.toContain('NOT reviewed');
    expect(text.match(/reviewed by Rita Reviewer/g)?.length).toBe(view.record.exceptions.length);
    expect(text).toMatch(/Review\s+reviewed\n/);
    if (engine === 'sqlite') writeFileSync(path.join(SHOTS, 'demo-order.reviewed.batch-record.pdf'), Buffer.from(await (await pdf()).arrayBuffer()));

    // A record of the order arrives after the sign-off: the printout must not pass the old signature off as current.
    await demo.station.login('oscar.operator');
    await demo.station.ok('openDeviation', { severity: 'low', title: 'Label printer jammed', description: 'Container labels of step 8 reprinted', orderId });
    await demo.station.synced();
    await waitForChecks(demo.server);
    const reopened = Buffer.from(await (await pdf()).arrayBuffer());
    text = pagesOf(reopened, dir).join('\n');
    expect(text).toMatch(/REOPENED: 1 record\(s\) of the order arrived after Rita Reviewer signed/);
    expect(text).toMatch(/an EARLIER\s+content/);
    expect(text).toContain('NOT reviewed');
    if (engine === 'sqlite') writeFileSync(path.join(SHOTS, 'demo-order.reopened.batch-record.pdf'), reopened);
  });

  it('is for reviewers; an order the server never heard of is a 404', async () => {
    expect((await pdf('olivia.operator')).status).toBe(403);
    const unknown = await pdf('sam.supervisor', 'ORD-9999');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ reason: 'not-found', message: 'the server holds no record of order ORD-9999' });
  });
});
