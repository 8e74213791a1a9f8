import { Link } from 'react-router';
import { ErrorBox, FilterBar, Page, PagedTable, useApi, useFilters, type Column } from '../ui/index.js';
import type { PlantDeviation, PlantHold } from './types.js';
import { RecordLinks, SeverityPill, when } from './words.js';

const orderLink = (orderId: string | null) => (orderId ? <Link to={`/review/orders/${encodeURIComponent(orderId)}`}>{orderId}</Link> : <span className="muted">—</span>);

const DEVIATION_COLUMNS: readonly Column<PlantDeviation>[] = [
  { header: 'Severity', width: '9%', cell: (d) => <SeverityPill severity={d.severity} /> },
  {
    header: 'Deviation',
    cell: (d) => (
      <>
        <strong>{d.title}</strong>
        <div className="small">{d.description}</div>
        <div className="muted small mono">{d.deviationId}</div>
      </>
    ),
  },
  { header: 'Order · step', width: '13%', cell: (d) => <>{orderLink(d.orderId)}{d.stepId ? ` · step ${d.stepId}` : ''}</> },
  { header: 'Opened', width: '18%', cell: (d) => <span className="small">{when(d.openedAt)}<br />by {d.openedBy} at {d.kioskId}</span> },
  { header: 'Status', width: '14%', cell: (d) => (d.status === 'open' ? <span className="pill warn">open · {d.signatures} signature{d.signatures === 1 ? '' : 's'}</span> : <span className="pill ok">closed {when(d.closedAt)}</span>) },
  { header: 'Records', width: '14%', cell: (d) => <RecordLinks records={d.records} max={2} /> },
];

export function DeviationsPage() {
  const { values, setValues } = useFilters(['status']);
  const list = useApi<{ deviations: PlantDeviation[] }>('/api/v1/deviations', { status: values['status'] || 'open' });
  return (
    <Page title="Deviations" subtitle="Deviations across the plant as the kiosks recorded them.">
      <FilterBar
        fields={[{ name: 'status', label: 'Status', type: 'select', anyLabel: 'open', options: [{ value: 'closed', label: 'closed' }, { value: 'all', label: 'all' }] }]}
        values={values}
        onApply={setValues}
      />
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      <PagedTable columns={DEVIATION_COLUMNS} rows={list.data?.deviations ?? []} rowKey={(d) => d.deviationId} rowData={(d) => ({ 'deviation-id': d.deviationId })} loading={list.loading} empty="No deviation in this status." />
    </Page>
  );
}

const HOLD_COLUMNS: readonly Column<PlantHold>[] = [
  { header: 'On hold', width: '16%', cell: (h) => <><strong>{h.target.id}</strong><div className="muted small">{h.target.kind}</div></> },
  { header: 'Why', cell: (h) => h.reason },
  { header: 'Placed', width: '20%', cell: (h) => <span className="small">{h.source === 'central' ? 'central register' : `${when(h.placedAt)} by ${h.placedBy ?? '?'}`}</span> },
  { header: 'Order', width: '11%', cell: (h) => orderLink(h.orderId) },
  { header: 'Status', width: '14%', cell: (h) => (h.status === 'in-force' ? <span className="pill bad">in force</span> : <span className="pill ok">released {when(h.releasedAt)}</span>) },
  { header: 'Records', width: '13%', cell: (h) => <RecordLinks records={h.records} max={2} /> },
];

export function HoldsPage() {
  const { values, setValues } = useFilters(['status']);
  const list = useApi<{ holds: PlantHold[] }>('/api/v1/holds', { status: values['status'] || 'in-force' });
  return (
    <Page title="Holds" subtitle="Lots, instruments and orders on hold across the plant: placed at kiosks or in the central register.">
      <FilterBar
        fields={[{ name: 'status', label: 'Status', type: 'select', anyLabel: 'in force', options: [{ value: 'released', label: 'released' }, { value: 'all', label: 'all' }] }]}
        values={values}
        onApply={setValues}
      />
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      <PagedTable columns={HOLD_COLUMNS} rows={list.data?.holds ?? []} rowKey={(h) => h.holdId} rowData={(h) => ({ 'hold-id': h.holdId })} loading={list.loading} empty="No hold in this status." />
    </Page>
  );
}
