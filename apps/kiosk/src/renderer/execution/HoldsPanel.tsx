import { useState } from 'react';
import type { HoldView } from '../../shared/api.js';
import { SignatureFields } from './SignatureFields.js';
import { useExecution } from './store.js';

/** Holds in force; QA releases one with user id, PIN, meaning "released" and a reason. */
export function HoldsPanel() {
  const { holds } = useExecution();
  const [releasing, setReleasing] = useState<HoldView | null>(null);
  if (holds.length === 0) return null;
  return (
    <section className="holds" aria-label="Holds in force">
      <h2>Holds in force</h2>
      <ul data-testid="holds-list">
        {holds.map((h) => (
          <li key={h.holdId}>
            <span>
              <strong>{h.target}</strong> — {h.reason}
            </span>
            <button type="button" className="secondary" data-testid={`release-${h.target.replace(/\s+/g, '-')}`} onClick={() => setReleasing(h)}>
              Release (QA)
            </button>
          </li>
        ))}
      </ul>
      {releasing ? <ReleaseDialog hold={releasing} close={() => setReleasing(null)} /> : null}
    </section>
  );
}

function ReleaseDialog({ hold, close }: { hold: HoldView; close: () => void }) {
  const { run, message } = useExecution();
  const [userId, setUserId] = useState('');
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  const release = async () => {
    const ok = await run('releaseHold', { holdId: hold.holdId, userId: userId.trim(), pin, reason }, `Hold on ${hold.target} released`);
    setPin('');
    if (ok) close();
  };
  return (
    <div className="dialog-backdrop">
      <section className="dialog" role="dialog" aria-label="Release hold" data-testid="release-dialog">
        <h2>Release hold: {hold.target}</h2>
        <p className="meaning">
          Meaning: <strong>released</strong> · held because {hold.reason}
        </p>
        <SignatureFields
          testIdPrefix="release"
          userLabel="User id (QA)"
          userId={userId}
          setUserId={setUserId}
          reason={{ label: 'Reason', value: reason, set: setReason }}
          pin={pin}
          setPin={setPin}
          error={message?.kind === 'error' ? message.text : null}
          submitLabel="Sign and release"
          onCancel={close}
          onSubmit={() => void release()}
        />
      </section>
    </div>
  );
}
