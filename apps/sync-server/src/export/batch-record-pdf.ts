import PDFDocument from 'pdfkit';
import type { BatchRecord, RecordRef, ReviewState } from '../review/batch-record.js';
import { dispositionWords } from '../review/disposition.js';
import { meaningWords } from '../review/review-state.js';

/**
 * The printable batch record (issue 10): a header on every page (order, product, batch, page x of y),
 * the signature manifestations of 21 CFR 11.50 (printed name, date and time, meaning), the exceptions,
 * the completeness statement, then the full record. pdfkit with its standard fonts: nothing to install.
 */
export interface PdfMeta {
  readonly contentHash: string;
  readonly printedAt: string;
  readonly printedBy: string;
}

const MARGIN = { top: 78, bottom: 54, left: 42, right: 42 };
const BODY = 8.5;
const SMALL = 7.5;
const GREY = '#555555';
const RULE = '#bbbbbb';
const HEAD_FILL = '#e8e8e8';
/** Column widths in points: `2026-11-25 07:34:45 UTC` and `K-DISP-1#1:123` on one line. */
const TIME = 94;
const REF = 62;

// The standard PDF fonts speak WinAnsi only: anything else would print as garbage, so it is spelt out.
const SPELLED: Record<string, string> = { '≤': '<=', '≥': '>=', '→': '->', '←': '<-', '✓': 'ok', '✗': 'x', '−': '-', '×': 'x', '…': '...', ' ': ' ' };
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
function printable(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch) || ch === '\n') out += ch;
    else out += SPELLED[ch] ?? '?';
  }
  return out;
}

/** `2026-11-25T07:12:30.123+01:00` → `2026-11-25 07:12:30 +01:00` (`UTC` for Z and +00:00): the zone stays printed (FDA: a clear time zone reference). */
export function printedTime(iso: string | null | undefined): string {
  if (!iso) return '-';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  if (!m) return iso;
  return `${m[1]} ${m[2]} ${m[3] === 'Z' || m[3] === '+00:00' ? 'UTC' : m[3]}`;
}

const ref = (r: RecordRef) => `${r.keyId}:${r.seq}`;
/** `K-DISP-1#1:47, 74, 75`: the records of one key together. */
function refs(list: readonly RecordRef[]): string {
  const byKey = new Map<string, number[]>();
  for (const r of list) byKey.set(r.keyId, [...(byKey.get(r.keyId) ?? []), r.seq]);
  return [...byKey].map(([key, seqs]) => `${key}:${seqs.join(', ')}`).join('; ');
}
const person = (p: { printedName: string; userId: string } | null | undefined) => (p ? `${p.printedName} (${p.userId})` : '-');
const orDash = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '-' : String(v));

interface Column<T> {
  readonly title: string;
  /** Share of the content width left after the fixed columns. */
  readonly width: number;
  /** A fixed width in points (times and record references must not wrap). */
  readonly points?: number;
  readonly cell: (row: T) => string;
}

