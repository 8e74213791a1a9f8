import { useEffect, useRef, useState } from 'react';
import type { SignatureMeaningName } from '../../shared/api.js';
import { ChargeStep } from './ChargeStep.js';
import { InstrumentStrip } from './InstrumentStrip.js';
import { OrderCompletion } from './OrderCompletion.js';
import { PauseDialog } from './PauseDialog.js';
import { PhRecorded } from './PhResult.js';
import { PhStep } from './PhStep.js';
import { SignDialog } from './SignDialog.js';
import { VerifiedSteps } from './VerifiedSteps.js';
import { WeighStep } from './WeighStep.js';
import { useExecution } from './store.js';

/** The current step of the open order, what comes next, and the one action it needs. */
export function StepRunner() {
  const { progress, run, busy, message, signing, setSigning, closeOrder } = useExecution();
  const currentItem = useRef<HTMLLIElement | null>(null);
  const [pausing, setPausing] = useState(false);
  // A pH step whose reading closed it: its result stays on screen until the operator taps Next.
  const [heldPh, setHeldPh] = useState<{ orderId: string; stepId: string } | null>(null);
  const currentId = progress?.step?.stepId ?? null;
  // The step strip scrolls sideways on a 1280 px screen: keep the current step in view.
  useEffect(() => {
    currentItem.current?.scrollIntoView({ block: 'nearest', inline: 'center' });
  }, [currentId]);
  if (!progress) return null;
  const step = progress.step;
  const ids = step ? { orderId: step.orderId, stepId: step.stepId } : null;
  const held = heldPh && heldPh.orderId === progress.order.orderId && heldPh.stepId !== step?.stepId ? progress.phMeasurements.filter((m) => m.stepId === heldPh.stepId).at(-1) : undefined;
  const heldStep = held ? progress.steps.find((s) => s.stepId === held.stepId) : undefined;
  return (
    <section className="panel runner" aria-label="Step runner">
      <header className="runner-head">
        <button type="button" className="secondary" onClick={closeOrder}>
          ← Orders
        </button>
        <h1>
          {progress.order.orderId} <span className="muted">{progress.order.batchNumber}</span>
        </h1>
        <span className="muted">{progress.order.recipe}</span>
        {progress.order.status === 'running' && progress.order.atLine === undefined ? (
          <button type="button" className="secondary pause" data-testid="order-pause" onClick={() => setPausing(true)}>
            Pause order
          </button>
        ) : null}
      </header>
      {pausing ? <PauseDialog orderId={progress.order.orderId} close={() => setPausing(false)} /> : null}
      <ol className="steps" data-testid="step-list">
        {progress.steps.map((s) => (
          <li key={s.stepId} ref={s.stepId === step?.stepId ? currentItem : undefined} className={`${s.phase} ${s.stepId === step?.stepId ? 'current' : ''}`} title={`${s.stepId}. ${s.title}`}>
            {s.stepId}. {s.title}
          </li>
        ))}
      </ol>
      {progress.order.status === 'paused' || !step || (held && heldStep) ? <InstrumentStrip /> : null}
      {progress.order.status === 'paused' ? (
        <div className="paused" data-testid="order-paused">
          <p className="notice banner warn" role="status">
            Paused: {progress.order.pausedReason}. Nothing can be recorded on this order until it is resumed.
          </p>
          {message ? (
            <p className={`notice banner ${message.kind}`} role="alert" data-testid="execution-message">
              {message.text}
            </p>
          ) : null}
          <button type="button" className="primary" data-testid="order-resume" disabled={busy} onClick={() => void run('resumeOrder', { orderId: progress.order.orderId }, `Order ${progress.order.orderId} resumed`)}>
            Resume order
          </button>
        </div>
      ) : held && heldStep ? (
        <PhRecorded measurement={held} title={heldStep.title} phase={heldStep.phase} next={step ? `${step.stepId}. ${step.title}` : null} onNext={() => setHeldPh(null)} />
      ) : step && ids ? (
        <div className="current-step" data-testid="current-step" data-step={step.stepId} data-phase={step.phase}>
          {/* The station's instruments sit beside the step's title: their state at a glance, no extra row. */}
          <div className="step-head">
            <h2 data-testid="step-title">
              Step {step.stepId}: {step.title}
            </h2>
            <InstrumentStrip />
          </div>
          <p className="instruction" data-testid="step-text">
            {step.text}
          </p>
          {/* The refusal sits right under what the operator is doing, in the domain's words. */}
          {message && !signing ? (
            <p className={`notice banner ${message.kind}`} role="alert" data-testid="execution-message">
              {message.text}
            </p>
          ) : null}
          {step.phase === 'not-started' && step.charge?.here !== false ? (
            <button type="button" className="primary" data-testid="step-start" disabled={busy} onClick={() => void run('startStep', ids)}>
              Start step
            </button>
          ) : null}
          {step.phase === 'in-progress' && step.kind === 'instruction' ? (
            <button type="button" className="primary" data-testid="step-acknowledge" disabled={busy} onClick={() => void run('acknowledgeInstruction', ids, 'Acknowledged')}>
              I have done this
            </button>
          ) : null}
          {step.phase === 'in-progress' && step.kind === 'equipment-check' ? (
            <button type="button" className="primary" data-testid="step-confirm-equipment" disabled={busy} onClick={() => void run('confirmEquipmentStatus', ids, 'Equipment confirmed')}>
              Confirm equipment status
            </button>
          ) : null}
          {step.phase === 'in-progress' && step.kind === 'dispense' ? <WeighStep step={step} /> : null}
          {step.charge ? <ChargeStep step={step} charge={step.charge} /> : null}
          {step.phase === 'in-progress' && step.kind === 'ph-measurement' ? <PhStep step={step} onRecorded={() => setHeldPh(ids)} /> : null}
          {step.verifies ? <VerifiedSteps steps={step.verifies} testId="verify-list" /> : null}
          {(step.phase === 'awaiting-signature' || (step.kind === 'sign-off' && step.phase === 'in-progress')) && step.signOffMeaning ? (
            <button type="button" className="primary" data-testid="step-sign" onClick={() => setSigning(true)}>
              Sign “{step.signOffMeaning}”
            </button>
          ) : null}
          <p className="next" data-testid="step-next">
            Next: {step.next ? `${step.next.stepId}. ${step.next.title}` : 'nothing — this is the last step'}
          </p>
          {signing && step.signOffMeaning ? <SignDialog orderId={step.orderId} stepId={step.stepId} meaning={step.signOffMeaning as SignatureMeaningName} title={step.title} {...(step.verifies ? { verifies: step.verifies } : {})} /> : null}
        </div>
      ) : (
        <OrderCompletion order={progress.order} />
      )}
    </section>
  );
}
