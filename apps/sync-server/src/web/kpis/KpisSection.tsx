import { useMemo, useState } from 'react';
import { Link, Route, Routes, useSearchParams } from 'react-router';
import type { EChartsCoreOption } from 'echarts/core';
import { ErrorBox, Page, formatTime, typeLabel, useApi } from '../ui/index.js';
import { Chart } from './Chart.js';
import type { BucketView, DrillView, Figure, KpiView } from './types.js';

export function KpisSection() {
  return (
    <Routes>
      <Route index element={<KpisPage />} />
    </Routes>
  );
}

const GRANULARITIES = [
  ['shift', 'Shift'],
  ['day', 'Day'],
  ['week', 'Week'],
] as const;
const TIME_PARTS = [
  ['APT', 'Running (APT)', '#2da44e'],
  ['AUST', 'Setup (AUST)', '#54aeff'],
  ['ADET', 'Down in order (ADET)', '#cf222e'],
  ['ADOT', 'Idle (ADOT)', '#d4a72c'],
  ['unknown', 'Unknown (no heartbeat)', '#8c959f'],
] as const;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const pct = (f: Figure | undefined) => (f?.value === null || f?.value === undefined ? '—' : `${(f.value * 100).toFixed(1)} %`);
const hours = (ms: number) => `${(ms / 3_600_000).toFixed(1)} h`;
const minutes = (ms: number | null) => (ms === null ? '—' : ms >= 3_600_000 ? hours(ms) : `${Math.round(ms / 60_000)} min`);