class Printer {
  readonly doc: PDFKit.PDFDocument;
  readonly width: number;

  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc;
    this.width = doc.page.width - MARGIN.left - MARGIN.right;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN.bottom;
  }

  /** Starts a new page when fewer than `height` points are left. */
  room(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  heading(text: string): void {
    this.room(60);
    this.doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).fillColor('black').text(printable(text), MARGIN.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.25);
  }

  subheading(text: string): void {
    this.room(40);
    this.doc.moveDown(0.3).font('Helvetica-Bold').fontSize(9.5).fillColor('black').text(printable(text), MARGIN.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.15);
  }

  para(text: string, options: { bold?: boolean; color?: string; size?: number } = {}): void {
    const size = options.size ?? BODY;
    this.doc.font(options.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size);
    this.room(this.doc.heightOfString(printable(text), { width: this.width }) + 2);
    this.doc.fillColor(options.color ?? 'black').text(printable(text), MARGIN.left, this.doc.y, { width: this.width });
    this.doc.fillColor('black');
  }

  none(what: string): void {
    this.para(`No ${what}.`, { color: GREY });
  }

  /** Label and value pairs in two columns of label/value. */
  facts(pairs: readonly (readonly [string, string])[]): void {
    const labelWidth = 120;
    for (const [label, value] of pairs) {
      this.doc.font('Helvetica').fontSize(BODY);
      const height = Math.max(this.doc.heightOfString(printable(value), { width: this.width - labelWidth }), 10);
      this.room(height + 2);
      const y = this.doc.y;
      this.doc.font('Helvetica-Bold').fillColor(GREY).text(printable(label), MARGIN.left, y, { width: labelWidth - 6 });
      this.doc.font('Helvetica').fillColor('black').text(printable(value), MARGIN.left + labelWidth, y, { width: this.width - labelWidth });
      this.doc.y = y + height + 2;
    }
  }

  table<T>(columns: readonly Column<T>[], rows: readonly T[]): void {
    const fixed = columns.reduce((sum, c) => sum + (c.points ?? 0), 0);
    const total = columns.reduce((sum, c) => sum + (c.points === undefined ? c.width : 0), 0);
    const widths = columns.map((c) => c.points ?? (c.width / total) * (this.width - fixed));
    const pad = 2.5;
    // Most cells are one short line: measured by glyph widths, drawn without the line wrapper (the wrapper
    // is what a 2,000-row timeline spends its time in).
    const fits = (cell: string, i: number) => !cell.includes('\n') && this.doc.widthOfString(cell) <= widths[i]! - 2 * pad;
    /** The row's height, and which cells fit on one line (measured once: pdfkit's glyph widths and kerning are the cost). */
    const measure = (cells: readonly string[], bold: boolean) => {
      this.doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(SMALL);
      const line = this.doc.currentLineHeight(true);
      const oneLine = cells.map((cell, i) => fits(cell, i));
      const height = Math.max(...cells.map((cell, i) => (oneLine[i] ? line : this.doc.heightOfString(cell || ' ', { width: widths[i]! - 2 * pad })))) + 2 * pad;
      return { height, oneLine };
    };
    const draw = (cells: readonly string[], bold: boolean, size: { height: number; oneLine: readonly boolean[] }) => {
      const y = this.doc.y;
      if (bold) this.doc.rect(MARGIN.left, y, this.width, size.height).fill(HEAD_FILL);
      let x = MARGIN.left;
      this.doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(SMALL).fillColor('black');
      cells.forEach((cell, i) => {
        if (size.oneLine[i]) this.doc.text(cell, x + pad, y + pad, { lineBreak: false });
        else this.doc.text(cell, x + pad, y + pad, { width: widths[i]! - 2 * pad, lineBreak: true });
        x += widths[i]!;
      });
      this.doc
        .moveTo(MARGIN.left, y + size.height)
        .lineTo(MARGIN.left + this.width, y + size.height)
        .lineWidth(0.4)
        .strokeColor(RULE)
        .stroke();
      this.doc.y = y + size.height;
    };
    const titles = columns.map((c) => printable(c.title));
    const head = measure(titles, true);
    const header = () => draw(titles, true, head);
    this.room(head.height + 14);
    header();
    for (const row of rows) {
      const cells = columns.map((c) => printable(c.cell(row)));
      const size = measure(cells, false);
      if (this.doc.y + size.height > this.bottom) {
        this.doc.addPage();
        header();
      }
      draw(cells, false, size);
    }
    this.doc.x = MARGIN.left;
    this.doc.moveDown(0.4);
  }
}

