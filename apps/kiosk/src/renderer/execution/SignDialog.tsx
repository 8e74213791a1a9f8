import { useState } from 'react';
import type { SignatureMeaningName, VerifiedStepView } from '../../shared/api.js';
import { SignatureFields } from './SignatureFields.js';
import { VerifiedSteps } from './VerifiedSteps.js';
import { useExecution } from './store.js';

/**
 * The e-signature: who signs (user id), what it means, why, and the PIN — both components every time.
 * A verification shows what is verified beside the fields, so nobody signs blind.
 */
export function SignDialog({ orderId, stepId, meaning, title, verifies }: { orderId: string; stepId: string; meaning: SignatureMeaningName; title: string; verifies?: readonly VerifiedStepView[] }) {
  const { session, run, setSigning, message } = useExecution();
  const [userId, setUserId] = useState(session?.userId ?? '');
  // Set once the first of two signatures is on the record: the dialog stays for the second person.
  const [firstSigner, setFirstSigner] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  const sign = async () => {
    const signer = userId.trim();
    // The PIN leaves the field as it is sent (asked again for every attempt, 21 CFR 11.200): cleared after the answer,
    // it would wipe a PIN typed after a refusal showed.
    setPin('');
    const ok = await run('sign', { orderId, stepId, userId: signer, pin, meaning, ...(reason.trim() ? { reason: reason.trim() } : {}) }, `Signed “${meaning}”`);
    if (!ok) return;
    // Still awaiting a signature on the same step after an accepted one: a two-person step wants another signer.
    const step = useExecution.getState().progress?.step;
    if (step && step.stepId === stepId && step.phase === 'awaiting-signature') {
      setFirstSigner(signer);
      setUserId('');
      setReason('');
      return;
    }
    setSigning(false);
  };
  return (
    <div className="dialog-backdrop">
      <section className={`dialog ${verifies ? 'with-verifies' : ''}`} role="dialog" aria-label="Electronic signature" data-testid="sign-dialog">
        {verifies ? (
          <div className="verify-pane">
            <h3>You verify</h3>
            <VerifiedSteps steps={verifies} testId="sign-verifies" />
          </div>
        ) : null}
        <div className="sign-pane">
          <h2>Sign: {title}</h2>
          <p className="meaning">
            Meaning: <strong data-testid="sign-meaning">{meaning}</strong>
          </p>
          {firstSigner !== null ? (
            <p className="sign-progress" data-testid="sign-second">
              First signature by {firstSigner} recorded — a second person signs now
            </p>
          ) : null}
          <SignatureFields
            testIdPrefix="sign"
            userLabel={firstSigner !== null ? 'Second person’s user id' : 'User id'}
            userId={userId}
            setUserId={setUserId}
            reason={{ label: 'Reason (optional)', value: reason, set: setReason }}
            pin={pin}
            setPin={setPin}
            error={message?.kind === 'error' ? message.text : null}
            submitLabel={firstSigner !== null ? 'Sign as second person' : 'Sign'}
            onCancel={() => setSigning(false)}
            onSubmit={() => void sign()}
          />
        </div>
      </section>
    </div>
  );
}
