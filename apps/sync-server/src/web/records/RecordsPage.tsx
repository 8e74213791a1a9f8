import { useNavigate } from 'react-router';
import { ErrorBox, FilterBar, formatTime, Page, PagedTable, typeLabel, useApi, useFilters, type Column, type FilterField } from '../ui/index.js';
import { describeActor, describePayload } from './describe.js';
import type { RecordPage, RecordView } from './types.js';

const PAGE_SIZE = 50;
const FILTERS = ['kioskId', 'orderId', 'type', 'userId', 'from', 'to'] as const;

/** A `datetime-local` value (the browser's local time) as an instant the server compares. */
function instant(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function FlagList({ record }: { record: RecordView }) {
  if (record.checksPending) return <span className="pill neutral">checks pending</span>;
  if (record.flags.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="flags">
      {record.flags.map((f) => (
        <li key={f.code} className="warn" data-flag={f.code} title={f.code}>
          {f.message}
        </li>
      ))}
    </ul>
  );
}

const COLUMNS: readonly Column<RecordView>[] = [
  {
    header: 'When',
    width: '13%',
    cell: (r) => <time dateTime={r.occurredAt}>{formatTime(r.occurredAt)}</time>,
  },
  {
    header: 'Kiosk key · seq',
    width: '11%',
    cell: (r) => (
      <span className="mono" title={`record ${r.seq} of kiosk key ${r.keyId}; signature verified before it was stored`}>
        {r.keyId} · {r.seq} <span className="good">✓</span>
      </span>
    ),
  },
  { header: 'Record', width: '13%', cell: (r) => <span title={r.type}>{typeLabel(r.type)}</span> },
  { header: 'Who', width: '13%', cell: (r) => describeActor(r.actor) },
  { header: 'What it says', cell: (r) => <span className="values">{describePayload(r)}</span> },
  { header: 'Flags', width: '17%', cell: (r) => <FlagList record={r} /> },
];

export function RecordsPage() {
  const navigate = useNavigate();
  const { values, offset, setValues, setOffset } = useFilters(FILTERS);
  const facets = useApi<{ types: string[]; kiosks: string[] }>('/api/v1/records/facets');
  const list = useApi<RecordPage>('/api/v1/records', {
    sort: 'newest',
    kioskId: values['kioskId'],
    orderId: values['orderId'],
    type: values['type'],
    userId: values['userId'],
    from: instant(values['from'] ?? ''),
    to: instant(values['to'] ?? ''),
    offset,
    limit: PAGE_SIZE,
  });
  const fields: FilterField[] = [
    { name: 'kioskId', label: 'Kiosk', type: 'select', options: (facets.data?.kiosks ?? []).map((k) => ({ value: k, label: k })) },
    { name: 'orderId', label: 'Order', placeholder: 'e.g. ORD-0001' },
    { name: 'type', label: 'Record type', type: 'select', options: (facets.data?.types ?? []).map((t) => ({ value: t, label: typeLabel(t) })) },
    { name: 'userId', label: 'User', placeholder: 'e.g. olivia.operator' },
    { name: 'from', label: 'From', type: 'datetime-local' },
    { name: 'to', label: 'Until', type: 'datetime-local' },
  ];
  const records = list.data?.records ?? [];
  return (
    <Page title="Records" subtitle="Every signed record the kiosks sent, newest first. Open one to read it in full.">
      <FilterBar fields={fields} values={values} onApply={setValues} />
      {list.error ? <ErrorBox error={list.error} title="The records could not be loaded" onRetry={list.reload} /> : null}
      <PagedTable
        columns={COLUMNS}
        rows={records}
        rowKey={(r) => r.id}
        rowData={(r) => ({ 'kiosk-id': r.kioskId, seq: r.seq, type: r.type, 'key-id': r.keyId })}
        loading={list.loading}
        page={{ offset, limit: PAGE_SIZE, ...(list.data?.total !== undefined ? { total: list.data.total } : {}) }}
        onPage={setOffset}
        onOpen={(r) => navigate(`/records/${encodeURIComponent(r.id)}`, { state: { back: window.location.search } })}
        empty="No record matches these filters."
      />
    </Page>
  );
}
