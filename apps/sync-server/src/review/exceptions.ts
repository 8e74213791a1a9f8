import { DEVIATION_SEVERITIES } from '@lineside/domain';
import type { BatchRecordException, ExceptionKind, RecordRef, Severity } from './batch-record-schema.js';
import { dispositionWords } from './disposition.js';
import { sinceSyncMs, type Sections } from './sections.js';
import { text, type Row } from './assembly-input.js';

/** Ingest flags a lot or an instrument was used against (what the kiosk could not know offline). */
const BLOCK_FLAGS = ['CAL_INVALID_AT_USE', 'CONSUMED_HELD_LOT', 'UNKNOWN_EQUIPMENT', 'STALE_RECIPE', 'ORDER_CANCELLED'];
/** Flags another exception already stands for, so the reviewer marks each finding once. */
const COVERED_FLAGS = ['TOLERANCE_OVERRIDDEN', 'FEFO_OVERRIDDEN', 'DEVIATION_OPENED', 'DEVIATION_OPEN_AT_COMPLETION', 'LATE_ARRIVAL', 'CLOCK_SKEW', ...BLOCK_FLAGS];
const SERIOUS_FLAGS = ['UNAUTHORISED_ACT', 'SAME_PERSON_TWICE', 'SIGNER_NOT_AUTHORIZED', 'DUPLICATE_WEIGHING'];

const rank = (s: Severity) => DEVIATION_SEVERITIES.indexOf(s);
/** A reviewer says why in words for anything medium or worse. */
const needsCommentFor = (s: Severity) => rank(s) >= rank('medium');
const asSeverity = (s: string): Severity => ((DEVIATION_SEVERITIES as readonly string[]).includes(s) ? (s as Severity) : 'high');

export interface ExceptionInput {
  readonly sections: Sections;
  /** The order's rows and the segments' other rows, by time. */
  readonly order: readonly Row[];
  readonly around: readonly Row[];
  readonly completed: boolean;
  /** Recipe steps, in recipe order. */
  readonly recipeSteps: readonly { id: string; title: string; chargesSteps?: readonly string[] }[];
}

/**
 * The exceptions of a batch record, computed from the records (never typed): every finding has a stable
 * id (kind + what it is about), a severity, the records behind it and whether its mark needs a comment.
 * Sorted most severe first, then by id, so the same records give the same list.
 */
