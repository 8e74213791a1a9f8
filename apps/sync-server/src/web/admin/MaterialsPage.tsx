import { useState } from 'react';
import { LOT_STATUSES, MASS_UNITS } from '@lineside/domain';
import { ErrorBox, FilterBar, Page, PagedTable, useApi, useFilters } from '../ui/index.js';
import { hasRole, useSession } from '../session.js';
import { LotStatusDialog } from './LotStatusDialog.js';
import { SchemaForm } from './SchemaForm.js';

type Items = { version: number; items: Record<string, unknown>[] };
const PAGE = 15;
const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** Materials and lots: lists filtered and paged, and forms checked as you type with the server's schemas. */
export function MaterialsPage() {
  const materials = useApi<Items>('/api/v1/master-data/material');
  const lots = useApi<Items>('/api/v1/master-data/lot');
  const me = useSession();
  const [changing, setChanging] = useState<Record<string, unknown>>();
  const [editing, setEditing] = useState<Record<string, unknown>>();
  const { values: filters, offset, setValues: setFilters, setOffset } = useFilters(['q', 'status']);
  const q = (filters['q'] ?? '').toLowerCase();
  const rows = (lots.data?.items ?? []).filter((l) => (!q || JSON.stringify(l).toLowerCase().includes(q)) && (!filters['status'] || l['status'] === filters['status']));
  return (
    <Page title="Materials and lots" subtitle={`Master version ${materials.data?.version ?? '…'}. Lot status changes need QA, a reason and an e-signature.`}>
      {materials.error ?? lots.error ? <ErrorBox error={materials.error ?? lots.error} /> : null}
      <div className="admin-split">
        <section aria-label="Materials">
          <h2>Materials</h2>
          <PagedTable
            columns={[
              { header: 'Id', cell: (m) => text(m['id']), width: '6rem', className: 'nowrap' },
              { header: 'Name', cell: (m) => text(m['name']) },
              { header: 'GTIN', cell: (m) => text(m['gtin']), width: '11.5rem', className: 'nowrap' },
            ]}
            rows={materials.data?.items ?? []}
            rowKey={(m) => text(m['id'])}
            loading={materials.loading}
          />
        </section>
        <section aria-label="Lots">
          <h2>Lots</h2>
          <FilterBar
            fields={[
              { name: 'q', label: 'Search', placeholder: 'lot or material' },
              { name: 'status', label: 'Status', type: 'select', options: LOT_STATUSES.map((s) => ({ value: s, label: s })) },
            ]}
            values={filters}
            onApply={setFilters}
          />
          <PagedTable
            columns={[
              { header: 'Lot', cell: (l) => text(l['id']), width: '7rem', className: 'nowrap' },
              { header: 'Material', cell: (l) => text(l['materialId']), width: '5rem' },
              { header: 'Status', cell: (l) => <span className={`status-pill ${text(l['status'])}`}>{text(l['status'])}</span>, width: '7rem' },
              { header: 'Expiry', cell: (l) => text(l['expiry']), width: '6.5rem', className: 'nowrap' },
              { header: 'Why', cell: (l) => text(l['statusReason']) },
              {
                header: '',
                cell: (l) => (
                  <span className="lot-actions">
                    {hasRole(me, ['qa']) && l['status'] !== 'rejected' ? (
                      <button type="button" onClick={() => setChanging(l)}>
                        Status…
                      </button>
                    ) : null}
                    <button type="button" onClick={() => setEditing(l)}>
                      Dates…
                    </button>
                  </span>
                ),
                width: '5.5rem',
              },
            ]}
            rowData={(l) => ({ lot: text(l['id']) })}
            rows={rows.slice(offset, offset + PAGE)}
            rowKey={(l) => text(l['id'])}
            page={{ offset, limit: PAGE, total: rows.length }}
            onPage={setOffset}
            loading={lots.loading}
          />
        </section>
      </div>
      {changing ? (
        <LotStatusDialog
          lot={changing}
          onDone={() => {
            setChanging(undefined);
            lots.reload();
          }}
          onCancel={() => setChanging(undefined)}
        />
      ) : null}
      {editing ? (
        <SchemaForm
          key={text(editing['id'])}
          entity="lot"
          title={`Lot ${text(editing['id'])}: expiry, retest date, potency (status stays ${text(editing['status'])})`}
          fixed={Object.fromEntries(Object.entries(editing).filter(([k]) => !['expiry', 'retestDate', 'potencyPercent'].includes(k)))}
          initial={Object.fromEntries(['expiry', 'retestDate', 'potencyPercent'].filter((k) => editing[k] !== undefined).map((k) => [k, text(editing[k])]))}
          fields={[
            { name: 'expiry', label: 'Expiry', placeholder: 'YYYY-MM-DD' },
            { name: 'retestDate', label: 'Retest date (optional)', placeholder: 'YYYY-MM-DD' },
            { name: 'potencyPercent', label: 'Assay % (optional)' },
          ]}
          onSaved={() => {
            setEditing(undefined);
            lots.reload();
          }}
        />
      ) : null}
      <SchemaForm
        entity="material"
        title="New material"
        fields={[
          { name: 'id', label: 'Material code', placeholder: 'e.g. LAC' },
          { name: 'name', label: 'Name' },
          { name: 'gtin', label: 'GTIN-14', placeholder: '14 digits with check digit' },
          { name: 'hazard', label: 'Hazard statement' },
          { name: 'ppe', label: 'Protective equipment' },
        ]}
        onSaved={materials.reload}
      />
      <SchemaForm
        entity="lot"
        title="New lot (starts in quarantine)"
        fixed={{ status: 'quarantine' }}
        fields={[
          { name: 'id', label: 'Lot number' },
          { name: 'materialId', label: 'Material', type: 'select', options: (materials.data?.items ?? []).map((m) => text(m['id'])) },
          { name: 'expiry', label: 'Expiry', placeholder: 'YYYY-MM-DD' },
          { name: 'retestDate', label: 'Retest date (optional)', placeholder: 'YYYY-MM-DD' },
          { name: 'potencyPercent', label: 'Assay % (optional)' },
        ]}
        onSaved={lots.reload}
      />
      <p className="muted">Units: {MASS_UNITS.join(', ')}.</p>
    </Page>
  );
}
