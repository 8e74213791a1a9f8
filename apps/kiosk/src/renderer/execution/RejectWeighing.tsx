import { useState } from 'react';
import type { ContainerView, StepView } from '../../shared/api.js';
import { DialogFooter } from './DialogFooter.js';
import { useReasonChoices } from './ReasonChoices.js';
import { useExecution } from './store.js';

/** The reasons a dispensary gives most; "Other" takes the operator's own words. */
const REASONS = ['Container dropped or spilled', 'Wrong container', 'Contaminated', 'Overfilled'] as const;
const DISPOSITIONS = [
  { id: 'scrap', label: 'Scrap', note: 'the material is discarded' },
  { id: 'rework', label: 'Rework', note: 'the material goes back for rework' },
] as const;

/**
 * "Reject a container…" beside the step's count, and what was rejected: an accepted container can be rejected
 * with a disposition and a reason; it then no longer counts toward the step, which needs a replacement weighing.
 */
export function StepWeighings({ step }: { step: StepView }) {
  const [rejecting, setRejecting] = useState(false);
  const weighings = step.weighings ?? [];
  if (weighings.length === 0) return null;
  const accepted = weighings.filter((w) => !w.rejected);
  return (
    <>
      {weighings
        .filter((w) => w.rejected)
        .map((w) => (
          <span key={w.weighingId} className="rejected-note" data-testid={`weighing-rejected-${w.containerNo}`} title={w.rejected?.reason}>
            #{w.containerNo} REJECTED ({w.rejected?.disposition})
          </span>
        ))}
      {accepted.length > 0 ? (
        <button type="button" className="secondary reject-open" data-testid="weighing-reject-open" onClick={() => setRejecting(true)}>
          Reject a container…
        </button>
      ) : null}
      {rejecting ? <RejectDialog step={step} weighings={weighings} close={() => setRejecting(false)} /> : null}
    </>
  );
}

function RejectDialog({ step, weighings, close }: { step: StepView; weighings: readonly ContainerView[]; close: () => void }) {
  const { run, message, busy } = useExecution();
  const accepted = weighings.filter((w) => !w.rejected);
  // The last container is the usual one to take back; any accepted one can be chosen.
  const [picked, setPicked] = useState<string>(accepted.at(-1)?.weighingId ?? '');
  const weighing = accepted.find((w) => w.weighingId === picked);
  const [disposition, setDisposition] = useState<'scrap' | 'rework' | null>(null);
  const { reason, choices } = useReasonChoices(REASONS, 'reject');
  const reject = async () => {
    if (!disposition || !weighing) return;
    const done = `Container ${weighing.containerNo} rejected (${disposition}) — weigh a replacement`;
    if (await run('rejectWeighing', { orderId: step.orderId, stepId: step.stepId, weighingId: weighing.weighingId, reason, disposition }, done)) close();
  };
  return (
    <div className="dialog-backdrop">
      <section className="dialog" role="dialog" aria-label="Reject weighing" data-testid="reject-dialog">
        <h2>Reject a container of {step.title}</h2>
        <p className="muted">It no longer counts toward the step, which then needs a replacement weighing.</p>
        <div className="choices wrap" role="group" aria-label="Container">
          {weighings.map((w) => (
            <button key={w.weighingId} type="button" className={`choice ${picked === w.weighingId ? 'chosen' : ''}`} data-testid={`reject-container-${w.containerNo}`} disabled={w.rejected !== null} onClick={() => setPicked(w.weighingId)}>
              #{w.containerNo} {w.lotId} · {w.netInStepUnit} {step.target?.unit ?? ''}
              {w.rejected ? ` · rejected (${w.rejected.disposition})` : ''}
            </button>
          ))}
        </div>
        <div className="choices" role="group" aria-label="What happens to the material">
          {DISPOSITIONS.map((d) => (
            <button key={d.id} type="button" className={`choice ${disposition === d.id ? 'chosen' : ''}`} data-testid={`reject-disposition-${d.id}`} onClick={() => setDisposition(d.id)}>
              {d.label} <span className="small">({d.note})</span>
            </button>
          ))}
        </div>
        {choices}
        <DialogFooter
          error={message?.kind === 'error' ? message.text : null}
          errorTestId="reject-error"
          submitLabel={weighing ? `Reject container ${weighing.containerNo}` : 'Reject'}
          submitTestId="reject-submit"
          disabled={busy || !weighing || disposition === null || reason === ''}
          onCancel={close}
          onSubmit={() => void reject()}
        />
      </section>
    </div>
  );
}
