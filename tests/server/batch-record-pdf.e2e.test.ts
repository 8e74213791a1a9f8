// Issue 10: the printable batch record of the demo order as the REAL kiosk recorded and synced it. The PDF's
// text (pdftotext, page by page) must carry what a supervisor checks on paper: the header and "page x of y"
// on every page, each signature with printed name, date and time and meaning (21 CFR 11.50), the exceptions
// with their review, the completeness statement, the full record.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { canonicalize } from '@lineside/sync-protocol';
import { sha256 } from '@lineside/sync-protocol/node';
import { appendAudit } from '../../apps/sync-server/src/db/audit.js';
import { assembleBatchRecord } from '../../apps/sync-server/src/review/batch-record.js';
import { onEachEngine } from '../faults/support/engines.js';
import { cleanupList, ownTempDir } from '../faults/support/sync-fixture.js';
import { demoOrderServer, REVIEWER, type DemoOrderServer } from './support/demo-order.js';

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
  }, 120_000);

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

  it('prints a review signature with its meaning and marks, and says when records arrived after it', async () => {
    const db = demo.server.app.db;
    const { record, contentHash } = await assembleBatchRecord(db, demo.orderId);
    const exception = record.exceptions[0]!;
    await db.insertInto('review_marks').values({ order_id: demo.orderId, exception_id: exception.id, exception_fingerprint: sha256(canonicalize(exception)), comment: 'drums sealed for stability, QA agreed', marked_by: REVIEWER.userId, printed_name: REVIEWER.printedName, marked_at: '2026-11-25T12:00:00.000Z' }).execute();
    // A mark on an exception that has changed since does not count.
    await db.insertInto('review_marks').values({ order_id: demo.orderId, exception_id: record.exceptions[1]!.id, exception_fingerprint: sha256('an earlier version'), comment: null, marked_by: REVIEWER.userId, printed_name: REVIEWER.printedName, marked_at: '2026-11-25T12:01:00.000Z' }).execute();
    await db.insertInto('review_signatures').values({ signature_id: 'rs-1', order_id: demo.orderId, meaning: 'reviewed', signer_id: REVIEWER.userId, printed_name: REVIEWER.printedName, signed_at: '2026-11-25T12:05:00.000Z', content_hash: contentHash, record_count: 1 }).execute();
    await db.insertInto('review_signatures').values({ signature_id: 'rs-0', order_id: demo.orderId, meaning: 'reviewed', signer_id: REVIEWER.userId, printed_name: REVIEWER.printedName, signed_at: '2026-11-25T11:00:00.000Z', content_hash: sha256('older content'), record_count: 1 }).execute();
    await appendAudit(db, { at: '2026-11-25T12:05:00.000Z', actor: REVIEWER.userId, action: 'review.signed', target: `order/${demo.orderId}`, details: { signatureId: 'rs-1', meaning: 'reviewed', printedName: REVIEWER.printedName, signedAt: '2026-11-25T12:05:00.000Z', contentHash } });

    const response = await pdf();
    const text = pagesOf(Buffer.from(await response.arrayBuffer()), dir).join('\n');
    expect(text).toMatch(/Rita Reviewer \(rita\.reviewer\)\s+2026-11-25 12:05:00 UTC\s+reviewed/);
    expect(text).toContain(contentHash);
    expect(text).toMatch(/an EARLIER\s+content/);
    expect(text).toContain('reviewed by Rita Reviewer');
    expect(text).toContain('drums sealed for stability');
    expect(text.match(/NOT reviewed/g)?.length).toBe(record.exceptions.length - 1);
    expect(text).toMatch(/Review\s+reviewed/);
    if (engine === 'sqlite') {
      const signed = await pdf();
      writeFileSync(path.join(SHOTS, 'demo-order.reviewed.batch-record.pdf'), Buffer.from(await signed.arrayBuffer()));
    }
  });

  it('is for reviewers; an order the server never heard of is a 404', async () => {
    expect((await pdf('olivia.operator')).status).toBe(403);
    const unknown = await pdf('sam.supervisor', 'ORD-9999');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ reason: 'not-found', message: 'the server holds no record of order ORD-9999' });
  });
});
