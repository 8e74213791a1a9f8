import { Link } from 'react-router';
import { formatTime } from '../ui/format.js';
import type { OrderSummary, Person, RecordRef } from './types.js';

export const STATUS_WORDS: Record<OrderSummary['status'], [string, 'neutral' | 'warn' | 'ok']> = {
  'in-progress': ['in progress', 'neutral'],
  'awaiting-review': ['awaiting review', 'warn'],
  reviewed: ['reviewed', 'ok'],
  released: ['released', 'ok'],
};

export function StatusPill({ status }: { status: OrderSummary['status'] }) {
  const [words, tone] = STATUS_WORDS[status];
  return (
    <span className={`pill ${tone}`} data-status={status}>
      {words}
    </span>
  );
}

const SEVERITY_TONE: Record<string, 'neutral' | 'warn' | 'bad'> = { info: 'neutral', low: 'neutral', medium: 'warn', high: 'bad', critical: 'bad' };

export function SeverityPill({ severity }: { severity: string }) {
  return <span className={`pill ${SEVERITY_TONE[severity] ?? 'neutral'}`}>{severity}</span>;
}

export const MEANING_WORDS: Record<string, string> = { reviewed: 'Reviewed', 'approved-for-release': 'Approved for release' };

export function person(p: Person | null | undefined): string {
  return p ? `${p.printedName} (${p.userId})` : '—';
}

/** A link to the record in the records browser, named by kiosk key and seq. */
export function RecordLink({ record }: { record: RecordRef }) {
  return (
    <Link className="mono record-link" to={`/records/${encodeURIComponent(record.recordId)}`} title={record.type}>
      {record.keyId}·{record.seq}
    </Link>
  );
}

export function RecordLinks({ records, max = 4 }: { records: readonly RecordRef[]; max?: number }) {
  if (records.length === 0) return <span className="muted">—</span>;
  return (
    <span className="record-links">
      {records.slice(0, max).map((r) => (
        <RecordLink key={r.recordId} record={r} />
      ))}
      {records.length > max ? <span className="muted"> +{records.length - max} more</span> : null}
    </span>
  );
}

export const when = formatTime;
