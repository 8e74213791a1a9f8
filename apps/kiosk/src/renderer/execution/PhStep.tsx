import { useState } from 'react';
import type { StepView } from '../../shared/api.js';
import { useExecution } from './store.js';

/** pH as the meter shows it at a stable endpoint; the domain checks the limits and the meter's calibration. */
export function PhStep({ step }: { step: StepView }) {
  const { run, busy } = useExecution();
  const meters = step.allowedBalances.length > 0 ? step.allowedBalances : ['PH-01'];
  const [meterId, setMeterId] = useState(meters[0] ?? 'PH-01');
  const [ph, setPh] = useState('');
  const [mv, setMv] = useState('');
  const [temperatureC, setTemperature] = useState('');
  const [stable, setStable] = useState(false);
  const capture = () => void run('capturePhMeasurement', { orderId: step.orderId, stepId: step.stepId, meterId }, `pH read from ${meterId}`);
  return (
    <div className="weigh-step">
      <div className="row">
        <span className="label">Meter</span>
        <div className="choices">
          {meters.map((id) => (
            <button key={id} type="button" className={`choice ${meterId === id ? 'chosen' : ''}`} onClick={() => setMeterId(id)}>
              {id}
            </button>
          ))}
        </div>
      </div>
      <div className="actions">
        {/* A meter connected to this kiosk is the original record: its stable endpoint is read, not typed. */}
        <button type="button" className="accept" data-testid="ph-read-meter" disabled={busy} onClick={capture}>
          Read {meterId} at its stable endpoint
        </button>
      </div>
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
          onClick={() => void run('recordPhMeasurement', { orderId: step.orderId, stepId: step.stepId, meterId, reading: { ph, mv, temperatureC }, stable }, 'pH recorded')}
        >
          Record typed pH
        </button>
      </div>
    </div>
  );
}
