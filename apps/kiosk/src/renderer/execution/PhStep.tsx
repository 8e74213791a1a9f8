import { useState } from 'react';
import type { StepView } from '../../shared/api.js';
import { PhResult } from './PhResult.js';
import { useExecution } from './store.js';

/**
 * pH as the meter shows it at a stable endpoint; the domain checks the limits and the meter's calibration.
 * The recorded reading is shown from the core's view of the record; `onRecorded` keeps it on screen
 * after the step closes, until the operator moves on.
 */
export function PhStep({ step, onRecorded }: { step: StepView; onRecorded: () => void }) {
  const { run, busy, progress } = useExecution();
  // The latest reading on this step (an out-of-limits one keeps the step open for a new measurement).
  const latest = progress?.phMeasurements.filter((m) => m.stepId === step.stepId).at(-1);
  const meters = step.allowedBalances.length > 0 ? step.allowedBalances : ['PH-01'];
  const [meterId, setMeterId] = useState(meters[0] ?? 'PH-01');
  const [ph, setPh] = useState('');
  const [mv, setMv] = useState('');
  const [temperatureC, setTemperature] = useState('');
  const [stable, setStable] = useState(false);
  // Typing is the exception (a meter without an interface here): folded away until asked for.
  const [typing, setTyping] = useState(false);
  const recorded = (ok: boolean) => {
    if (ok) onRecorded();
  };
  const capture = () => void run('capturePhMeasurement', { orderId: step.orderId, stepId: step.stepId, meterId }).then(recorded);
  return (
    <div className="weigh-step">
      {latest ? <PhResult measurement={latest} /> : null}
      <div className="row ph-read">
        <span className="label">Meter</span>
        <div className="choices">
          {meters.map((id) => (
            <button key={id} type="button" className={`choice ${meterId === id ? 'chosen' : ''}`} onClick={() => setMeterId(id)}>
              {id}
            </button>
          ))}
        </div>
        {/* A meter connected to this kiosk is the original record: its stable endpoint is read, not typed. */}
        <button type="button" className="accept" data-testid="ph-read-meter" disabled={busy} onClick={capture}>
          Read {meterId} at its stable endpoint
        </button>
        <button type="button" className={`choice ${typing ? 'chosen' : ''}`} data-testid="ph-type" aria-expanded={typing} onClick={() => setTyping((t) => !t)}>
          Type reading
        </button>
      </div>
      {typing ? (
        <>
      <p className="hint">Only if {meterId} is not connected to this kiosk: type what its display shows.</p>
      <div className="row">
        <label className="field">
          pH
          <input data-testid="ph-value" inputMode="decimal" value={ph} onChange={(e) => setPh(e.target.value)} />
        </label>
        <label className="field">
          mV
          <input data-testid="ph-mv" inputMode="decimal" value={mv} onChange={(e) => setMv(e.target.value)} />
        </label>
        <label className="field">
          °C
          <input data-testid="ph-temperature" inputMode="decimal" value={temperatureC} onChange={(e) => setTemperature(e.target.value)} />
        </label>
      </div>
      <div className="actions">
        <button type="button" className={`choice ${stable ? 'chosen' : ''}`} data-testid="ph-stable" aria-pressed={stable} onClick={() => setStable((s) => !s)}>
          {stable ? '● Endpoint stable' : '◌ Not yet stable'}
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="ph-record"
          disabled={busy || ph === '' || mv === '' || temperatureC === ''}
          onClick={() => void run('recordPhMeasurement', { orderId: step.orderId, stepId: step.stepId, meterId, reading: { ph, mv, temperatureC }, stable }).then(recorded)}
        >
          Record typed pH
        </button>
      </div>
        </>
      ) : null}
    </div>
  );
}