function KpisPage() {
  const [params, setParams] = useSearchParams();
  const today = new Date();
  const scope = params.get('station') ? 'station' : 'plant';
  const query = {
    scope,
    id: params.get('station') ?? undefined,
    from: params.get('from') ?? isoDay(new Date(today.getTime() - 6 * 86_400_000)),
    to: params.get('to') ?? isoDay(new Date(today.getTime() + 86_400_000)),
    granularity: params.get('granularity') ?? 'shift',
  };
  const set = (name: string, value: string) =>
    setParams((current) => {
      const copy = new URLSearchParams(current);
      if (value) copy.set(name, value);
      else copy.delete(name);
      return copy;
    });
  const loaded = useApi<KpiView>('/api/v1/kpis', query);
  const plant = useApi<KpiView>('/api/v1/kpis', { ...query, scope: 'plant', id: undefined, granularity: 'week' });
  const stations = plant.data?.stations.map((s) => s.stationId) ?? [];
  const [picked, setPicked] = useState<BucketView | null>(null);

  return (
    <Page title="KPIs" subtitle={`ISO 22400-2 figures computed from the kiosks' records by event time${loaded.data ? ` · shifts in ${loaded.data.timeZone}` : ''}`}>
      <div className="filter-bar" role="group" aria-label="Period and scope">
        <label>
          Station
          <select value={params.get('station') ?? ''} onChange={(e) => set('station', e.target.value)}>
            <option value="">whole plant</option>
            {stations.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={query.from} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label>
          To (exclusive)
          <input type="date" value={query.to} onChange={(e) => set('to', e.target.value)} />
        </label>
        <div className="segmented" role="radiogroup" aria-label="Granularity">
          {GRANULARITIES.map(([value, label]) => (
            <button key={value} type="button" role="radio" aria-checked={query.granularity === value} className={query.granularity === value ? 'on' : ''} onClick={() => set('granularity', value)}>
              {label}
            </button>
          ))}
        </div>
      </div>
      {loaded.error ? <ErrorBox error={loaded.error} onRetry={loaded.reload} /> : null}
      {loaded.data ? <Dashboard view={loaded.data} onPick={setPicked} /> : loaded.error ? null : <p className="loading">Computing…</p>}
      {picked ? <Drill bucket={picked} onClose={() => setPicked(null)} /> : null}
    </Page>
  );
}

function Tile({ name, figure, explain }: { name: string; figure: Figure | undefined; explain: string }) {
  return (
    <div className={`kpi-tile${figure?.dataError ? ' data-error' : ''}`} title={figure?.dataError ?? explain}>
      <div className="kpi-name">{name}</div>
      <div className="kpi-value">{pct(figure)}</div>
      <div className="kpi-fraction small muted">{explain}</div>
      {figure?.dataError ? <div className="small bad">data error: {figure.dataError}</div> : null}
    </div>
  );
}

function Dashboard({ view, onPick }: { view: KpiView; onPick: (bucket: BucketView) => void }) {
  const t = view.total;
  const keys = view.buckets.map((b) => b.key);
  const factorOption = useMemo<EChartsCoreOption>(() => {
    const series = (name: string, kpi: string, color: string, width = 2) => ({ name, type: 'line', data: view.buckets.map((b) => (b.kpis[kpi]?.value === null || b.kpis[kpi]?.value === undefined ? null : +(b.kpis[kpi]!.value! * 100).toFixed(1))), itemStyle: { color }, lineStyle: { width }, connectNulls: false, symbolSize: 7 });
    const perStation =
      view.scope === 'plant'
        ? view.stations.map((s, k) => ({ name: `OEE ${s.stationId}`, type: 'line', lineStyle: { type: 'dashed' }, itemStyle: { color: ['#8250df', '#bf3989', '#0a3069', '#953800'][k % 4] }, data: keys.map((key) => { const b = s.buckets.find((x) => x.key === key); const v = b?.kpis['oee']?.value; return v === null || v === undefined ? null : +(v * 100).toFixed(1); }) }))
        : [];
    return {
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${String(v)} %`) },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 48, right: 16, top: 40, bottom: 48 },
      xAxis: { type: 'category', data: keys, axisLabel: { rotate: keys.length > 8 ? 30 : 0 } },
      yAxis: { type: 'value', min: 0, max: (v: { max: number }) => Math.max(100, Math.ceil(v.max / 10) * 10), axisLabel: { formatter: '{value} %' } },
      series: [series('OEE', 'oee', '#1f2328', 3), series('Availability', 'availability', '#2da44e'), series('Effectiveness', 'effectiveness', '#0969da'), series('Quality ratio', 'qualityRatio', '#bf8700'), ...perStation],
    };
  }, [view, keys]);
  const timeOption = useMemo<EChartsCoreOption>(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => `${Number(v).toFixed(2)} h` },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 48, right: 16, top: 40, bottom: 48 },
      xAxis: { type: 'category', data: keys, axisLabel: { rotate: keys.length > 8 ? 30 : 0 } },
      yAxis: { type: 'value', axisLabel: { formatter: '{value} h' } },
      series: TIME_PARTS.map(([part, name, color]) => ({ name, type: 'bar', stack: 'pbt', itemStyle: { color }, emphasis: { focus: 'series' }, data: view.buckets.map((b) => +(b.totals[part] / 3_600_000).toFixed(3)), cursor: 'pointer' })),
    }),
    [view, keys],
  );
  const pareto = t.downByReason;
  const paretoOption = useMemo<EChartsCoreOption>(() => {
    const sum = pareto.reduce((s, r) => s + r.ms, 0);
    const cumulative: number[] = [];
    for (const r of pareto) cumulative.push((cumulative.length ? cumulative[cumulative.length - 1]! : 0) + r.ms);
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 48, top: 24, bottom: 56 },
      xAxis: { type: 'category', data: pareto.map((r) => r.reason), axisLabel: { interval: 0, rotate: pareto.length > 4 ? 20 : 0 } },
      yAxis: [
        { type: 'value', name: 'min', axisLabel: { formatter: '{value}' } },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      ],
      series: [
        { name: 'Down time', type: 'bar', itemStyle: { color: '#cf222e' }, data: pareto.map((r) => Math.round(r.ms / 60_000)) },
        { name: 'Cumulative', type: 'line', yAxisIndex: 1, itemStyle: { color: '#1f2328' }, data: cumulative.map((c) => (sum === 0 ? 0 : +((c / sum) * 100).toFixed(1))) },
      ],
    };
  }, [pareto]);
  const flagged = view.buckets.filter((b) => Object.values(b.kpis).some((f) => f.dataError));

  return (
    <>
      <div className="kpi-tiles">
        <Tile name="OEE" figure={t.kpis['oee']} explain="A × E × QR" />
        <Tile name="Availability" figure={t.kpis['availability']} explain={`APT ${hours(t.totals.APT)} / PBT ${hours(t.totals.PBT)}`} />
        <Tile name="Effectiveness" figure={t.kpis['effectiveness']} explain={`Σ PRI·PQ ${hours(t.totals.plannedRun)} / APT ${hours(t.totals.APT)}`} />
        <Tile name="Quality ratio" figure={t.kpis['qualityRatio']} explain={`GQ ${t.totals.GQ.toFixed(1)} / PQ ${t.totals.PQ.toFixed(1)} kg`} />
        <Tile name="First pass yield" figure={t.kpis['firstPassYield']} explain={`GP ${t.totals.GP} / IP ${t.totals.IP} dispenses`} />
        <Tile name="Unknown time" figure={{ numerator: t.totals.unknown, denominator: t.totals.PBT, value: t.totals.PBT ? t.totals.unknown / t.totals.PBT : null }} explain={`${hours(t.totals.unknown)} of PBT without a heartbeat`} />
      </div>
      {flagged.length > 0 ? <p className="notice">Data errors in {flagged.map((b) => b.key).join(', ')}: a figure above 100 % is shown as computed, not clipped — check the planned run times (PRI) and the recorded states.</p> : null}
      <div className="kpi-grid">
        <section className="panel">
          <h2 className="section-title">OEE and its factors per {view.granularity}</h2>
          <Chart label="OEE, availability, effectiveness and quality ratio over time" option={factorOption} onPick={(i) => view.buckets[i] && onPick(view.buckets[i])} />
        </section>
        <section className="panel">
          <h2 className="section-title">Time model per {view.granularity} (click a bar for its records)</h2>
          <Chart label="Planned busy time split into running, setup, down, idle and unknown" option={timeOption} onPick={(i) => view.buckets[i] && onPick(view.buckets[i])} />
          <div className="bucket-links small" aria-label="Records behind each bar">
            Records of:{' '}
            {view.buckets.map((b) => (
              <button key={b.key} type="button" className="link" onClick={() => onPick(b)}>
                {b.key}
              </button>
            ))}
          </div>
        </section>
        <section className="panel">
          <h2 className="section-title">Down time by reason (Pareto)</h2>
          {pareto.length === 0 ? <p className="muted">No down time in this period.</p> : <Chart label="Pareto of down-time reasons" option={paretoOption} height={240} />}
        </section>
        <section className="panel">
          <h2 className="section-title">Floor KPIs</h2>
          <FloorTable view={view} />
        </section>
      </div>
      <section className="panel">
        <h2 className="section-title">ISO 22400-2 figures of the period</h2>
        <table className="kpi-table">
          <thead>
            <tr>
              <th>KPI</th>
              <th>value</th>
              <th>numerator</th>
              <th>denominator</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(t.kpis).map(([name, f]) => (
              <tr key={name} className={f.dataError ? 'bad' : ''}>
                <td>{name}</td>
                <td>{name.startsWith('mt') ? minutes(f.value) : name === 'throughputRate' ? (f.value === null ? '—' : `${f.value.toFixed(2)} kg/h`) : pct(f)}</td>
                <td>{+f.numerator.toFixed(3)}</td>
                <td>{+f.denominator.toFixed(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function FloorTable({ view }: { view: KpiView }) {
  const f = view.floor;
  const rows: [string, string, string][] = [
    ['Dispense right first time', pct(f.dispenseRightFirstTime), `${f.dispenseRightFirstTime.numerator} of ${f.dispenseRightFirstTime.denominator} dispenses`],
    ['In tolerance', pct(f.inToleranceRate), `bias ${f.inToleranceRate.biasPercent === null ? '—' : `${f.inToleranceRate.biasPercent.toFixed(2)} %`} · Cpk ${f.inToleranceRate.cpk === null ? '—' : f.inToleranceRate.cpk.toFixed(2)}`],
    ['Minimum-weight compliance', pct(f.minimumWeightCompliance), `${f.minimumWeightCompliance.numerator} of ${f.minimumWeightCompliance.denominator} weighings`],
    ['Routine-test compliance', pct(f.routineTestCompliance), `${f.routineTestCompliance.violations} weighing(s) on an overdue or failed balance (must be 0)`],
    ['Hold release lead time', `p50 ${minutes(f.holdReleaseLeadTime.p50Ms)}`, `p90 ${minutes(f.holdReleaseLeadTime.p90Ms)} · ${f.holdReleaseLeadTime.releases} releases`],
    ['Deviations per 1000 dispenses', f.deviationsPer1000Dispenses.value === null ? '—' : f.deviationsPer1000Dispenses.value.toFixed(1), `${f.deviationsPer1000Dispenses.numerator / 1000} deviations`],
    ...f.sync.map((s): [string, string, string] => [`Sync ${s.kioskId}`, `p95 ${minutes(s.latencyP95Ms)}`, `longest offline ${minutes(s.longestOfflineMs)}`]),
  ];
  return (
    <table className="kpi-table">
      <tbody>
        {rows.map(([name, value, detail]) => (
          <tr key={name}>
            <td>{name}</td>
            <td className="num">{value}</td>
            <td className="small muted">{detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Drill({ bucket, onClose }: { bucket: BucketView; onClose: () => void }) {
  const [path, search] = bucket.recordsHref.split('?') as [string, string];
  const loaded = useApi<DrillView>(path, Object.fromEntries(new URLSearchParams(search)));
  return (
    <section className="panel" aria-label={`Records behind ${bucket.key}`}>
      <div className="page-head">
        <h2 className="section-title">
          Records behind {bucket.key}: {bucket.records}
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="small muted">
        PBT {hours(bucket.totals.PBT)} · APT {hours(bucket.totals.APT)} · AUST {hours(bucket.totals.AUST)} · ADET {hours(bucket.totals.ADET)} · ADOT {hours(bucket.totals.ADOT)} · unknown {hours(bucket.totals.unknown)} · PQ {bucket.totals.PQ.toFixed(2)} kg · SQ {bucket.totals.SQ.toFixed(2)} kg · RQ {bucket.totals.RQ.toFixed(2)} kg
      </p>
      {loaded.error ? <ErrorBox error={loaded.error} onRetry={loaded.reload} /> : null}
      {loaded.data ? (
        <table className="kpi-table">
          <thead>
            <tr>
              <th>when</th>
              <th>kiosk · seq</th>
              <th>record</th>
            </tr>
          </thead>
          <tbody>
            {loaded.data.records.slice(0, 200).map((r) => (
              <tr key={r.id}>
                <td>{formatTime(r.occurredAt)}</td>
                <td>
                  {r.kioskId} · {r.seq}
                </td>
                <td>
                  <Link to={`/records/${r.id}`}>{typeLabel(r.type)}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {loaded.data && loaded.data.total > 200 ? <p className="small muted">The first 200 of {loaded.data.total} records are shown.</p> : null}
    </section>
  );
}
