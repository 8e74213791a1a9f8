import { useNavigate } from 'react-router';
import { ErrorBox, FilterBar, Page, PagedTable, useApi, useFilters, type Column } from '../ui/index.js';
import type { OrderSummary } from './types.js';
import { MEANING_WORDS, StatusPill, when } from './words.js';

const PAGE_SIZE = 20;

const COLUMNS: readonly Column<OrderSummary>[] = [
  {
    header: 'Order',
    width: '20%',
    cell: (o) => (
      <>
        <strong className="mono">{o.orderId}</strong>
        <div className="muted">{[o.batchNumber, o.recipe].filter(Boolean).join(' · ')}</div>
      </>
    ),
  },
  { header: 'Product', width: '19%', cell: (o) => o.product ?? '—' },
  {
    header: 'Status',
    width: '15%',
    cell: (o) => (
      <>
        <StatusPill status={o.status} />
        {o.reopened ? <div className="warn small">reopened: {o.reopened}</div> : null}
      </>
    ),
  },
  {
    header: 'Exceptions',
    width: '15%',
    cell: (o) =>
      o.exceptions.total === 0 ? (
        <span className="muted">none</span>
      ) : (
        <span data-exceptions={o.exceptions.total}>
          <strong>{o.exceptions.total}</strong>
          {o.exceptions.high > 0 ? <span className="bad"> · {o.exceptions.high} high</span> : null}
          <div className={o.exceptions.unmarked > 0 ? 'warn small' : 'good small'}>{o.exceptions.unmarked > 0 ? `${o.exceptions.unmarked} to review` : 'all reviewed'}</div>
        </span>
      ),
  },
  { header: 'Complete', width: '10%', cell: (o) => (o.complete ? <span className="good">✓ complete</span> : <span className="bad">✗ not complete</span>) },
  {
    header: 'Dates',
    width: '21%',
    cell: (o) => (
      <span className="small">
        started {when(o.startedAt) || '—'}
        <br />
        {o.completedAt ? `completed ${when(o.completedAt)}` : 'not completed'}
        {o.lastSignature ? (
          <>
            <br />
            {MEANING_WORDS[o.lastSignature.meaning] ?? o.lastSignature.meaning} by {o.lastSignature.signer.printedName}
          </>
        ) : null}
      </span>
    ),
  },
];

export function OrdersPage() {
  const navigate = useNavigate();
  const { values, offset, setValues, setOffset } = useFilters(['status', 'search']);
  const list = useApi<{ orders: OrderSummary[]; total: number }>('/api/v1/orders', { status: values['status'], search: values['search'], offset, limit: PAGE_SIZE });
  return (
    <Page title="Orders" subtitle="Batch records by review status. Open one to review its exceptions and sign it off.">
      <FilterBar
        fields={[
          {
            name: 'status',
            label: 'Review status',
            type: 'select',
            options: [
              { value: 'awaiting-review', label: 'awaiting review' },
              { value: 'in-progress', label: 'in progress' },
              { value: 'reviewed', label: 'reviewed' },
              { value: 'released', label: 'released' },
            ],
          },
          { name: 'search', label: 'Order', placeholder: 'part of the order id' },
        ]}
        values={values}
        onApply={setValues}
      />
      {list.error ? <ErrorBox error={list.error} title="The orders could not be loaded" onRetry={list.reload} /> : null}
      <PagedTable
        columns={COLUMNS}
        rows={list.data?.orders ?? []}
        rowKey={(o) => o.orderId}
        rowData={(o) => ({ 'order-id': o.orderId, status: o.status })}
        loading={list.loading}
        page={{ offset, limit: PAGE_SIZE, ...(list.data ? { total: list.data.total } : {}) }}
        onPage={setOffset}
        onOpen={(o) => navigate(`/review/orders/${encodeURIComponent(o.orderId)}`)}
        empty="No order has records in this status."
      />
    </Page>
  );
}
