import { Link, useNavigate, useParams } from 'react-router';
import { ROUTINE_TEST_FREQUENCIES } from '@lineside/domain';
import { ErrorBox, FilterBar, formatTime, Page, PagedTable, useApi, useFilters } from '../ui/index.js';
import { SchemaForm } from './SchemaForm.js';

type Calibration = { status: string; certificateId?: string; dueOn?: string; daysLeft?: number };
type Usability = { stationId: string; usable: boolean; code?: string; message: string };
type Summary = { id: string; name: string; kind: string; calibration: Calibration; usability: Usability[] };
type HistoryEntry = { at: string; kioskId: string; seq: number; kind: string; test?: string; by?: string; details?: Record<string, unknown>; reason?: string };
type Register = {
  today: string;
  shift: { shiftId: string; date: string };
  warningDays: number;
  equipment: Record<string, unknown> & { id: string; name: string; kind: string };
  calibration: Calibration;
  certificates: Record<string, unknown>[];
  minimumWeight?: { usp41: string; withSafetyFactor: string; unit: string };
  sensitivityLimits?: { testWeightId: string; expected: string; limit: string; unit: string };
  usability: Usability[];
  onHold: boolean;
  lastRoutineTest?: { passed: boolean; at: string; shift: { shiftId: string; date: string } };
  history: HistoryEntry[];
};
const PAGE = 15;
const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const blocked = (e: Pick<Summary, 'usability'>) => e.usability.some((u) => !u.usable);

/** The calibration status as a pill: in date, in the warning band, expired, never calibrated. */
function CalibrationPill({ c }: { c: Calibration }) {
  const cls = c.status === 'in-date' ? 'released' : c.status === 'due-soon' ? 'quarantine' : 'rejected';
  const days = c.daysLeft === undefined ? '' : c.daysLeft > 0 ? ` — due ${c.dueOn} (${c.daysLeft} d)` : ` — due ${c.dueOn}`;
  return <span className={`status-pill ${cls}`} data-calibration={c.status}>{`${c.status}${days}`}</span>;
}

function Verdict({ u }: { u: Usability }) {
  return (
    <span className={`status-pill ${u.usable ? (u.message.includes('due on') ? 'quarantine' : 'released') : 'rejected'}`} data-usable={u.usable ? 'yes' : 'no'}>
      {u.usable ? 'usable' : 'blocked'}
    </span>
  );
}

/** The equipment and calibration register: every instrument, its calibration, and whether the kiosks would let it be used today. */
export function EquipmentPage() {
  const list = useApi<{ today: string; warningDays: number; equipment: Summary[] }>('/api/v1/equipment');
  const navigate = useNavigate();
  const { values, offset, setValues, setOffset } = useFilters(['q', 'kind', 'state']);
  const q = (values['q'] ?? '').toLowerCase();
  const rows = (list.data?.equipment ?? []).filter(
    (e) =>
      (!q || `${e.id} ${e.name}`.toLowerCase().includes(q)) &&
      (!values['kind'] || e.kind === values['kind']) &&
      (!values['state'] || (values['state'] === 'blocked') === blocked(e)),
  );
  return (
    <Page title="Equipment and calibration register" subtitle={list.data ? `Today ${list.data.today}; warning band ${list.data.warningDays} days before a certificate's due date, blocked from the due date.` : undefined}>
      {list.error ? <ErrorBox error={list.error} /> : null}
      <FilterBar
        fields={[
          { name: 'q', label: 'Search', placeholder: 'id or name' },
          { name: 'kind', label: 'Kind', type: 'select', options: ['balance', 'ph-meter', 'scanner'].map((k) => ({ value: k, label: k })) },
          { name: 'state', label: 'Today', type: 'select', options: [{ value: 'blocked', label: 'blocked somewhere' }, { value: 'usable', label: 'usable' }] },
        ]}
        values={values}
        onApply={setValues}
      />
      <PagedTable
        columns={[
          { header: 'Instrument', cell: (e) => e.id, width: '7rem', className: 'nowrap' },
          { header: 'Name', cell: (e) => e.name },
          { header: 'Kind', cell: (e) => e.kind, width: '6rem' },
          { header: 'Calibration', cell: (e) => (e.kind === 'scanner' ? '—' : <CalibrationPill c={e.calibration} />), width: '16rem' },
          {
            header: 'Today',
            cell: (e) =>
              e.usability.length === 0 ? (
                <span className="muted">at no station</span>
              ) : (
                <span>
                  <Verdict u={e.usability.find((u) => !u.usable) ?? e.usability[0]!} /> {e.usability.find((u) => !u.usable)?.message ?? ''}
                </span>
              ),
          },
        ]}
        rows={rows.slice(offset, offset + PAGE)}
        rowKey={(e) => e.id}
        rowData={(e) => ({ equipment: e.id })}
        page={{ offset, limit: PAGE, total: rows.length }}
        onPage={setOffset}
        onOpen={(e) => void navigate(`/admin/equipment/${e.id}`)}
        loading={list.loading}
      />
      <SchemaForm
        entity="test-weight"
        title="New test weight"
        fields={[
          { name: 'id', label: 'Test weight id', placeholder: 'e.g. TW-1KF1' },
          { name: 'weightClass', label: 'OIML class', placeholder: 'E2, F1, M1…' },
          { name: 'nominal', label: 'Nominal', placeholder: 'e.g. 1000' },
          { name: 'unit', label: 'Unit', type: 'select', options: ['mg', 'g', 'kg'] },
        ]}
        onSaved={list.reload}
      />
    </Page>
  );
}

