import { useCallback, useState } from 'react';
import type { StepView, WedgeKeyInput } from '../../shared/api.js';
import { useKiosk } from '../store.js';
import { decimalsOf, inUnit } from './display.js';
import { ContainerLabels } from './ContainerLabels.js';
import { OverrideDialog } from './OverrideDialog.js';
import { StepWeighings } from './RejectWeighing.js';
import { ToleranceBar } from './ToleranceBar.js';
import { addDecimal, useExecution } from './store.js';
import { useWedgeScan } from './useWedgeScan.js';

/** A dispense step: choose the balance, scan the lot, tare, weigh, accept, complete. */
export function WeighStep({ step }: { step: StepView }) {
  const { run, busy, message, fefoScan: fefo, setFefoScan: setFefo } = useExecution();
  const weight = useKiosk((s) => s.state?.weight ?? null);
  const device = useKiosk((s) => s.state?.device ?? null);
  const [scan, setScan] = useState('');
  // A lot id typed by hand (no GS1 label), only where the material allows it; the record marks it manual.
  const [typing, setTyping] = useState(false);
  const [typedLot, setTypedLot] = useState('');
  const [overriding, setOverriding] = useState<'tolerance' | 'fefo' | null>(null);
  const ids = { orderId: step.orderId, stepId: step.stepId };
  const { orderId, stepId } = step;
  useWedgeScan(
    useCallback(
      (keys: WedgeKeyInput[]) =>
        void run('scanKeys', { orderId, stepId, keys }, 'Lot accepted').then(() => {
          // Refused only by first-expiry-first-out: offer the override for the lot the scanner read.
          const after = useExecution.getState().message;
          setFefo(after?.code === 'lot-not-first-expiry' && after.scan !== undefined ? { scan: after.scan, why: after.text } : null);
        }),
      [orderId, stepId, run, setFefo],
    ),
  );
  const balances = step.allowedBalances.length > 0 ? step.allowedBalances : device ? [device.balanceId] : [];
  const live = weight && weight.balanceId === step.balanceId ? weight : null;
  // The operator compares the reading with the target: both in the step's unit ('300.00' g shows as
  // '0.30000' kg, every digit of the balance's readability kept).
  const unit = step.target?.unit ?? live?.unit ?? '';
  const liveValue = live ? inUnit(live.value, live.unit, unit) : null;
  const shownUnit = liveValue !== null ? unit : (live?.unit ?? unit);
  // The live net belongs to a new container only once it is tared; after Accept it is the one just recorded.
  const projected = liveValue !== null && step.tare !== null ? addDecimal(step.dispensed ?? '0', liveValue) : step.dispensed;
  // The balance sends at its readability: its reading's digits in the step's unit (or the recorded ones) set the display.
  const decimals = liveValue !== null ? decimalsOf(liveValue) : step.dispensed !== null ? decimalsOf(step.dispensed) : null;
  const submitScan = async () => {
    const text = scan;
    setScan('');
    if (text.trim() === '') return;
    await run('scanLot', { ...ids, scan: text }, 'Lot accepted');
    const after = useExecution.getState().message;
    setFefo(after?.code === 'lot-not-first-expiry' ? { scan: text, why: after.text } : null);
  };
  const submitTypedLot = async () => {
    const lotId = typedLot.trim();
    if (lotId === '') return;
    const ok = await run('scanLot', { ...ids, scan: lotId, manual: true }, `Lot ${lotId} accepted (typed by hand)`);
    const after = useExecution.getState().message;
    setFefo(after?.code === 'lot-not-first-expiry' ? { scan: lotId, why: after.text } : null);
    if (ok) {
      setTypedLot('');
      setTyping(false);
    }
  };
  const fefoRefused = fefo !== null && message?.code === 'lot-not-first-expiry';
  // Accept looks usable only when it can be: a balance chosen and a lot scanned (the core decides the rest).
  const acceptBlocked = !step.balanceId ? 'Choose the balance first' : step.lots.length === 0 ? 'Scan the lot label first' : null;
  return (
    // The container label (preview, printed or why not, reprint) sits beside the weigh step (issue 13).
    <div className="weigh-layout">
    <div className="weigh-step">
      <div className="row">
        <span className="label">Balance</span>
        <div className="choices" data-testid="balance-choices">
          {balances.map((id) => (
            <button key={id} type="button" className={`choice ${step.balanceId === id ? 'chosen' : ''}`} data-testid={`balance-${id}`} onClick={() => void run('selectBalance', { ...ids, balanceId: id }, `${id} selected`)}>
              {id}
            </button>
          ))}
        </div>
      </div>
      <div className="row">
        <label className="label" htmlFor="scan-input">
          Lot
        </label>
        {/* A keyboard-wedge scanner types here and ends with Enter; the core parses the GS1 data. */}
        <input id="scan-input" data-testid="scan-input" value={scan} placeholder="Scan the lot label" onChange={(e) => setScan(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void submitScan()} autoComplete="off" />
        <span className="lots" data-testid="scanned-lots">
          {step.lots.length > 0 ? step.lots.join(', ') : 'none scanned'}
        </span>
        {step.manualLotEntry === true && !typing ? (
          <button type="button" className="secondary" data-testid="lot-type-open" onClick={() => setTyping(true)}>
            Type lot id
          </button>
        ) : null}
        {fefoRefused ? (
          <button type="button" className="secondary" data-testid="fefo-override" onClick={() => setOverriding('fefo')}>
            Use this lot anyway…
          </button>
        ) : null}
      </div>
      {step.manualLotEntry === true && typing ? (
        <div className="row manual-lot" data-testid="lot-manual">
          <label className="label" htmlFor="lot-manual-input">
            Lot id (typed)
          </label>
          <input id="lot-manual-input" data-testid="lot-manual-input" value={typedLot} placeholder={`Lot id of ${step.materialName ?? step.materialId ?? 'the material'}`} onChange={(e) => setTypedLot(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void submitTypedLot()} autoComplete="off" autoFocus />
          <button type="button" className="primary" data-testid="lot-manual-submit" disabled={busy || typedLot.trim() === ''} onClick={() => void submitTypedLot()}>
            Use lot
          </button>
          <button type="button" className="secondary" data-testid="lot-manual-cancel" onClick={() => setTyping(false)}>
            Cancel
          </button>
        </div>
      ) : null}
      <div className="reading small" aria-live="polite">
        <span className="weight" data-testid="step-live-weight">
          {live ? (liveValue ?? live.value) : '—'}
        </span>
        <span className="unit" data-testid="step-live-unit">
          {live ? shownUnit : ''}
        </span>
        <span className={`badge ${live ? (live.stable ? 'stable' : 'moving') : 'none'}`}>{live ? (live.stable ? '● STABLE' : '◌ MOVING') : step.balanceId ? 'NO READING' : 'CHOOSE BALANCE'}</span>
      </div>
      <ToleranceBar target={step.target} projected={projected} decimals={decimals} />
      {/* The containers line carries "Reject a container…": one row, so the weighing actions stay on screen. */}
      <div className="row dispensed-row">
        <p className="muted" data-testid="step-dispensed">
          Dispensed {step.dispensed ?? '0'} {step.target?.unit ?? ''} in {step.containers} container(s){step.tare ? ` · tare ${step.tare}` : ''}
        </p>
        <StepWeighings step={step} />
      </div>
      {acceptBlocked ? (
        <p className="muted" id="weigh-accept-reason" data-testid="weigh-accept-reason">
          {acceptBlocked}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" className="secondary" data-testid="step-tare" disabled={busy} onClick={() => void run('tareStep', ids, 'Tare taken')}>
          Tare
        </button>
        <button type="button" className="accept" data-testid="weigh-accept" disabled={busy || acceptBlocked !== null} aria-describedby="weigh-accept-reason" onClick={() => void run('acceptWeighing', ids, 'Weighing recorded')}>
          Accept weight
        </button>
        <button type="button" className="secondary" data-testid="dispense-complete" disabled={busy || step.containers === 0} onClick={() => void run('completeDispense', ids, 'Dispense complete')}>
          Complete
        </button>
        <button type="button" className="secondary" data-testid="dispense-override" disabled={busy || step.containers === 0} onClick={() => setOverriding('tolerance')}>
          Override…
        </button>
      </div>
      {overriding === 'fefo' && fefo !== null ? (
        <OverrideDialog
          title="FEFO override: use a later-expiring lot"
          explanation={fefo.why}
          note="A second person who may override first-expiry-first-out signs here, with the reason."

          testIdPrefix="fefo"
          submit={async (fefoOverride) => {
            const ok = await run('scanLot', { ...ids, scan: fefo.scan, fefoOverride }, 'Lot accepted with FEFO override');
            if (ok) setFefo(null);
            return ok;
          }}
          close={() => setOverriding(null)}
        />
      ) : overriding === 'tolerance' ? (
        <OverrideDialog
          title={`Complete ${step.title} out of tolerance`}
          submit={(override) => run('completeDispense', { ...ids, override }, 'Dispense completed with override; deviation opened')}
          close={() => setOverriding(null)}
        />
      ) : null}
    </div>
    <ContainerLabels step={step} />
    </div>
  );
}
