import { ErrorBox, FilterBar, formatTime, Page, PagedTable, shortHash, useApi, useFilters, type Column, type FilterField } from '../ui/index.js';
import type { AuditEntryView, AuditPageView, AuditVerificationView } from './types.js';

const PAGE_SIZE = 50;
const FILTERS = ['actor', 'action', 'target', 'from', 'to'] as const;
/** What the server audits today (a suggestion list: any action, or a prefix ending in *, may be typed). */
const ACTIONS = ['master-data.*', 'kiosk.*', 'user.*', 'batch-record.*', 'enrollment-code.issued', 'kiosk.enrolled', 'kiosk.approved', 'kiosk.revoked', 'kiosk.quarantined', 'user.deactivated', 'user.unlocked', 'batch-record.review-signed', 'batch-record.exception-marked'];

/** A `datetime-local` value (the browser's local time) as an instant the server compares. */
function instant(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

const text = (value: unknown) => (value === undefined || value === null ? '-' : typeof value === 'string' ? value : JSON.stringify(value));
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{"keyId":"K-1#1"}` as `keyId: K-1#1`; a change's before/after as the fields that changed, `old → new`. */
function Details({ details }: { details: unknown }) {
  if (!isObject(details)) return <span className="values">{text(details)}</span>;
  const { before, after, ...rest } = details;
  const lines = Object.entries(rest).map(([key, value]) => `${key}: ${text(value)}`);
  if (isObject(before) || isObject(after)) {
    const old = isObject(before) ? before : {};
    const now = isObject(after) ? after : {};
    for (const key of [...new Set([...Object.keys(old), ...Object.keys(now)])]) {
      if (JSON.stringify(old[key]) !== JSON.stringify(now[key])) lines.push(`${key}: ${text(old[key])} → ${text(now[key])}`);
    }
    if (!isObject(before)) lines.push('(created)');
    if (!isObject(after)) lines.push('(removed)');
  }
  return (
    <ul className="values" style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }}>
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}

/** Server times in the browser's local time: the date over the time, so the column stays narrow. */
function When({ at }: { at: string }) {
  const [date, time] = formatTime(at).split(' ');
  return (
    <time dateTime={at}>
      {date}
      <br />
      {time}
    </time>
  );
}

function Verification({ result }: { result: AuditVerificationView | null | undefined }) {
  if (!result) return <p className="notice">Checking the audit chain…</p>;
  if (result.ok) {
    return (
      <p className="chain-verified" data-chain="verified">
        <span className="pill ok">Chain verified</span> All {result.checked} entries from seq 1 to {result.headSeq}: every hash recomputed, every link and every server signature checked.{' '}
        <span className="mono" title={result.headHash}>
          head {shortHash(result.headHash)}
        </span>
      </p>
    );
  }
  return (
    <div className="notice chain-broken" role="alert" data-chain="broken" data-failed-seq={result.failedSeq}>
      <strong>The audit chain does not verify at seq {result.failedSeq}.</strong> {result.message}. Entries before it ({result.checked}) checked out; treat this one and every later one as unproven, and report it to QA.
    </div>
  );
}

/** Entries from the first that fails on are unproven: the Signed column says so. */
function columns(failedSeq: number | undefined): readonly Column<AuditEntryView>[] {
  return [
    { header: 'Seq', width: '6.5%', className: 'num', cell: (e) => e.seq },
    { header: 'When', width: '9%', cell: (e) => <When at={e.at} /> },
    { header: 'Who', width: '11%', cell: (e) => <span className="mono">{e.actor}</span> },
    { header: 'Action', width: '14%', cell: (e) => <span className="mono">{e.action}</span> },
    { header: 'About', width: '12%', cell: (e) => <span className="mono">{e.target}</span> },
    { header: 'Reason', width: '13%', cell: (e) => e.reason ?? <span className="muted">-</span> },
    { header: 'Details', cell: (e) => <Details details={e.details} /> },
    {
      header: 'Signed',
      width: '10%',
      cell: (e) =>
        failedSeq !== undefined && e.seq >= failedSeq ? (
          <strong className="bad" title={`does not verify: the chain fails at seq ${failedSeq}`}>
            ✗ unproven
          </strong>
        ) : e.sig ? (
          <span className="good mono" title={`hash ${e.hash}, signed by server key ${e.serverKeyId}`}>
            ✓ {e.serverKeyId}
          </span>
        ) : (
          <strong className="warn">not signed</strong>
        ),
    },
  ];
}

export function AuditPage() {
  const { values, offset, setValues, setOffset } = useFilters(FILTERS);
  const list = useApi<AuditPageView>('/api/v1/audit', {
    actor: values['actor'],
    action: values['action'],
    target: values['target'],
    from: instant(values['from'] ?? ''),
    to: instant(values['to'] ?? ''),
    offset,
    limit: PAGE_SIZE,
  });
  const fields: FilterField[] = [
    { name: 'actor', label: 'Who', placeholder: 'e.g. ada.admin' },
    { name: 'action', label: 'Action', placeholder: 'e.g. kiosk.*', suggestions: ACTIONS },
    { name: 'target', label: 'About', placeholder: 'e.g. order/ORD-0001, user/*' },
    { name: 'from', label: 'From', type: 'datetime-local' },
    { name: 'to', label: 'Until', type: 'datetime-local' },
  ];
  return (
    <Page title="Audit log" subtitle="What was changed centrally, by whom and why: master data, kiosks, users, reviews. Each entry is signed by the server and chained to the one before.">
      <Verification result={list.data?.verification} />
      <FilterBar fields={fields} values={values} onApply={setValues} />
      {list.error ? <ErrorBox error={list.error} title="The audit log could not be loaded" onRetry={list.reload} /> : null}
      <PagedTable
        columns={columns(list.data?.verification?.ok === false ? list.data.verification.failedSeq : undefined)}
        rows={list.data?.entries ?? []}
        rowKey={(e) => String(e.seq)}
        rowData={(e) => ({ seq: e.seq, action: e.action })}
        loading={list.loading}
        page={{ offset, limit: PAGE_SIZE, ...(list.data ? { total: list.data.total } : {}) }}
        onPage={setOffset}
        empty="No audit entry matches these filters."
      />
    </Page>
  );
}
