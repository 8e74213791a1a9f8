import type { CalibrationView, PhMeasurementView } from '../../shared/api.js';
import { formatTime } from '../time.js';

const CALIBRATION_WORDS: Record<CalibrationView['status'], string> = {
  'in-date': 'in date',
  'due-soon': 'due soon',
  expired: 'EXPIRED',
  'never-calibrated': 'NO CERTIFICATE',
};

function certificate(c: CalibrationView): string {
  return c.certificateId
    ? `${c.certificateId}, due ${c.dueOn ?? '?'} (${CALIBRATION_WORDS[c.status]})`
    : CALIBRATION_WORDS[c.status];
}

function buffers(m: PhMeasurementView): string {
  const b = m.bufferCalibration;
  if (!b) return 'no buffer calibration on this kiosk';
  const slopes = b.slopesPercent.length > 0 ? ` · slope ${b.slopesPercent.join(' / ')} %` : '';
  const offset = b.offsetMv !== null ? ` · offset ${b.offsetMv} mV` : '';
  return `${b.passed ? 'passed' : 'FAILED'} ${formatTime(b.at)} by ${b.by.name}${slopes}${offset}`;
}

/** A recorded pH reading as the operator checks it: value, temperature, limits, PASS/FAIL and what happens next. */
export function PhResult({ measurement: m }: { measurement: PhMeasurementView }) {
  const pass = m.result === 'within-limits';
  return (
    <section
      className={`ph-result ${pass ? 'pass' : 'fail'}`}
      data-testid="ph-result"
      data-result={m.result}
      aria-label="Recorded pH"
    >
      <div className="ph-main">
        <span className="ph-verdict" data-testid="ph-verdict">
          {pass ? '✓ PASS' : '✗ FAIL'}
        </span>
        <span className="ph-reading">
          pH <strong data-testid="ph-result-value">{m.ph}</strong>
        </span>
        <span className="ph-limits" data-testid="ph-result-limits">
          limits {m.low} – {m.high}
        </span>
      </div>
      <dl className="ph-facts">
        <dt>Temperature</dt>
        <dd data-testid="ph-result-temperature">{m.temperatureC} °C</dd>
        <dt>Potential</dt>
        <dd data-testid="ph-result-mv">{m.mv} mV</dd>
        <dt>Meter</dt>
        <dd data-testid="ph-result-meter">
          {m.meterId} · certificate {certificate(m.calibration)}
        </dd>
        <dt>Buffers</dt>
        <dd data-testid="ph-result-buffers">{buffers(m)}</dd>
        <dt>Recorded</dt>
        <dd data-testid="ph-result-by">
          {m.by.name} at {formatTime(m.at)}
        </dd>
      </dl>
      <p className="ph-outcome" data-testid="ph-result-outcome">
        {m.outcome}
      </p>
    </section>
  );
}

/** After the reading closed its step: the result stays until the operator moves on. */
export function PhRecorded(props: {
  measurement: PhMeasurementView;
  title: string;
  phase: string;
  next: string | null;
  onNext: () => void;
}) {
  return (
    <div
      className="current-step"
      data-testid="current-step"
      data-step={props.measurement.stepId}
      data-phase={props.phase}
    >
      <h2 data-testid="step-title">
        Step {props.measurement.stepId}: {props.title}
      </h2>
      <PhResult measurement={props.measurement} />
      <button type="button" className="primary ph-next" data-testid="ph-next" onClick={props.onNext}>
        {props.next ? `Next step: ${props.next}` : 'Done'}
      </button>
    </div>
  );
}
