import { useState, type FormEvent } from 'react';
import { ORDER_PLAN_STATUSES } from '@lineside/domain';
import { api } from '../api.js';
import { ErrorBox, FilterBar, Page, PagedTable, useApi, useSubmit, useFilters } from '../ui/index.js';
import { FormOutcome, SchemaForm } from './SchemaForm.js';

type Order = { id: string; recipeId: string; recipeVersion: number; stationId: string; batchNumber: string; status?: string; statusReason?: string };
type Items<T> = { version: number; items: T[] };
type Summary = { id: string; name: string; versions: { version: number; status: string; effectiveFrom?: string }[] };
const PAGE = 15;
const statusOf = (o: Order) => o.status ?? 'released';

/**
 * Production orders: planned on an approved recipe version in effect, released to a station (the kiosk
 * lists it at its next sync), or cancelled with a reason (the kiosk refuses it and says why). Every change
 * goes through the master-data write path: the server's rules decide, the audit log keeps the reason.
 */
export function OrdersPage() {
  const orders = useApi<Items<Order>>('/api/v1/master-data/order');
  const stations = useApi<Items<{ id: string; name: string }>>('/api/v1/master-data/station');
  const recipes = useApi<{ recipes: Summary[] }>('/api/v1/recipes');
  const { values: filters, offset, setValues: setFilters, setOffset } = useFilters(['q', 'status', 'station']);
  const [selected, setSelected] = useState<string>();
  const [picked, setPicked] = useState('');
  const q = (filters['q'] ?? '').toLowerCase();
  const rows = (orders.data?.items ?? [])
    .filter((o) => (!q || `${o.id} ${o.batchNumber} ${o.recipeId}`.toLowerCase().includes(q)) && (!filters['status'] || statusOf(o) === filters['status']) && (!filters['station'] || o.stationId === filters['station']))
    .sort((a, b) => b.id.localeCompare(a.id));
  const stationIds = (stations.data?.items ?? []).map((s) => s.id);
  // Only an approved version may take new orders; the server also checks it is in effect today.
  const approved = (recipes.data?.recipes ?? []).flatMap((r) => r.versions.filter((v) => v.status === 'approved').map((v) => ({ key: `${r.id}@${v.version}`, label: `${r.id} v${v.version} — ${r.name}${v.effectiveFrom ? ` (effective ${v.effectiveFrom})` : ''}`, recipeId: r.id, version: v.version })));
  const pick = approved.find((a) => a.key === picked);
  const order = rows.find((o) => o.id === selected) ?? orders.data?.items.find((o) => o.id === selected);
  return (
    <Page title="Orders" subtitle="Planned on an approved recipe version, released to a station, or cancelled with a reason. A kiosk lists released orders at its next sync; an order it has started is no longer cancelled from here.">
      {orders.error ?? recipes.error ? <ErrorBox error={orders.error ?? recipes.error} /> : null}
      <FilterBar
        fields={[
          { name: 'q', label: 'Search', placeholder: 'order, batch or recipe' },
          { name: 'status', label: 'Status', type: 'select', options: ORDER_PLAN_STATUSES.map((s) => ({ value: s, label: s })) },
          { name: 'station', label: 'Station', type: 'select', options: stationIds.map((s) => ({ value: s, label: s })) },
        ]}
        values={filters}
        onApply={setFilters}
      />
      <PagedTable
        columns={[
          { header: 'Order', cell: (o) => o.id, width: '8rem', className: 'nowrap' },
          { header: 'Batch', cell: (o) => o.batchNumber, width: '9rem', className: 'nowrap' },
          { header: 'Recipe', cell: (o) => `${o.recipeId} v${o.recipeVersion}`, width: '12rem', className: 'nowrap' },
          { header: 'Station', cell: (o) => o.stationId, width: '6rem' },
          { header: 'Status', cell: (o) => <span className={`status-pill ${statusOf(o)}`}>{statusOf(o)}</span>, width: '7rem' },
          { header: 'Why cancelled', cell: (o) => o.statusReason ?? '', wideOnly: true },
        ]}
        rows={rows.slice(offset, offset + PAGE)}
        rowKey={(o) => o.id}
        rowData={(o) => ({ order: o.id, status: statusOf(o) })}
        page={{ offset, limit: PAGE, total: rows.length }}
        onPage={setOffset}
        onOpen={(o) => setSelected(o.id)}
        loading={orders.loading}
        empty="No order matches."
      />
      {order ? <OrderActions key={order.id} order={order} stationIds={stationIds} onDone={orders.reload} onClose={() => setSelected(undefined)} /> : <p className="muted">Open an order to release or cancel it.</p>}
      <section className="schema-form" aria-label="Recipe version of the new order">
        <h2>New order</h2>
        <div className="form-grid">
          <label htmlFor="order-recipe" className="wide">
            Recipe version (approved)
            <select id="order-recipe" value={picked} onChange={(e) => setPicked(e.target.value)}>
              <option value="">— pick a recipe version —</option>
              {approved.map((a) => (
                <option key={a.key} value={a.key}>
                  {a.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        {pick ? null : <p className="muted">Pick the approved recipe version first; drafts and versions in review take no orders.</p>}
      </section>
      <SchemaForm
        entity="order"
        title={pick ? `Plan an order on ${pick.recipeId} version ${pick.version}` : 'Plan an order'}
        fixed={{ status: 'planned', ...(pick ? { recipeId: pick.recipeId, recipeVersion: pick.version } : {}) }}
        fields={[
          { name: 'id', label: 'Order number', placeholder: 'e.g. ORD-0042' },
          { name: 'batchNumber', label: 'Batch number', placeholder: 'e.g. B-PCM-0042' },
          { name: 'stationId', label: 'Station', type: 'select', options: stationIds },
        ]}
        onSaved={orders.reload}
      />
    </Page>
  );
}

/** Release a planned order to a station, or cancel an order: each with the reason the audit log keeps. */
function OrderActions({ order, stationIds, onDone, onClose }: { order: Order; stationIds: readonly string[]; onDone: () => void; onClose: () => void }) {
  const status = statusOf(order);
  const [stationId, setStationId] = useState(order.stationId);
  const [reason, setReason] = useState('');
  const { refusal, run } = useSubmit();
  const [done, setDone] = useState<string>();
  const { status: _s, statusReason: _r, ...pinned } = order;
  const write = async (e: FormEvent, next: Order, what: string) => {
    e.preventDefault();
    if (!(await run(() => api.put(`/api/v1/master-data/order/${encodeURIComponent(order.id)}`, { data: next, reason })))) return;
    setDone(what);
    onDone();
  };
  return (
    <section className="schema-form" aria-label={`Order ${order.id}`}>
      <h2>
        Order {order.id} — batch {order.batchNumber}, {order.recipeId} v{order.recipeVersion}, <span className={`status-pill ${status}`}>{status}</span>
      </h2>
      {status === 'cancelled' ? <p>Cancelled: {order.statusReason}. A cancelled order stays cancelled; plan a new one.</p> : null}
      {status !== 'cancelled' ? (
        <form onSubmit={(e) => e.preventDefault()}>
          <div className="form-grid">
            {status === 'planned' ? (
              <label htmlFor="order-station">
                Release to station
                <select id="order-station" value={stationId} onChange={(e) => setStationId(e.target.value)}>
                  {stationIds.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
              </label>
            ) : null}
            <label htmlFor="order-reason">
              {status === 'planned' ? 'Reason (release or cancel)' : 'Reason to cancel'}
              <input id="order-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="why — kept in the audit log; a cancel's reason is shown at the kiosk" />
            </label>
          </div>
          <div className="form-actions">
            {status === 'planned' ? (
              <button type="submit" className="primary" disabled={reason.trim() === ''} onClick={(e) => void write(e, { ...pinned, stationId, status: 'released' }, `Order ${order.id} released to ${stationId}.`)}>
                Release to {stationId}
              </button>
            ) : null}
            <button type="submit" className="danger" disabled={reason.trim() === ''} onClick={(e) => void write(e, { ...pinned, status: 'cancelled', statusReason: reason.trim() }, `Order ${order.id} cancelled.`)}>
              Cancel order
            </button>
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
        </form>
      ) : null}
      <FormOutcome refusal={refusal} done={done} testId="order-refusal" />
    </section>
  );
}
