import { useCallback, useState } from 'react';
import type { ChargeView, StepView, WedgeKeyInput } from '../../shared/api.js';
import { OverrideDialog } from './OverrideDialog.js';
import { useExecution } from './store.js';
import { useWedgeScan } from './useWedgeScan.js';

/**
 * Charging at the line (issue 13): the containers the step expects, each ticked once its label is scanned;
 * a refusal names the container and why (the banner above); a container not yet synced here can be charged
 * with a second person's PIN and a reason, which opens a deviation.
 */
export function ChargeStep({ step, charge }: { step: StepView; charge: ChargeView }) {
  const { run, busy, message } = useExecution();
  const [scan, setScan] = useState('');
  // The refused scan as read (sent again with the second person's PIN) and the SSCC the refusal names.
  const [accepting, setAccepting] = useState<{ scan: string; sscc: string } | null>(null);
  const ids = { orderId: step.orderId, stepId: step.stepId };
  const { orderId, stepId } = step;
  const canScan = charge.here && step.phase === 'in-progress';
  useWedgeScan(useCallback((keys: WedgeKeyInput[]) => void (canScan ? run('scanKeys', { orderId, stepId, keys }, 'Container charged') : undefined), [canScan, orderId, stepId, run]));
  const lastScan = message?.scan ?? null;
  const submit = async () => {
    const text = scan.trim();
    setScan('');
    if (text === '') return;
    const ok = await run('chargeContainer', { ...ids, scan: text }, 'Container charged');
    if (!ok) useExecution.setState((s) => (s.message ? { message: { ...s.message, scan: text } } : s));
  };
  const charged = charge.containers.filter((c) => c.charged).length;
  const refusedSscc = /^Container (\d{18}) /.exec(message?.text ?? '')?.[1] ?? lastScan ?? '';
  const notSynced = message?.code === 'container-not-synced' && lastScan !== null;
  return (
    <div className="charge-step" data-testid="charge-step">
      {canScan ? (
        <div className="row">
          <label className="label" htmlFor="charge-scan-input">
            Container
          </label>
          {/* A keyboard-wedge scanner types here and ends with Enter; the core reads the SSCC (AI 00). */}
          <input id="charge-scan-input" data-testid="charge-scan-input" value={scan} placeholder="Scan the container label" onChange={(e) => setScan(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void submit()} autoComplete="off" />
          {notSynced ? (
            <button type="button" className="secondary" data-testid="charge-not-synced" onClick={() => setAccepting({ scan: lastScan, sscc: refusedSscc })}>
              Charge anyway (second person)…
            </button>
          ) : null}
        </div>
      ) : (
        <p className="notice warn" data-testid="charge-elsewhere">
          {charge.here ? 'Start the step to scan containers.' : `This kiosk shows what its last pull says; the order completes here once ${charge.stationId} has charged every container.`}
        </p>
      )}
      <p className="charge-count" data-testid="charge-count">
        {charged} of {charge.containers.length} container(s) charged
        {charge.openDispense.length > 0 ? <span className="warn"> · dispense step(s) {charge.openDispense.join(', ')} not yet known complete here: more containers may come</span> : null}
      </p>
      <ul className="charge-list" data-testid="charge-list">
        {charge.containers.length === 0 ? <li className="muted">No dispensed container of this order is known here yet — sync the dispensary and pull.</li> : null}
        {charge.containers.map((c) => (
          <li key={c.sscc} className={c.charged ? 'charged' : ''} data-testid={`charge-container-${c.sscc}`} data-charged={c.charged ? 'yes' : 'no'}>
            <span className="tick" aria-label={c.charged ? 'charged' : 'not charged'}>
              {c.charged ? '✓' : '☐'}
            </span>
            <span className="what">
              <strong>{c.materialName}</strong> · container {c.containerNo} of step {c.dispenseStepId}
              <span className="mono sscc">SSCC {c.sscc}</span>
            </span>
            <span className="lot">
              lot {c.lotId}
              <br />
              {c.net} {c.unit}
            </span>
            <span className="who muted">{c.charged ? `${c.charged.by} · ${c.charged.at.slice(11, 16)}` : 'to charge'}</span>
          </li>
        ))}
        {charge.unknownCharged.map((c) => (
          <li key={c.sscc} className="charged unknown" data-testid={`charge-container-${c.sscc}`} data-charged="yes">
            <span className="tick">✓</span>
            <span className="what">
              <strong>Not yet synced</strong> — accepted by a second person (deviation)
              <span className="mono sscc">SSCC {c.sscc}</span>
            </span>
            <span className="lot muted">—</span>
            <span className="who muted">
              {c.by} · {c.at.slice(11, 16)}
            </span>
          </li>
        ))}
      </ul>
      {canScan ? (
        <div className="actions">
          <button type="button" className="secondary" data-testid="charge-complete" disabled={busy} onClick={() => void run('completeCharge', ids, 'Charging complete')}>
            Complete charging
          </button>
        </div>
      ) : null}
      {accepting !== null ? (
        <OverrideDialog
          title={`Charge container ${accepting.sscc} (not yet synced)`}
          explanation="This kiosk does not know this container yet: its dispensing has not reached it through sync."
          note="A second person who may accept unsynced containers (QA or supervisor) checks the label and signs; a deviation is opened."
          testIdPrefix="charge-override"
          submit={(approval) => run('chargeContainer', { ...ids, scan: accepting.scan, notSynced: approval }, `Container ${accepting.sscc} charged (not yet synced; deviation opened)`)}
          close={() => setAccepting(null)}
        />
      ) : null}
    </div>
  );
}
