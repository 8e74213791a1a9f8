import { DeviationsPanel } from './DeviationsPanel.js';
import { HoldsPanel } from './HoldsPanel.js';
import { InstrumentStrip } from './InstrumentStrip.js';
import { useExecution } from './store.js';

const STATUS_WORDS = { 'not-started': 'Not started', running: 'Running', paused: 'Paused', completed: 'Completed' } as const;

/** The station's orders; tapping one starts it (or opens it where it stands). */
export function OrderQueue() {
  const { orders, openOrder, message } = useExecution();
  return (
    <section className="panel" aria-label="Order queue">
      <h1>Orders for this station</h1>
      <InstrumentStrip />
      {orders.length === 0 ? <p className="muted">No orders are planned for this station.</p> : null}
      <ul className="orders" data-testid="order-queue">
        {orders.map((o) => (
          <li key={o.orderId}>
            <button type="button" className="order" data-testid={`order-${o.orderId}`} onClick={() => void openOrder(o.orderId)}>
              <strong>{o.orderId}</strong> <span>{o.batchNumber}</span> <span className="muted">{o.recipe}</span> <span className={`status ${o.status}`}>{STATUS_WORDS[o.status]}</span>
              {o.atLine ? <span className="muted small" data-testid={`order-at-line-${o.orderId}`}>charging here · the order runs at {o.atLine}</span> : null}
              {o.blocked ? (
                <span className="notice error" data-testid={`order-blocked-${o.orderId}`}>
                  Cannot start: {o.blocked}
                </span>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
      <HoldsPanel />
      <DeviationsPanel />
      {message ? (
        <p className={`notice ${message.kind}`} role="alert" data-testid="execution-message">
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
