import { useState } from 'react';
import type { ContainerView, RejectionDispositionName, StepView } from '../../shared/api.js';
import { DialogFooter } from './DialogFooter.js';
import { dispositionWord } from './display.js';
import { useReasonChoices } from './ReasonChoices.js';
import { useExecution } from './store.js';

/** The reasons a dispensary gives most; "Other" takes the operator's own words. */
const REASONS = ['Container dropped or spilled', 'Wrong container', 'Tare mistake', 'Contaminated', 'Overfilled'] as const;
/** What becomes of the material, one line each; none is chosen for the operator. */
const DISPOSITIONS: readonly { id: RejectionDispositionName; label: string; note: string }[] = [
  { id: 'reweigh', label: 'Re-weigh', note: 'The material goes back to its lot, unused' },
  { id: 'scrap', label: 'Scrap', note: 'The material is discarded' },
  { id: 'rework', label: 'Rework', note: 'The material goes to rework' },
];

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
            #{w.containerNo} REJECTED ({w.rejected ? dispositionWord(w.rejected.disposition) : ''})
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
  const [disposition, setDisposition] = useState<RejectionDispositionName | null>(null);
  const { reason, choices } = useReasonChoices(REASONS, 'reject');
  const reject = async () => {
    if (!disposition || !weighing) return;
    const done = `Container ${weighing.containerNo} rejected (${dispositionWord(disposition)}) — weigh a replacement`;
    if (await run('rejectWeighing', { orderId: step.orderId, stepId: step.stepId, weighingId: weighing.weighingId, reason, disposition }, done)) close();
  };
  return (
    <div className="dialog-backdrop">
      <section className="dialog reject-dialog" role="dialog" aria-label="Reject weighing" data-testid="reject-dialog">
        <h2>Reject a container of {step.title}</h2>
        <p className="muted">It no longer counts toward the step, which then needs a replacement weighing.</p>
        <div className="choices wrap" role="group" aria-label="Container">
          {weighings.map((w) => (
            <button key={w.weighingId} type="button" className={`choice ${picked === w.weighingId ? 'chosen' : ''}`} data-testid={`reject-container-${w.containerNo}`} disabled={w.rejected !== null} onClick={() => setPicked(w.weighingId)}>
              #{w.containerNo} {w.lotId} · {w.netInStepUnit} {step.target?.unit ?? ''}
              {w.rejected ? ` · rejected (${dispositionWord(w.rejected.disposition)})` : ''}
            </button>
          ))}
        </div>
        <div className="choices dispositions" role="radiogroup" aria-label="What happens to the material">
          {DISPOSITIONS.map((d) => (
            <button
              key={d.id}
              type="button"
              role="radio"
              aria-checked={disposition === d.id}
              className={`choice disposition ${disposition === d.id ? 'chosen' : ''}`}
              data-testid={`reject-disposition-${d.id}`}
              onClick={() => setDisposition(d.id)}
            >
              <strong>{d.label}</strong>
              <span className="disposition-note">{d.note}</span>
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