/** Renders the batch record; resolves with the PDF's bytes. */
export function renderBatchRecordPdf(record: BatchRecord, review: ReviewState, meta: PdfMeta): Promise<Buffer> {
  const h = record.header;
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    info: { Title: `Batch record ${h.orderId}`, Author: 'Lineside', Subject: `Order ${h.orderId}, batch ${h.batchNumber ?? '-'}, content ${meta.contentHash}`, Creator: 'Lineside sync server' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const p = new Printer(doc);

  summary(p, record, review, meta);
  signatureManifestations(p, record, review);
  exceptions(p, record, review);
  completeness(p, record);
  fullRecord(p, record);
  pageFrames(doc, record, meta);
  doc.end();
  return done;
}

function summary(p: Printer, record: BatchRecord, review: ReviewState, meta: PdfMeta): void {
  const h = record.header;
  p.doc.font('Helvetica-Bold').fontSize(16).text(printable(`Batch record: order ${h.orderId}`), MARGIN.left, p.doc.y);
  p.doc.moveDown(0.3);
  const marked = new Set(review.marks.filter((m) => m.current).map((m) => m.exceptionId));
  const status = `${review.status.replace(/-/g, ' ')}${review.reopened ? ` - REOPENED: ${review.reopened.reason}` : ''}`;
  p.facts([
    ['Product', orDash(h.product)],
    ['Batch', orDash(h.batchNumber)],
    ['Recipe', h.recipe ? `${h.recipe.id} version ${h.recipe.version}${h.recipe.name ? ` (${h.recipe.name})` : ''}, ${orDash(h.recipe.status)}${h.recipe.approval?.approvedBy ? `, approved by ${h.recipe.approval.approvedBy}${h.recipe.approval.approvedAt ? ` ${printedTime(h.recipe.approval.approvedAt)}` : ''}` : ''}` : '-'],
    ['Batch size', h.recipe?.batchSize ? `${h.recipe.batchSize} ${orDash(h.recipe.batchUnit)}` : '-'],
    ['Master data', h.masterDataVersion === null ? '-' : `version ${h.masterDataVersion} in force at the kiosk when the order started`],
    ['Station, kiosks', `${orDash(h.stationId)}; ${h.kiosks.join(', ') || '-'}`],
    ['Order status', h.status],
    ['Started', `${printedTime(h.startedAt)} by ${person(h.startedBy)}`],
    ['Completed', `${printedTime(h.completedAt)} by ${person(h.completedBy)}`],
    ['Review', status],
    ['Exceptions', `${record.exceptions.length}, of which ${record.exceptions.filter((e) => marked.has(e.id)).length} marked reviewed`],
    ['Completeness', record.completeness.complete ? 'complete' : 'NOT complete: see the completeness statement'],
    ['Content hash', `${meta.contentHash} (SHA-256 of the canonical JSON of this record: what a review signature signs)`],
    ['Printed', `${printedTime(meta.printedAt)} by ${meta.printedBy}`],
  ]);
}

function signatureManifestations(p: Printer, record: BatchRecord, review: ReviewState): void {
  p.heading('Signatures (21 CFR 11.50)');
  p.subheading('Review of this batch record (signed centrally, user id and password re-entered)');
  if (review.signatures.length === 0) p.none('review signature yet');
  else
    p.table<ReviewState['signatures'][number]>(
      [
        { title: 'Printed name', width: 2.2, cell: (s) => person(s.signer) },
        { title: 'Date and time', width: 0, points: TIME, cell: (s) => printedTime(s.signedAt) },
        { title: 'Meaning', width: 1.6, cell: (s) => meaningWords(s.meaning) },
        { title: 'Signs', width: 4, cell: (s) => `batch record content ${s.contentHash}${s.current ? '' : ' - an EARLIER content: records arrived after this signature, the review is open again'}` },
      ],
      review.signatures,
    );
  p.subheading('Signatures given at the kiosks');
  const all = [...record.signatures, ...record.deviations.flatMap((d) => d.closingSignatures)].filter((s, i, list) => list.findIndex((o) => o.signatureId === s.signatureId) === i);
  if (all.length === 0) p.none('signature');
  else
    p.table<(typeof all)[number]>(
      [
        { title: 'Printed name', width: 2.2, cell: (s) => person(s.signer) },
        { title: 'Date and time', width: 0, points: TIME, cell: (s) => printedTime(s.signedAt) },
        { title: 'Meaning', width: 1.3, cell: (s) => s.meaning },
        { title: 'Signs', width: 3.2, cell: (s) => `${s.signs}${s.reason ? `; reason: ${s.reason}` : ''}` },
        { title: 'Record', width: 0, points: REF, cell: (s) => ref(s.record) },
      ],
      all,
    );
}

function exceptions(p: Printer, record: BatchRecord, review: ReviewState): void {
  p.heading(`Exceptions (${record.exceptions.length})`);
  if (record.exceptions.length === 0) {
    p.none('exception: nothing in this record departed from the recipe or the rules');
    return;
  }
  p.table<BatchRecord['exceptions'][number]>(
    [
      { title: 'Severity', width: 0.9, cell: (e) => e.severity },
      { title: 'Exception', width: 4.4, cell: (e) => `${e.title}${e.stepId ? ` (step ${e.stepId})` : ''}\n${e.message}` },
      { title: 'Records', width: 1.3, cell: (e) => refs(e.records) },
      {
        title: 'Review',
        width: 2.6,
        cell: (e) => {
          const mark = review.marks.filter((m) => m.exceptionId === e.id && m.current).at(-1);
          return mark ? `reviewed by ${mark.markedBy.printedName} ${printedTime(mark.markedAt)}${mark.comment ? `: "${mark.comment}"` : ''}` : `NOT reviewed${e.needsComment ? ' (needs a comment)' : ''}`;
        },
      },
    ],
    record.exceptions,
  );
}

function completeness(p: Printer, record: BatchRecord): void {
  const c = record.completeness;
  p.heading('Completeness');
  p.para(c.statement, { bold: true, color: c.complete ? 'black' : '#a00000', size: 9.5 });
  p.doc.moveDown(0.3);
  p.table<(typeof c.checks)[number]>(
    [
      { title: 'Check', width: 4, cell: (k) => k.what },
      { title: 'Result', width: 0.8, cell: (k) => (k.ok ? 'holds' : 'FAILS') },
      { title: 'Missing or wrong', width: 4, cell: (k) => k.missing.join('; ') || '-' },
    ],
    c.checks,
  );
  p.subheading('Kiosk chains');
  p.table<(typeof c.chains)[number]>(
    [
      { title: 'Kiosk key', width: 1.4, cell: (k) => `${k.keyId}` },
      { title: 'Seq', width: 1.1, cell: (k) => `${k.fromSeq}-${k.toSeq}` },
      { title: 'Records (order)', width: 1.1, cell: (k) => `${k.records} (${k.orderRecords})` },
      { title: 'Proof', width: 3.6, cell: (k) => [k.contiguous ? 'contiguous' : 'GAPS', k.linked ? 'hashes link' : 'LINKS BROKEN', k.signaturesVerified ? 'signatures verified' : 'SIGNATURES FAIL', k.acknowledged ? 'receipt issued' : 'NO RECEIPT', k.checked ? 'checks ran' : 'CHECKS PENDING'].join(', ') },
      { title: 'Problems', width: 2.8, cell: (k) => k.problems.join('; ') || '-' },
    ],
    c.chains,
  );
}

function fullRecord(p: Printer, record: BatchRecord): void {
  p.doc.addPage();
  p.doc.font('Helvetica-Bold').fontSize(14).text('The full record', MARGIN.left, p.doc.y);
  p.para('Everything below is read from the signed kiosk records (times as the kiosk recorded them) and from the central master data as it was at the time of each act.', { color: GREY });

  p.heading('Steps');
  p.table<BatchRecord['steps'][number]>(
    [
      { title: 'Step', width: 0.5, cell: (s) => s.stepId },
      { title: 'Title', width: 3, cell: (s) => `${orDash(s.title)}${s.inRecipe ? '' : ' (NOT IN THE RECIPE)'}` },
      { title: 'Status', width: 1.1, cell: (s) => `${s.status}${s.completions > 1 ? ` (${s.completions}x)` : ''}` },
      { title: 'Started', width: 0, points: TIME, cell: (s) => printedTime(s.startedAt) },
      { title: 'Completed', width: 0, points: TIME, cell: (s) => printedTime(s.completedAt) },
      { title: 'Performed by', width: 2, cell: (s) => s.performedBy.map((x) => x.printedName).join(', ') || '-' },
    ],
    record.steps,
  );

  p.heading('Dispenses');
  if (record.dispenses.length === 0) p.none('dispense');
  else
    p.table<BatchRecord['dispenses'][number]>(
      [
        { title: 'Step', width: 0.5, cell: (d) => d.stepId },
        { title: 'Material', width: 1.2, cell: (d) => d.materialId },
        { title: 'Nominal', width: 1, cell: (d) => `${d.nominal} ${d.unit}` },
        { title: 'Target (limits)', width: 2.2, cell: (d) => `${d.target} ${d.unit} (${d.lower} - ${d.upper})` },
        { title: 'Dispensed', width: 1.2, cell: (d) => (d.dispensed ? `${d.dispensed} ${d.unit}` : '-') },
        { title: 'Tolerance', width: 0.9, cell: (d) => orDash(d.toleranceState) },
        { title: 'Record', width: 0, points: REF, cell: (d) => ref(d.record) },
      ],
      record.dispenses,
    );

  p.heading('Weighings');
  if (record.weighings.length === 0) p.none('weighing');
  else
    p.table<BatchRecord['weighings'][number]>(
      [
        { title: 'Step / cont.', width: 0, points: 34, cell: (w) => `${w.stepId} / ${w.containerNo}` },
        { title: 'Material, lot', width: 1, cell: (w) => `${w.materialId}\n${w.lotId}` },
        { title: 'Weights', width: 1.5, cell: (w) => `gross ${w.gross} ${w.unit}\ntare ${w.tare} ${w.unit} (${orDash(w.tareSource)})\nnet ${w.net} ${w.unit}` },
        { title: 'Balance at use', width: 2.5, cell: (w) => `${w.balanceId}; calibration ${w.calibration.status}${w.calibration.dueOn ? `, due ${w.calibration.dueOn}` : ''}${w.calibration.central.valid ? '' : ` - ${w.calibration.central.message}`}; routine test ${w.routineTest.status}${w.routineTest.at ? ` ${printedTime(w.routineTest.at)}` : ''}` },
        { title: 'Balance frame', width: 0, points: 66, cell: (w) => orDash(w.rawFrame) },
        { title: 'When, who', width: 0, points: TIME, cell: (w) => `${printedTime(w.at)}\n${w.by.printedName}${w.rejected ? `\nREJECTED (${dispositionWords(w.rejected.disposition)}): ${w.rejected.reason}` : ''}${w.flags.length ? `\nflags: ${w.flags.join(', ')}` : ''}` },
        { title: 'Record', width: 0, points: REF, cell: (w) => ref(w.record) },
      ],
      record.weighings,
    );

  p.heading('Lot scans');
  if (record.scans.length === 0) p.none('scan');
  else
    p.table<BatchRecord['scans'][number]>(
      [
        { title: 'Step', width: 0.5, cell: (s) => s.stepId },
        { title: 'Lot (material)', width: 1.6, cell: (s) => `${s.lotId} (${s.materialId})` },
        { title: 'Expiry', width: 0.9, cell: (s) => s.expiry },
        { title: 'Entry', width: 0.7, cell: (s) => s.entry },
        { title: 'Status at the time', width: 1.8, cell: (s) => `${orDash(s.lotStatusAtTime)}${s.lotStatusReason ? ` (${s.lotStatusReason})` : ''}` },
        { title: 'FEFO override', width: 2, cell: (s) => (s.fefoOverride ? `instead of ${s.fefoOverride.firstExpiryLotId}, by ${s.fefoOverride.approvedBy.printedName}: ${s.fefoOverride.reason}` : '-') },
        { title: 'When, who', width: 0, points: TIME, cell: (s) => `${printedTime(s.at)}\n${s.by.printedName}` },
        { title: 'Record', width: 0, points: REF, cell: (s) => ref(s.record) },
      ],
      record.scans,
    );

  p.heading('pH readings');
  if (record.phReadings.length === 0) p.none('pH reading');
  else
    p.table<BatchRecord['phReadings'][number]>(
      [
        { title: 'Step', width: 0.5, cell: (r) => r.stepId },
        { title: 'Meter', width: 0.8, cell: (r) => r.meterId },
        { title: 'pH (mV, °C)', width: 1.5, cell: (r) => `${r.ph} (${r.mv} mV, ${r.temperatureC} °C)` },
        { title: 'Limits, result', width: 1.5, cell: (r) => `${r.low} - ${r.high}: ${r.result}` },
        { title: 'Calibration', width: 2.3, cell: (r) => `${r.calibration.status}; buffers ${r.bufferCalibration.status}${r.bufferCalibration.at ? ` ${printedTime(r.bufferCalibration.at)}` : ''}` },
        { title: 'When, who', width: 0, points: TIME, cell: (r) => `${printedTime(r.at)}\n${r.by.printedName}` },
        { title: 'Record', width: 0, points: REF, cell: (r) => ref(r.record) },
      ],
      record.phReadings,
    );

  p.heading('Checks');
  if (record.checks.length === 0) p.none('check');
  else
    p.table<BatchRecord['checks'][number]>(
      [
        { title: 'Step', width: 0.5, cell: (c) => c.stepId },
        { title: 'Value', width: 2, cell: (c) => orDash(c.value) },
        { title: 'Result', width: 1, cell: (c) => (c.passed ? 'passed' : 'FAILED') },
        { title: 'When, who', width: 2, cell: (c) => `${printedTime(c.at)}, ${c.by.printedName}` },
        { title: 'Record', width: 0, points: REF, cell: (c) => ref(c.record) },
      ],
      record.checks,
    );

  p.heading('Deviations');
  if (record.deviations.length === 0) p.none('deviation');
  else
    p.table<BatchRecord['deviations'][number]>(
      [
        { title: 'Deviation', width: 3.2, cell: (d) => `${d.severity.toUpperCase()}: ${d.title}${d.stepId ? ` (step ${d.stepId})` : ''}\n${d.description}` },
        { title: 'Opened', width: 1.6, cell: (d) => `${printedTime(d.openedAt)}\n${orDash(d.openedBy)}` },
        { title: 'Status', width: 1.5, cell: (d) => `${d.status}${d.closedAt ? ` ${printedTime(d.closedAt)}` : ''}` },
        { title: 'Closing signatures', width: 2.6, cell: (d) => d.closingSignatures.map((s) => `${s.meaning}: ${s.signer.printedName}, ${printedTime(s.signedAt)}`).join('\n') || '-' },
      ],
      record.deviations,
    );

  p.heading('Holds');
  if (record.holds.length === 0) p.none('hold');
  else
    p.table<BatchRecord['holds'][number]>(
      [
        { title: 'Hold', width: 2.6, cell: (x) => `${x.target.kind} ${x.target.id}: ${x.reason} (${x.source})` },
        { title: 'Placed', width: 1.8, cell: (x) => `${printedTime(x.placedAt)} ${orDash(x.placedBy)}` },
        { title: 'Released', width: 3, cell: (x) => (x.released ? `${printedTime(x.released.at)} by ${x.released.by}: ${x.released.reason}` : 'NOT released') },
      ],
      record.holds,
    );

  p.heading('Overrides');
  if (record.overrides.length === 0) p.none('override');
  else
    p.table<BatchRecord['overrides'][number]>(
      [
        { title: 'Step', width: 0.5, cell: (o) => o.stepId },
        { title: 'Override', width: 3.5, cell: (o) => `${o.kind}: ${o.what}\nreason: ${o.reason}` },
        { title: 'Approved by', width: 1.6, cell: (o) => o.approvedBy.printedName },
        { title: 'When', width: 0, points: TIME, cell: (o) => printedTime(o.at) },
        { title: 'Record', width: 0, points: REF, cell: (o) => ref(o.record) },
      ],
      record.overrides,
    );

  p.heading('Pauses');
  if (record.pauses.length === 0) p.none('pause');
  else
    p.table<BatchRecord['pauses'][number]>(
      [
        { title: 'Paused', width: 2, cell: (x) => `${printedTime(x.pausedAt)} by ${x.pausedBy}` },
        { title: 'Reason', width: 2.5, cell: (x) => x.reason },
        { title: 'Resumed', width: 2, cell: (x) => (x.resumedAt ? `${printedTime(x.resumedAt)} by ${orDash(x.resumedBy)}` : 'not resumed') },
      ],
      record.pauses,
    );

  p.heading('Offline intervals and clock anomalies');
  if (record.offlineIntervals.length === 0) p.none('offline interval');
  else
    p.table<BatchRecord['offlineIntervals'][number]>(
      [
        { title: 'Kiosk key', width: 1.3, cell: (o) => o.keyId },
        { title: 'Offline from - to', width: 2.6, cell: (o) => `${printedTime(o.from)} - ${printedTime(o.to)}` },
        { title: 'Delivered', width: 1.5, cell: (o) => printedTime(o.deliveredAt) },
        { title: 'Records', width: 0.7, cell: (o) => String(o.records) },
        { title: 'Grace', width: 1.8, cell: (o) => `longest ${(o.longestSinceSyncMinutes / 60).toFixed(1)} h of ${o.graceHours} h${o.beyondGrace ? ': BEYOND GRACE' : ''}` },
      ],
      record.offlineIntervals,
    );
  if (record.clockAnomalies.length === 0) p.none('clock anomaly');
  else
    p.table<BatchRecord['clockAnomalies'][number]>(
      [
        { title: 'Kiosk', width: 1, cell: (c) => c.kioskId },
        { title: 'When', width: 0, points: TIME, cell: (c) => printedTime(c.at) },
        { title: 'What', width: 4.5, cell: (c) => `${c.kind}: ${c.message}` },
        { title: 'Record', width: 0, points: REF, cell: (c) => ref(c.record) },
      ],
      record.clockAnomalies,
    );

  p.heading(`Timeline (${record.timeline.length} acts)`);
  p.table<BatchRecord['timeline'][number]>(
    [
      { title: 'When', width: 0, points: TIME, cell: (t) => printedTime(t.at) },
      { title: 'Step', width: 0.5, cell: (t) => orDash(t.stepId) },
      { title: 'What', width: 4.4, cell: (t) => t.what },
      { title: 'Who', width: 1.5, cell: (t) => t.by?.printedName ?? '-' },
      { title: 'Record', width: 0, points: REF, cell: (t) => ref(t.record) },
    ],
    record.timeline,
  );
}

/** The header and footer of every page, drawn once the page count is known. */
function pageFrames(doc: PDFKit.PDFDocument, record: BatchRecord, meta: PdfMeta): void {
  const h = record.header;
  const range = doc.bufferedPageRange();
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing in the margins must not start a new page.
    const margins = { ...doc.page.margins };
    doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
    const top = 30;
    doc.font('Helvetica-Bold').fontSize(10).fillColor('black').text(printable(`Batch record  ·  Order ${h.orderId}`), MARGIN.left, top, { width, lineBreak: false });
    doc.font('Helvetica-Bold').fontSize(10).text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN.left, top, { width, align: 'right', lineBreak: false });
    doc.font('Helvetica').fontSize(8.5).fillColor(GREY).text(printable(`Product: ${h.product ?? '-'}   ·   Batch: ${h.batchNumber ?? '-'}   ·   Recipe: ${h.recipe ? `${h.recipe.id} v${h.recipe.version}` : '-'}`), MARGIN.left, top + 15, { width, lineBreak: false });
    doc.moveTo(MARGIN.left, top + 30).lineTo(MARGIN.left + width, top + 30).lineWidth(0.8).strokeColor('black').stroke();
    const foot = doc.page.height - 36;
    doc.moveTo(MARGIN.left, foot - 5).lineTo(MARGIN.left + width, foot - 5).lineWidth(0.4).strokeColor(RULE).stroke();
    doc.font('Helvetica').fontSize(6.5).fillColor(GREY).text(printable(`Printed ${printedTime(meta.printedAt)} by ${meta.printedBy} from the Lineside sync server`), MARGIN.left, foot, { width, lineBreak: false });
    doc.text(`Batch record content ${meta.contentHash}`, MARGIN.left, foot + 9, { width, lineBreak: false });
    doc.fillColor('black');
    doc.page.margins = margins;
  }
}
