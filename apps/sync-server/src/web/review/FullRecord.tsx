import type { ReactNode } from 'react';
import type { BatchRecord, CalibrationAtUse, RoutineTestAtUse } from './types.js';
import { person, RecordLink, RecordLinks, when } from './words.js';

/** One part of the full record: a table that fits the page, folded away when empty. */
function Part({ title, count, children, open = false }: { title: string; count: number; children: ReactNode; open?: boolean }) {
  return (
    <details className="panel part" open={open && count > 0} data-part={title}>
      <summary>
        <strong>{title}</strong> <span className="muted">({count})</span>
      </summary>
      {count === 0 ? <p className="muted">None.</p> : children}
    </details>
  );
}

function Table({ head, rows, widths = [] }: { head: readonly string[]; rows: readonly (readonly ReactNode[])[]; widths?: readonly (string | undefined)[] }) {
  return (
    <table className="record-table">
      <colgroup>
        {head.map((h, i) => (
          <col key={h} style={widths[i] ? { width: widths[i] } : undefined} />
        ))}
      </colgroup>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((cells, i) => (
          <tr key={i}>
            {cells.map((c, j) => (
              <td key={j}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function calibration(c: CalibrationAtUse) {
  return (
    <span className={c.central.valid ? '' : 'bad'} title={c.central.message}>
      {c.status}
      {c.dueOn ? `, due ${c.dueOn}` : ''}
      {c.central.valid ? '' : ` — ${c.central.message}`}
    </span>
  );
}

function routineTest(t: RoutineTestAtUse) {
  if (t.status === 'none-found') return <span className="warn">no routine test found</span>;
  return (
    <span className={t.status === 'failed' ? 'bad' : ''}>
      {t.test ?? 'test'} {t.status} {when(t.at)} {t.by ? `by ${t.by}` : ''}
    </span>
  );
}

/** Everything the batch record holds, part by part, each fact linked to the record it comes from. */
export function FullRecord({ record }: { record: BatchRecord }) {
  return (
    <section className="full-record" aria-label="The full batch record">
      <h2 className="section-title">The full record</h2>
      <Part title="Steps" count={record.steps.length} open>
        <Table
          head={['Step', 'Status', 'Started · completed', 'By', 'Records']}
          widths={['28%', '12%', '24%', '20%', '16%']}
          rows={record.steps.map((s) => [
            <>
              <strong>{s.stepId}</strong> {s.title ?? <span className="bad">not in the recipe</span>}
              {s.kind ? <div className="muted small">{s.kind}</div> : null}
            </>,
            <span className={s.status === 'completed' && s.completions === 1 ? 'good' : 'warn'}>
              {s.status}
              {s.completions > 1 ? `, completed ${s.completions}×` : ''}
            </span>,
            <span className="small">
              {when(s.startedAt) || '—'}
              <br />
              {when(s.completedAt) || '—'}
            </span>,
            s.performedBy.map((p) => p.printedName).join(', ') || '—',
            <RecordLinks records={s.records} max={2} />,
          ])}
        />
      </Part>
      <Part title="Weighings" count={record.weighings.length} open>
        <Table
          head={['Step · container', 'Lot · balance', 'Gross / tare / net', 'Tolerance', 'Calibration · routine test', 'By · when']}
          widths={['11%', '15%', '19%', '12%', '24%', '19%']}
          rows={record.weighings.map((w) => [
            <>
              {w.stepId} · #{w.containerNo}
              {w.rejected ? <div className="bad small">rejected: {w.rejected.reason} ({w.rejected.disposition === 'reweigh' ? 're-weigh, returned to its lot' : w.rejected.disposition})</div> : null}
            </>,
            <>
              {w.lotId} ({w.materialId})<br />
              {w.balanceId}
            </>,
            <span className="mono" title={w.rawFrame ?? ''}>
              {w.gross} / {w.tare} / <strong>{w.net}</strong> {w.unit}
              <div className="muted small">tare: {w.tareSource ?? '—'}; {w.containerOrigin ?? ''}</div>
            </span>,
            <span className={w.toleranceState === 'in-tolerance' || w.toleranceState === 'in' ? 'good' : 'warn'}>
              {w.toleranceState}
              <div className="muted small">cumulative {w.cumulative}</div>
            </span>,
            <span className="small">
              {calibration(w.calibration)}
              <br />
              {routineTest(w.routineTest)}
              {w.flags.length > 0 ? <div className="warn">flags: {w.flags.join(', ')}</div> : null}
            </span>,
            <span className="small">
              {w.by.printedName}
              <br />
              {when(w.at)} <RecordLink record={w.record} />
            </span>,
          ])}
        />
      </Part>
      <Part title="Dispenses" count={record.dispenses.length}>
        <Table
          head={['Step', 'Material', 'Target (limits)', 'Dispensed', 'Record']}
          widths={['10%', '18%', '32%', '25%', '15%']}
          rows={record.dispenses.map((d) => [
            d.stepId,
            d.materialId,
            `${d.target} ${d.unit} (${d.lower}–${d.upper}; nominal ${d.nominal})`,
            <span className={d.toleranceState && d.toleranceState !== 'in-tolerance' ? 'warn' : ''}>
              {d.dispensed ?? '—'} {d.dispensed ? d.unit : ''} {d.toleranceState ? `(${d.toleranceState})` : ''}
            </span>,
            <RecordLink record={d.record} />,
          ])}
        />
      </Part>
      <Part title="Charged containers" count={record.charges.length} open={record.charges.length > 0}>
        <Table
          head={['Material', 'Container (SSCC)', 'Lot · net', 'Known', 'At the line · when']}
          widths={['16%', '26%', '18%', '20%', '20%']}
          rows={[...record.charges]
            .sort((a, b) => Number(a.materialId === null) - Number(b.materialId === null) || (a.materialId ?? '').localeCompare(b.materialId ?? '') || a.at.localeCompare(b.at))
            .map((c) => [
              <>
                {c.materialId ?? 'not known when charged'}
                <div className="muted small">step {c.dispenseStepId ?? '?'} → charge step {c.stepId}</div>
              </>,
              <span className="mono" data-testid="charged-sscc">
                {c.sscc}
              </span>,
              <>
                {c.lotId ?? '—'}
                <div className="muted small">{c.net ? `${c.net} ${c.unit ?? ''}` : ''}</div>
              </>,
              c.known === 'not-synced' ? <span className="warn">not yet synced — accepted by {c.approvedBy ? person(c.approvedBy) : '?'}</span> : c.known,
              <span className="small">
                {c.by.printedName} on {c.kioskId}
                <br />
                {when(c.at)} <RecordLink record={c.record} />
              </span>,
            ])}
        />
      </Part>
      <Part title="Scans" count={record.scans.length}>
        <Table
          head={['Step', 'Lot', 'Status then', 'FEFO override', 'By · when']}
          widths={['8%', '24%', '20%', '28%', '20%']}
          rows={record.scans.map((s) => [
            s.stepId,
            <>
              {s.lotId} ({s.materialId})<div className="muted small">expiry {s.expiry}, {s.entry}</div>
            </>,
            <span className={s.lotStatusAtTime === 'released' ? 'good' : 'warn'}>
              {s.lotStatusAtTime ?? 'unknown'}
              {s.lotStatusReason ? ` — ${s.lotStatusReason}` : ''}
            </span>,
            s.fefoOverride ? (
              <span className="warn">
                instead of {s.fefoOverride.firstExpiryLotId}: {s.fefoOverride.reason} — approved by {person(s.fefoOverride.approvedBy)}
              </span>
            ) : (
              '—'
            ),
            <span className="small">
              {s.by.printedName}
              <br />
              {when(s.at)} <RecordLink record={s.record} />
            </span>,
          ])}
        />
      </Part>
      <Part title="pH readings" count={record.phReadings.length}>
        <Table
          head={['Step · meter', 'pH (limits)', 'mV · °C', 'Calibration · buffers', 'By · when']}
          widths={['14%', '20%', '14%', '32%', '20%']}
          rows={record.phReadings.map((p) => [
            `${p.stepId} · ${p.meterId}`,
            <span className={p.result === 'within-limits' ? 'good' : 'bad'}>
              {p.ph} ({p.low}–{p.high}), {p.result}
            </span>,
            `${p.mv} mV · ${p.temperatureC} °C`,
            <span className="small">
              {calibration(p.calibration)}
              <br />
              {routineTest(p.bufferCalibration)}
            </span>,
            <span className="small">
              {p.by.printedName}
              <br />
              {when(p.at)} <RecordLink record={p.record} />
            </span>,
          ])}
        />
      </Part>
      <Part title="Checks" count={record.checks.length}>
        <Table
          head={['Step', 'Value', 'Result', 'By · when']}
          rows={record.checks.map((c) => [c.stepId, c.value ?? '—', c.passed ? <span className="good">passed</span> : <span className="bad">failed</span>, <span className="small">{c.by.printedName}, {when(c.at)} <RecordLink record={c.record} /></span>])}
        />
      </Part>
      <Part title="Signatures" count={record.signatures.length}>
        <Table
          head={['Signed by', 'Meaning', 'When', 'What it signs', 'Record']}
          widths={['22%', '12%', '18%', '34%', '14%']}
          rows={record.signatures.map((s) => [person(s.signer), s.meaning, when(s.signedAt), <>{s.signs}{s.reason ? <div className="muted small">reason: {s.reason}</div> : null}</>, <RecordLink record={s.record} />])}
        />
      </Part>
      <Part title="Deviations" count={record.deviations.length}>
        <Table
          head={['Deviation', 'Severity · status', 'Opened', 'Closing signatures']}
          widths={['38%', '16%', '18%', '28%']}
          rows={record.deviations.map((d) => [
            <>
              <strong>{d.title}</strong>
              <div className="small">{d.description}</div>
              <div className="muted small mono">{d.deviationId}</div>
            </>,
            <span className={d.status === 'open' ? 'warn' : ''}>
              {d.severity} · {d.status}
            </span>,
            <span className="small">
              {when(d.openedAt)}
              <br />
              by {d.openedBy ?? '?'}
            </span>,
            d.closingSignatures.length === 0 ? <span className="warn">none</span> : <span className="small">{d.closingSignatures.map((s) => `${s.signer.printedName} “${s.meaning}” ${when(s.signedAt)}`).join('; ')}</span>,
          ])}
        />
      </Part>
      <Part title="Holds" count={record.holds.length}>
        <Table
          head={['On hold', 'Why', 'Placed', 'Released']}
          rows={record.holds.map((h) => [`${h.target.kind} ${h.target.id}`, h.reason, `${when(h.placedAt)} by ${h.placedBy ?? '?'}`, h.released ? `${when(h.released.at)} by ${h.released.by}: ${h.released.reason}` : <span className="warn">in force</span>])}
        />
      </Part>
      <Part title="Overrides" count={record.overrides.length}>
        <Table
          head={['Kind · step', 'What', 'Why', 'Approved by · when']}
          rows={record.overrides.map((o) => [`${o.kind} · ${o.stepId}`, o.what, o.reason, <span className="small">{person(o.approvedBy)}, {when(o.at)} <RecordLink record={o.record} /></span>])}
        />
      </Part>
      <Part title="Pauses" count={record.pauses.length}>
        <Table head={['Paused', 'Why', 'Resumed']} rows={record.pauses.map((p) => [`${when(p.pausedAt)} by ${p.pausedBy}`, p.reason, p.resumedAt ? `${when(p.resumedAt)} by ${p.resumedBy ?? '?'}` : <span className="warn">not resumed</span>])} />
      </Part>
      <Part title="Offline intervals" count={record.offlineIntervals.length}>
        <Table
          head={['Kiosk', 'Offline from · to', 'Records', 'Delivered', 'Grace']}
          rows={record.offlineIntervals.map((o) => [o.kioskId, `${when(o.from)} – ${when(o.to)}`, o.records, when(o.deliveredAt), <span className={o.beyondGrace ? 'bad' : ''}>{o.beyondGrace ? `beyond the ${o.graceHours} h grace` : `within ${o.graceHours} h`}</span>])}
        />
      </Part>
      <Part title="Clock anomalies" count={record.clockAnomalies.length}>
        <Table head={['Kiosk', 'When', 'What']} rows={record.clockAnomalies.map((c) => [c.kioskId, when(c.at), <>{c.message} <RecordLink record={c.record} /></>])} />
      </Part>
      <Part title="Timeline" count={record.timeline.length}>
        <Table
          head={['When', 'What', 'By', 'Record']}
          widths={['20%', '46%', '20%', '14%']}
          rows={record.timeline.map((t) => [when(t.at), <>{t.stepId ? <span className="muted">step {t.stepId}: </span> : null}{t.what}</>, t.by?.printedName ?? 'the kiosk', <RecordLink record={t.record} />])}
        />
      </Part>
    </section>
  );
}
