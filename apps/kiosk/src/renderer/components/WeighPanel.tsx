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
        <span className="weight" data-testid="live-weight">
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
        {blocked ?? 'Ready: press Accept to record this weight'}
      </p>
      {view.notice ? (
        <p className={`notice ${view.notice.kind}`} data-testid="accept-notice" role="alert">
          {view.notice.text}
        </p>
      ) : null}
    </section>
  );
}
