import { useState } from 'react';
import type { OpenExceptionView, OrderSummaryView } from '../../shared/api.js';
import { useKiosk } from '../store.js';
import { useExecution } from './store.js';

type Completion = { readonly kind: 'refused'; readonly message: string; readonly open: readonly OpenExceptionView[] } | { readonly kind: 'completed'; readonly exceptions: readonly OpenExceptionView[] };

/**
 * All steps done: Complete order. Refused while deviations of the order are open, with those deviations listed
 * (what QA must close); completed with deviations the recipe lets stay open, they are listed as the record's exceptions.
 */
export function OrderCompletion({ order }: { order: OrderSummaryView }) {
  const transport = useKiosk((s) => s.transport);
  const { message, refresh } = useExecution();
  const [busy, setBusy] = useState(false);
  const [completion, setCompletion] = useState<Completion | null>(null);
  const complete = async () => {
    if (!transport) return;
    setBusy(true);
    setCompletion(null);
    useExecution.setState({ message: null });
    try {
      const result = await transport.call('completeOrder', { orderId: order.orderId });
      if (result.ok) {
        setCompletion({ kind: 'completed', exceptions: result.exceptions });
        useExecution.setState({ message: { kind: 'ok', text: 'Order completed' } });
      } else if (result.open && result.open.length > 0) {
        setCompletion({ kind: 'refused', message: result.message, open: result.open });
      } else {
        useExecution.setState({ message: { kind: 'error', text: result.message, code: result.code } });
      }
      await refresh().catch(() => undefined);
    } catch (error) {
      useExecution.setState({ message: { kind: 'error', text: `The kiosk core did not answer: ${(error as Error).message}` } });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="completion" data-testid="order-completion">
      {/* A blocked order (cancelled, not released, recipe not in effect) opened from the queue never started: say so, not "done". */}
      <p data-testid="current-step">{order.atLine !== undefined ? `Charging is complete here; the order is completed at ${order.atLine}.` : order.status === 'completed' ? 'This order is complete.' : order.status === 'not-started' ? `This order cannot start${order.blocked ? `: ${order.blocked}` : ' yet.'}` : 'All steps are done.'}</p>
      {order.status === 'running' && order.atLine === undefined ? (
        <button type="button" className="primary" data-testid="order-complete" disabled={busy} onClick={() => void complete()}>
          Complete order
        </button>
      ) : null}
      {completion?.kind === 'refused' ? (
        <>
          <p className="notice banner error" role="alert" data-testid="completion-refused">
            {completion.message}
          </p>
          <OpenDeviations heading="Open deviations of this order" items={completion.open} />
        </>
      ) : null}
      {completion?.kind === 'completed' && completion.exceptions.length > 0 ? <OpenDeviations heading="Completed with these deviations still open (exceptions in the record)" items={completion.exceptions} /> : null}
      {message ? (
        <p className={`notice banner ${message.kind}`} role="alert" data-testid="execution-message">
          {message.text}
        </p>
      ) : null}
    </div>
  );
}

function OpenDeviations({ heading, items }: { heading: string; items: readonly OpenExceptionView[] }) {
  return (
    <section className="completion-deviations" aria-label={heading}>
      <h3>{heading}</h3>
      <table data-testid="completion-deviations">
        <thead>
          <tr>
            <th>Severity</th>
            <th>Deviation</th>
            <th>Signatures</th>
            <th>Id</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr key={d.deviationId} data-testid={`completion-deviation-${d.deviationId}`}>
              <td className={`severity ${d.severity}`}>{d.severity.toUpperCase()}</td>
              <td>{d.title}</td>
              <td>
                {d.signatures} of {d.needed}
              </td>
              <td className="deviation-id">{d.deviationId}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