/** One instrument: why it is usable or blocked today, certificates, routine-test plan, history; forms to add a certificate and edit the plan. */
export function EquipmentDetailPage() {
  const { id = '' } = useParams();
  const loaded = useApi<Register>(`/api/v1/equipment/${encodeURIComponent(id)}`);
  const weights = useApi<{ items: Record<string, unknown>[] }>('/api/v1/master-data/test-weight');
  const r = loaded.data;
  const e = r?.equipment;
  return (
    <Page title={e ? `${e.id} — ${e.name}` : `Instrument ${id}`} subtitle={r ? `${e!.kind}, ${text(e!['model'])}. Today ${r.today}, shift ${r.shift.shiftId}.` : undefined} actions={<Link to="/admin/equipment">All instruments</Link>}>
      {loaded.error ? <ErrorBox error={loaded.error} /> : null}
      {r && e ? (
        <>
          <section aria-label="Usable today" className="usability">
            <h2>Usable today?</h2>
            {r.usability.length === 0 ? <p className="muted">Not assigned to any station: no kiosk offers it.</p> : null}
            <ul className="verdicts">
              {r.usability.map((u) => (
                <li key={u.stationId} data-station={u.stationId}>
                  <Verdict u={u} /> <strong>{u.stationId}</strong>: <span data-testid="why">{u.message}</span>
                  {u.code ? <code className="muted"> {u.code}</code> : null}
                </li>
              ))}
            </ul>
            <p className="muted">Decided by the same rules as the kiosks (calibration in force, on hold or not, routine test of the day/shift), over the records they synced.</p>
          </section>
          {e.kind !== 'scanner' ? (
            <section aria-label="Calibration">
              <h2>Calibration</h2>
              <p>
                In force: <CalibrationPill c={r.calibration} /> — warning from {r.warningDays} days before the due date, blocked from the due date.
              </p>
              <PagedTable
                columns={[
                  { header: 'Certificate', cell: (c) => text(c['certificateId']), width: '9rem', className: 'nowrap' },
                  { header: 'Calibrated', cell: (c) => text(c['calibratedOn']), width: '7rem' },
                  { header: 'Due', cell: (c) => text(c['dueOn']), width: '7rem' },
                  { header: 'By', cell: (c) => text(c['provider']) },
                  { header: 'Uncertainty', cell: (c) => text(c['uncertainty']), width: '9rem' },
                  { header: '', cell: (c) => (c['certificateId'] === r.calibration.certificateId ? 'in force' : 'superseded'), width: '6rem' },
                ]}
                rows={r.certificates}
                rowKey={(c) => text(c['certificateId'])}
                empty="Never calibrated: the instrument is blocked until a certificate is entered."
              />
            </section>
          ) : null}
          {r.minimumWeight ? (
            <p data-testid="minimum-weight">
              Minimum weight (USP &lt;41&gt;): {r.minimumWeight.usp41} {r.minimumWeight.unit}; with the safety factor {text(e['safetyFactor'])}: <strong>{r.minimumWeight.withSafetyFactor} {r.minimumWeight.unit}</strong>. Capacity {text(e['capacity'])}{' '}
              {text(e['unit'])}, readability {text(e['readability'])} {text(e['unit'])}.
            </p>
          ) : null}
          <section aria-label="Routine tests">
            <h2>Routine-test plan</h2>
            {e.kind === 'balance' ? (
              e['sensitivityTest'] ? (
                <p>
                  Sensitivity test {text((e['sensitivityTest'] as Record<string, unknown>)['frequency']) === 'day' ? 'daily' : 'every shift'} with {r.sensitivityLimits?.testWeightId}: expected {r.sensitivityLimits?.expected} ±{r.sensitivityLimits?.limit} {r.sensitivityLimits?.unit} (
                  {text((e['sensitivityTest'] as Record<string, unknown>)['tolerancePercent'])} %).
                </p>
              ) : (
                <p>No sensitivity test configured.</p>
              )
            ) : e.kind === 'ph-meter' ? (
              <p>
                Buffer calibration {text((e['bufferCalibration'] as Record<string, unknown>)['frequency']) === 'day' ? 'daily' : 'every shift'} with buffers {((e['bufferCalibration'] as Record<string, unknown>)['buffers'] as string[]).join(', ')}; slope{' '}
                {text((e['bufferCalibration'] as Record<string, unknown>)['slopeMinPercent'])}–{text((e['bufferCalibration'] as Record<string, unknown>)['slopeMaxPercent'])} %, offset ±
                {text((e['bufferCalibration'] as Record<string, unknown>)['offsetLimitMv'])} mV.
              </p>
            ) : (
              <p>Scanners have no routine test.</p>
            )}
            <h2>History at the kiosks</h2>
            <PagedTable
              columns={[
                { header: 'When', cell: (h) => formatTime(h.at), width: '11rem', className: 'nowrap' },
                { header: 'What', cell: (h) => (h.kind === 'test-passed' ? `${text(h.test)} passed` : h.kind === 'test-failed' ? `${text(h.test)} FAILED` : h.kind === 'hold-placed' ? 'put on hold' : 'hold released'), width: '14rem' },
                { header: 'By', cell: (h) => text(h.by), width: '8rem' },
                { header: 'Details', cell: (h) => h.reason ?? Object.entries(h.details ?? {}).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join('/') : String(v)}`).join(', ') },
                { header: 'Record', cell: (h) => `${h.kioskId} #${h.seq}`, width: '9rem', className: 'nowrap' },
              ]}
              rows={r.history.slice(0, 50)}
              rowKey={(h) => `${h.kioskId}-${h.seq}`}
              empty="No routine test or hold recorded at any kiosk yet."
            />
          </section>
          {e.kind !== 'scanner' ? (
            <SchemaForm
              key={`cal-${r.certificates.length}`}
              entity="calibration"
              title={`Add a calibration certificate for ${e.id}`}
              fixed={{ equipmentId: e.id }}
              fields={[
                { name: 'certificateId', label: 'Certificate number' },
                { name: 'calibratedOn', label: 'Calibrated on', placeholder: 'YYYY-MM-DD' },
                { name: 'dueOn', label: 'Due on', placeholder: 'YYYY-MM-DD' },
                { name: 'provider', label: 'Calibrated by' },
                { name: 'uncertainty', label: 'Uncertainty (optional)' },
              ]}
              onSaved={loaded.reload}
            />
          ) : null}
          {e.kind === 'balance' ? (
            <SchemaForm
              key={`plan-${JSON.stringify(e['sensitivityTest'] ?? null)}`}
              entity="equipment"
              title={`Sensitivity test plan of ${e.id}`}
              fixed={withoutPart(e, 'sensitivityTest')}
              initial={strings(e['sensitivityTest'])}
              fields={[
                { name: 'sensitivityTest/testWeightId', label: 'Test weight', type: 'select', options: (weights.data?.items ?? []).map((w) => text(w['id'])) },
                { name: 'sensitivityTest/tolerancePercent', label: 'Tolerance %' },
                { name: 'sensitivityTest/frequency', label: 'How often', type: 'select', options: ROUTINE_TEST_FREQUENCIES },
              ]}
              onSaved={loaded.reload}
            />
          ) : null}
          {e.kind === 'ph-meter' ? (
            <SchemaForm
              key={`plan-${JSON.stringify(e['bufferCalibration'])}`}
              entity="equipment"
              title={`Buffer calibration plan of ${e.id}`}
              fixed={withoutPart(e, 'bufferCalibration')}
              initial={strings(e['bufferCalibration'], 'bufferCalibration')}
              fields={[
                { name: 'bufferCalibration/buffers', label: 'Buffers (pH, comma-separated)', type: 'list' },
                { name: 'bufferCalibration/slopeMinPercent', label: 'Slope from %' },
                { name: 'bufferCalibration/slopeMaxPercent', label: 'Slope to %' },
                { name: 'bufferCalibration/offsetLimitMv', label: 'Offset limit ± mV' },
                { name: 'bufferCalibration/frequency', label: 'How often', type: 'select', options: ROUTINE_TEST_FREQUENCIES },
              ]}
              onSaved={loaded.reload}
            />
          ) : null}
        </>
      ) : null}
    </Page>
  );
}

function withoutPart(entity: Record<string, unknown>, part: string): Record<string, unknown> {
  const { [part]: _part, ...rest } = entity;
  return rest;
}

/** A plan's fields as the form's starting text, keyed by their path (`part/field`); lists comma-separated. */
function strings(part: unknown, prefix = 'sensitivityTest'): Record<string, string> {
  if (typeof part !== 'object' || part === null) return {};
  return Object.fromEntries(Object.entries(part).map(([k, v]) => [`${prefix}/${k}`, Array.isArray(v) ? v.join(', ') : String(v)]));
}
