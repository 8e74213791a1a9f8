import { DialogFooter } from './DialogFooter.js';
import { useReasonChoices } from './ReasonChoices.js';
import { useExecution } from './store.js';

/** The reasons a floor gives most; "Other" takes the operator's own words. */
const REASONS = ['Break', 'End of shift', 'Waiting for material', 'Equipment problem'] as const;

/** Pausing an order records why; nothing more can be recorded on it until it is resumed. */
export function PauseDialog({ orderId, close }: { orderId: string; close: () => void }) {
  const { run, message } = useExecution();
  const { reason, choices } = useReasonChoices(REASONS, 'pause');
  const pause = async () => {
    if (await run('pauseOrder', { orderId, reason }, `Order ${orderId} paused`)) close();
  };
  return (
    <div className="dialog-backdrop">
      <section className="dialog" role="dialog" aria-label="Pause order" data-testid="pause-dialog">
        <h2>Pause order {orderId}</h2>
        {choices}
        <DialogFooter
          error={message?.kind === 'error' ? message.text : null}
          errorTestId="pause-error"
          submitLabel="Pause order"
          submitTestId="pause-submit"
          disabled={reason === ''}
          onCancel={close}
          onSubmit={() => void pause()}
        />
      </section>
    </div>
  );
}
