import { useState } from 'react';
import type { OverrideApproval } from '../../shared/api.js';
import { SignatureFields } from './SignatureFields.js';
import { useExecution } from './store.js';

/** A second person approves an override: their user id, the reason, their PIN. */
export function OverrideDialog({
  title,
  explanation,
  note = 'A second person who may approve overrides signs here; a deviation is opened.',
  testIdPrefix = 'override',
  submit,
  close,
}: {
  title: string;
  explanation?: string;
  note?: string;
  testIdPrefix?: string; submit: (approval: OverrideApproval) => Promise<boolean>; close: () => void }) {
  const { message } = useExecution();
  const [userId, setUserId] = useState('');
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  // The refusal that opened the dialog is its explanation; later refusals (wrong signer) are its errors.
  const [opening] = useState(message?.text ?? null);
  const approve = async () => {
    // The PIN leaves the field as it is sent (asked again for every attempt, 21 CFR 11.200): cleared after the answer,
    // it would wipe a PIN typed after a refusal showed.
    setPin('');
    const ok = await submit({ userId: userId.trim(), pin, reason });
    if (ok) close();
  };
  return (
    <div className="dialog-backdrop">
      <section className="dialog" role="dialog" aria-label="Override" data-testid={`${testIdPrefix}-dialog`}>
        <h2>{title}</h2>
        {explanation ? <p className="meaning">{explanation}</p> : null}
        <p className="meaning">{note}</p>
        <SignatureFields
          testIdPrefix={testIdPrefix}
          userLabel="Second person’s user id"
          userId={userId}
          setUserId={setUserId}
          reason={{ label: 'Reason', value: reason, set: setReason }}
          pin={pin}
          setPin={setPin}
          error={message?.kind === 'error' && message.text !== opening ? message.text : null}
          submitLabel="Sign override"
          onCancel={close}
          onSubmit={() => void approve()}
        />
      </section>
    </div>
  );
}