export function computeExceptions(input: ExceptionInput): BatchRecordException[] {
  const { sections, order, around } = input;
  const out: BatchRecordException[] = [];
  const add = (id: string, kind: ExceptionKind, severity: Severity, title: string, message: string, records: readonly RecordRef[], stepId: string | null = null, needsComment = needsCommentFor(severity)) =>
    out.push({ id, kind, severity, title, message, stepId, needsComment, records: [...records] });

  // Dispenses that ended out of tolerance: overridden (a second person accepted it) or not.
  for (const d of sections.dispenses) {
    if (d.toleranceState === null || d.toleranceState === 'in') continue;
    const override = sections.overrides.find((o) => o.kind === 'tolerance' && o.stepId === d.stepId);
    const weighings = sections.weighings.filter((w) => w.stepId === d.stepId).map((w) => w.record);
    if (override) {
      add(`tolerance-override:${d.stepId}`, 'tolerance-override', 'medium', `Step ${d.stepId}: dispensed ${d.toleranceState} tolerance, overridden`, `${d.dispensed ?? '?'} ${d.unit} against ${d.lower}–${d.upper} ${d.unit}; accepted by ${override.approvedBy.printedName}: ${override.reason}`, [override.record, ...weighings], d.stepId);
    } else {
      add(`out-of-tolerance:${d.stepId}`, 'out-of-tolerance', 'high', `Step ${d.stepId}: dispensed ${d.toleranceState} tolerance`, `${d.dispensed ?? '?'} ${d.unit} against ${d.lower}–${d.upper} ${d.unit}, with no override on record`, [d.record, ...weighings], d.stepId);
    }
  }
  for (const w of sections.weighings) {
    if (w.rejected) add(`rejected-weighing:${w.weighingId}`, 'rejected-weighing', 'low', `Step ${w.stepId}: container ${w.containerNo} rejected (${dispositionWords(w.rejected.disposition)})`, w.rejected.reason, [w.record, w.rejected.record], w.stepId);
  }
  for (const s of sections.scans) {
    if (s.entry === 'manual') add(`manual-entry:${s.record.recordId}`, 'manual-entry', 'medium', `Step ${s.stepId}: lot ${s.lotId} entered by hand`, `The lot was typed in, not scanned from its label, by ${s.by.printedName}`, [s.record], s.stepId);
  }
  for (const o of sections.overrides) {
    if (o.kind === 'fefo') add(`fefo-override:${o.record.recordId}`, 'fefo-override', 'medium', `Step ${o.stepId}: FEFO overridden`, `${o.what}; approved by ${o.approvedBy.printedName}: ${o.reason}`, [o.record], o.stepId);
  }
  for (const ph of sections.phReadings) {
    if (ph.result !== 'within-limits') add(`ph-out-of-limits:${ph.record.recordId}`, 'ph-out-of-limits', 'high', `Step ${ph.stepId}: pH ${ph.ph} out of limits`, `limits ${ph.low}–${ph.high}`, [ph.record], ph.stepId);
  }
  for (const c of sections.checks) {
    if (!c.passed) add(`check-failed:${c.record.recordId}`, 'check-failed', 'high', `Step ${c.stepId}: in-process check failed`, `value ${c.value ?? '(pass/fail)'}`, [c.record], c.stepId);
  }
  for (const d of sections.deviations) {
    const severity = asSeverity(d.severity);
    const open = d.status === 'open';
    add(`deviation:${d.deviationId}`, 'deviation', open && rank(severity) < rank('medium') ? 'medium' : severity, `${d.severity} deviation ${open ? 'still open' : 'closed'}: ${d.title}`, open ? `${d.description} — not closed on the record` : `${d.description} — closed ${d.closedAt ?? ''} by ${d.closingSignatures.map((s) => s.signer.printedName).join(' and ')}`, d.records, d.stepId);
  }
  for (const h of sections.holds) {
    add(`hold:${h.holdId}`, 'hold', h.released ? 'low' : 'high', `Hold on ${h.target.kind} ${h.target.id} ${h.released ? 'released' : 'still in force'}`, `${h.reason}${h.released ? ` — released by ${h.released.by}: ${h.released.reason}` : ''}`, h.records, null, true);
  }
  for (const i of sections.offlineIntervals) {
    if (!i.beyondGrace) continue;
    const records = [...order, ...around].filter((r) => r.ref.keyId === i.keyId && sinceSyncMs(r) > i.graceHours * 3_600_000 && r.record.occurredAt >= i.from && r.record.occurredAt <= i.to).map((r) => r.ref);
    add(`offline-beyond-grace:${i.keyId}:${i.from}`, 'offline-beyond-grace', 'high', `${i.kioskId} acted ${Math.floor(i.longestSinceSyncMinutes / 60)} h after its last sync, beyond the ${i.graceHours} h offline grace`, `${records.length} record(s) made between ${i.from} and ${i.to} on master data older than the grace allows`, records);
  }
  for (const a of sections.clockAnomalies) add(`clock-anomaly:${a.record.recordId}`, 'clock-anomaly', 'medium', `${a.kioskId}: clock anomaly`, a.message, [a.record]);

  // Flags raised at ingest, on the order's records and on the kiosks' other records while it ran (not other orders').
  const flagged = [...order, ...around.filter((r) => r.stored.order_id === null)];
  const grouped = (code: string) => {
    const byKey = new Map<string, Row[]>();
    for (const r of flagged) {
      if (!r.flags.some((f) => f.code === code)) continue;
      const list = byKey.get(r.ref.keyId);
      if (list) list.push(r);
      else byKey.set(r.ref.keyId, [r]);
    }
    return [...byKey].sort(([a], [b]) => (a < b ? -1 : 1));
  };
  for (const [keyId, rows] of grouped('LATE_ARRIVAL')) {
    add(`late-arrival:${keyId}`, 'late-arrival', 'medium', `${rows.length} record(s) of ${rows[0]!.ref.kioskId} arrived after the offline grace`, rows[0]!.flags.find((f) => f.code === 'LATE_ARRIVAL')!.message, rows.map((r) => r.ref));
  }
  for (const [keyId, rows] of grouped('CLOCK_SKEW')) {
    add(`clock-skew:${keyId}`, 'clock-anomaly', 'medium', `${rows.length} record(s) of ${rows[0]!.ref.kioskId} made on a kiosk clock that was off`, rows[0]!.flags.find((f) => f.code === 'CLOCK_SKEW')!.message, rows.map((r) => r.ref));
  }
  for (const r of flagged) {
    for (const f of r.flags) {
      if (BLOCK_FLAGS.includes(f.code)) add(`used-against-block:${f.code}:${r.ref.recordId}`, 'used-against-block', 'high', `${f.code.replace(/_/g, ' ').toLowerCase()}`, f.message, [r.ref], typeof r.p['stepId'] === 'string' ? text(r.p, 'stepId') : null);
      else if (!COVERED_FLAGS.includes(f.code)) add(`flag:${f.code}:${r.ref.recordId}`, 'ingest-flag', SERIOUS_FLAGS.includes(f.code) ? 'high' : 'medium', `${f.code.replace(/_/g, ' ').toLowerCase()}`, f.message, [r.ref], typeof r.p['stepId'] === 'string' ? text(r.p, 'stepId') : null);
    }
  }

  // Steps: every recipe step exactly once on a completed order; a step the recipe lacks is named too.
  for (const step of sections.steps) {
    if (step.completions > 1) add(`repeated-step:${step.stepId}`, 'repeated-step', 'high', `Step ${step.stepId} completed ${step.completions} times`, `${step.title ?? 'Step'} has ${step.completions} completion records: ${step.records.filter((r) => r.type === 'order.step-completed').map((r) => `${r.keyId} seq ${r.seq}`).join(', ')}`, step.records.filter((r) => r.type === 'order.step-completed'), step.stepId);
    if (!step.inRecipe) add(`unknown-step:${step.stepId}`, 'missing-step', 'high', `Step ${step.stepId} is not in the recipe version run`, `Records name step ${step.stepId}, which recipe ${input.sections.header.recipe?.id ?? '?'} v${input.sections.header.recipe?.version ?? '?'} does not have`, step.records, step.stepId);
    else if (input.completed && step.completions === 0) {
      const explained = sections.deviations.filter((d) => d.stepId === step.stepId);
      add(`missing-step:${step.stepId}`, 'missing-step', 'high', `Step ${step.stepId} (${step.title ?? ''}) has no completion record`, explained.length > 0 ? `Explained by deviation(s): ${explained.map((d) => d.title).join('; ')}` : 'The order was completed without it and no deviation explains it', [...step.records, ...explained.flatMap((d) => d.records)], step.stepId);
    }
  }

  // Charging at the line (issue 13): every labelled container of a charged dispense step is charged before completion.
  if (input.completed) {
    const charged = new Set(sections.charges.map((c) => c.sscc));
    for (const step of input.recipeSteps.filter((s) => s.chargesSteps)) {
      for (const w of sections.weighings.filter((x) => step.chargesSteps!.includes(x.stepId) && x.sscc && !x.rejected && !charged.has(x.sscc))) {
        add(`uncharged-container:${w.sscc!}`, 'uncharged-container', 'high', `Container ${w.sscc!} was not charged`, `Container ${w.containerNo} of step ${w.stepId} (${w.materialId}, lot ${w.lotId}, ${w.netInStepUnit}) has no charge record of step ${step.id} (${step.title}), yet the order was completed`, [w.record], step.id);
      }
    }
  }

  // A container charged before it was synced must turn out to be one of this order's dispensed containers.
  const dispensed = new Set(sections.weighings.filter((w) => !w.rejected).map((w) => w.sscc));
  for (const c of sections.charges.filter((x) => x.known === 'not-synced' && !dispensed.has(x.sscc))) {
    add(`charge-unmatched:${c.sscc}`, 'charge-unmatched', 'high', `Container ${c.sscc} charged before it was synced is not a container of this order`, `Charged in step ${c.stepId} by ${c.by.printedName} on ${c.kioskId}, accepted by ${c.approvedBy?.printedName ?? '?'}; no labelled, not rejected weighing of this order carries SSCC ${c.sscc} (yet)`, [c.record], c.stepId);
  }

  const unique = new Map<string, BatchRecordException>();
  for (const e of out) if (!unique.has(e.id)) unique.set(e.id, e);
  return [...unique.values()].sort((a, b) => rank(b.severity) - rank(a.severity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
