import { useState } from 'react';
import { DialogFooter } from './DialogFooter.js';
import { useExecution } from './store.js';

/** The reasons a floor gives most; "Other" takes the operator's own words. */
const REASONS = ['Break', 'End of shift', 'Waiting for material', 'Equipment problem'] as const;

/** Pausing an order records why; nothing more can be recorded on it until it is resumed. */
export function PauseDialog({ orderId, close }: { orderId: string; close: () => void }) {
  const { run, message } = useExecution();
  const [choice, setChoice] = useState<string | null>(null);
  const [other, setOther] = useState('');
  const reason = choice === 'Other' ? other.trim() : (choice ?? '');
  const pause = async () => {
    if (await run('pauseOrder', { orderId, reason }, `Order ${orderId} paused`)) close();
  };
  return (
    <div className="dialog-backdrop">
      <section className="dialog" role="dialog" aria-label="Pause order" data-testid="pause-dialog">
        <h2>Pause order {orderId}</h2>
        <div className="choices wrap" role="group" aria-label="Reason">
          {[...REASONS, 'Other'].map((r) => (
            <button key={r} type="button" data-testid={`pause-reason-${r.toLowerCase().replace(/\s+/g, '-')}`} className={`choice ${choice === r ? 'chosen' : ''}`} onClick={() => setChoice(r)}>
              {r}
            </button>
          ))}
        </div>
        {choice === 'Other' ? (
          <label className="field">
            Reason
            <input data-testid="pause-other" value={other} onChange={(e) => setOther(e.target.value)} />
          </label>
        ) : null}
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
