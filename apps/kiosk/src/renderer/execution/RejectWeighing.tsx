import { useState } from 'react';
import type { ContainerView, StepView } from '../../shared/api.js';
import { DialogFooter } from './DialogFooter.js';
import { useExecution } from './store.js';

/** The reasons a dispensary gives most; "Other" takes the operator's own words. */
const REASONS = ['Container dropped or spilled', 'Wrong container', 'Contaminated', 'Overfilled'] as const;
const DISPOSITIONS = [
  { id: 'scrap', label: 'Scrap', note: 'the material is discarded' },
  { id: 'rework', label: 'Rework', note: 'the material goes back for rework' },
] as const;

/**
 * The step's containers as recorded; an accepted one can be rejected with a disposition and a reason.
 * A rejected container no longer counts toward the step: the step needs a replacement weighing.
 */
export function StepWeighings({ step }: { step: StepView }) {
  const [rejecting, setRejecting] = useState<ContainerView | null>(null);
  const weighings = step.weighings ?? [];
  if (weighings.length === 0) return null;
  return (
    <>
      <ul className="step-weighings" data-testid="step-weighings" aria-label="Containers of this step">
        {weighings.map((w) => (
          <li key={w.weighingId} className={w.rejected ? 'rejected' : ''} data-testid={`weighing-${w.containerNo}`}>
            <span>
              #{w.containerNo} {w.lotId} · {w.balanceId} · {w.netInStepUnit} {step.target?.unit ?? ''}
            </span>
            {w.rejected ? (
              <span className="rejected-note" data-testid={`weighing-rejected-${w.containerNo}`}>
                REJECTED ({w.rejected.disposition}): {w.rejected.reason}
              </span>
            ) : (
              <button type="button" className="secondary small-button" data-testid={`weighing-reject-${w.containerNo}`} onClick={() => setRejecting(w)}>
                Reject…
              </button>
            )}
          </li>
        ))}
      </ul>
      {rejecting ? <RejectDialog step={step} weighing={rejecting} close={() => setRejecting(null)} /> : null}
    </>
  );
}

function RejectDialog({ step, weighing, close }: { step: StepView; weighing: ContainerView; close: () => void }) {
  const { run, message, busy } = useExecution();
  const [disposition, setDisposition] = useState<'scrap' | 'rework' | null>(null);
  const [choice, setChoice] = useState<string | null>(null);
  const [other, setOther] = useState('');
  const reason = choice === 'Other' ? other.trim() : (choice ?? '');
  const reject = async () => {
    if (!disposition) return;
    const done = `Container ${weighing.containerNo} rejected (${disposition}) — weigh a replacement`;
    if (await run('rejectWeighing', { orderId: step.orderId, stepId: step.stepId, weighingId: weighing.weighingId, reason, disposition }, done)) close();
  };
  return (
    <div className="dialog-backdrop">
      <section className="dialog" role="dialog" aria-label="Reject weighing" data-testid="reject-dialog">
        <h2>
          Reject container {weighing.containerNo}: {weighing.netInStepUnit} {step.target?.unit ?? ''} of {weighing.lotId}
        </h2>
        <p className="muted">It no longer counts toward {step.title}; the step needs a replacement weighing.</p>
        <div className="choices" role="group" aria-label="What happens to the material">
          {DISPOSITIONS.map((d) => (
            <button key={d.id} type="button" className={`choice ${disposition === d.id ? 'chosen' : ''}`} data-testid={`reject-disposition-${d.id}`} onClick={() => setDisposition(d.id)}>
              {d.label} <span className="small">({d.note})</span>
            </button>
          ))}
        </div>
        <div className="choices wrap" role="group" aria-label="Reason">
          {[...REASONS, 'Other'].map((r) => (
            <button key={r} type="button" data-testid={`reject-reason-${r.toLowerCase().replace(/\s+/g, '-')}`} className={`choice ${choice === r ? 'chosen' : ''}`} onClick={() => setChoice(r)}>
              {r}
            </button>
          ))}
        </div>
        {choice === 'Other' ? (
          <label className="field">
            Reason
            <input data-testid="reject-other" value={other} onChange={(e) => setOther(e.target.value)} />
          </label>
        ) : null}
        <DialogFooter
          error={message?.kind === 'error' ? message.text : null}
          errorTestId="reject-error"
          submitLabel={`Reject container ${weighing.containerNo}`}
          submitTestId="reject-submit"
          disabled={busy || disposition === null || reason === ''}
          onCancel={close}
          onSubmit={() => void reject()}
        />
      </section>
    </div>
  );
}
