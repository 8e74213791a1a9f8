import { useKiosk } from '../store.js';
import { formatTime } from '../time.js';

import type { AcceptedWeighing } from '../../shared/api.js';

// A stable empty list: a selector returning a fresh [] each time would re-render forever.
const NONE: readonly AcceptedWeighing[] = [];

export function AcceptedList() {
  const weighings = useKiosk((s) => s.state?.recentWeighings ?? NONE);
  return (
    <section className="accepted" aria-label="Accepted weighings">
      <h2>Accepted weighings</h2>
      <ol data-testid="accepted-list">
        {weighings.length === 0 ? <li className="empty">None yet</li> : null}
        {weighings.map((w) => (
          <li key={w.seq} data-seq={w.seq} data-synced={String(w.synced)}>
            <span className="seq">#{w.seq}</span>
            <span className="value">
              {w.value} {w.unit}
            </span>
            <span className="time">{formatTime(w.occurredAt)}</span>
            <span className={`synced ${w.synced ? 'yes' : 'no'}`}>{w.synced ? '✓ synced' : '… unsent'}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
