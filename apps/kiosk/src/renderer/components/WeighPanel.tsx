import { acceptBlockedReason, useKiosk } from '../store.js';
import { DeviceStatus } from './DeviceStatus.js';

export function WeighPanel() {
  const view = useKiosk();
  const weight = view.state?.weight ?? null;
  const blocked = acceptBlockedReason(view);
  const stable = weight?.stable ?? false;
  return (
    <section className="weigh" aria-label="Balance">
      <DeviceStatus />
      <div className="reading" aria-live="polite">
        {/* As big as fits: '62.50000' must show all its digits, never clipped on the left. Sized from the
            viewport (the panel is the viewport less the 400 px list and ~110 px of gaps), not with container
            query units: a size container re-lays out on every reading and put ~12 ms on each paint. */}
        <span className="weight" data-testid="live-weight" style={{ fontSize: `min(150px, calc((100vw - 630px) / ${(weight ? weight.value.length : 1) * 0.75}))` }}>
          {weight ? weight.value : '—'}
        </span>
        <span className="unit">{weight?.unit ?? ''}</span>
      </div>
      <div className="reading-meta">
        <span className={`badge ${weight ? (stable ? 'stable' : 'moving') : 'none'}`} data-testid="stability">
          {weight ? (stable ? '● STABLE' : '◌ MOVING') : 'NO READING'}
        </span>
        {weight && weight.basis !== 'unknown' ? <span className="basis">{weight.basis.toUpperCase()}</span> : null}
      </div>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void view.tare()} disabled={!view.state?.device || view.state.device.connection !== 'connected'}>
          Tare
        </button>
        <button type="button" className="secondary" onClick={() => void view.zero()} disabled={!view.state?.device || view.state.device.connection !== 'connected'}>
          Zero
        </button>
        <button
          type="button"
          className="accept"
          data-testid="accept"
          disabled={blocked !== null}
          aria-describedby="accept-reason"
          onClick={() => void view.accept()}
        >
          Accept
        </button>
      </div>
      <p id="accept-reason" className={`reason ${blocked ? 'blocked' : 'ready'}`} role="status">
        {/* After a refusal, "Ready" above it would contradict it: the refusal below says what to do. */}
        {blocked ?? (view.notice?.kind === 'error' ? 'Not recorded — see why below' : 'Ready: press Accept to record this weight')}
      </p>
      {/* The slot is always there, so Accept does not move when the outcome of a save appears. */}
      <p className={`notice slot ${view.notice?.kind ?? ''}`} data-testid={view.notice ? 'accept-notice' : undefined} role="alert" title={view.notice?.text}>
        {view.notice?.text ?? ''}
      </p>
    </section>
  );
}
