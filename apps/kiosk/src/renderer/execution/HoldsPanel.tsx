import { useState } from 'react';
import type { HoldView } from '../../shared/api.js';
import { DialogFooter } from './DialogFooter.js';
import { SignatureFields } from './SignatureFields.js';
import { useExecution } from './store.js';

const KINDS = [
  { kind: 'lot', label: 'Lot', example: 'e.g. CCS-032' },
  { kind: 'equipment', label: 'Equipment', example: 'e.g. BAL-02' },
  { kind: 'order', label: 'Order', example: 'e.g. ORD-0001' },
] as const;
type Kind = (typeof KINDS)[number]['kind'];

/** Holds in force; QA places one, and releases one with user id, PIN, meaning "released" and a reason. */
export function HoldsPanel() {
  const { holds, masterHolds } = useExecution();
  const [releasing, setReleasing] = useState<HoldView | null>(null);
  const [placing, setPlacing] = useState(false);
  return (
    <section className="holds" aria-label="Holds in force">
      <h2>Holds in force</h2>
      <ul data-testid="holds-list">
        {holds.length === 0 ? <li className="muted">None in force.</li> : null}
        {holds.map((h) => (
          <li key={h.holdId}>
            <span>
              <strong>{h.target}</strong> — {h.reason}
              {h.signaturesRequired === 2 ? <span className="muted"> · release needs two people</span> : null}
            </span>
            <button type="button" className="secondary" data-testid={`release-${h.target.replace(/\s+/g, '-')}`} onClick={() => setReleasing(h)}>
              Release (QA)
            </button>
          </li>
        ))}
      </ul>
      {masterHolds.length > 0 ? (
        <>
          <h3 className="muted">On hold in the plant's master data — QA releases these centrally</h3>
          <ul data-testid="master-holds-list">
            {masterHolds.map((h) => (
              <li key={h.target}>
                <span>
                  <strong>{h.target}</strong> — {h.reason}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <button type="button" className="secondary" data-testid="hold-place" onClick={() => setPlacing(true)}>
        Place a hold (QA)
      </button>
      {releasing ? <ReleaseDialog hold={releasing} close={() => setReleasing(null)} /> : null}
      {placing ? <PlaceHoldDialog close={() => setPlacing(false)} /> : null}
    </section>
  );
}

function PlaceHoldDialog({ close }: { close: () => void }) {
  const { run, message, checks, orders } = useExecution();
  const [kind, setKind] = useState<Kind>('lot');
  const [id, setId] = useState('');
  const [reason, setReason] = useState('');
  const chosen = KINDS.find((k) => k.kind === kind) ?? KINDS[0];
  // Where the station knows the choices, they are buttons to tap, not ids to type.
  const known = kind === 'equipment' ? checks.map((c) => c.equipmentId) : kind === 'order' ? orders.map((o) => o.orderId) : [];
  const place = async () => {
    const ok = await run('placeHold', { kind, id: id.trim(), reason: reason.trim() }, `${chosen.label} ${id.trim()} placed on hold`);
    if (ok) close();
  };
  return (
    <div className="dialog-backdrop">
      <section className="dialog" role="dialog" aria-label="Place a hold" data-testid="hold-dialog">
        <h2>Place a hold</h2>
        <div className="choices">
          {KINDS.map((k) => (
            <button
              key={k.kind}
              type="button"
              data-testid={`hold-kind-${k.kind}`}
              className={`choice ${kind === k.kind ? 'chosen' : ''}`}
              onClick={() => {
                setKind(k.kind);
                setId('');
              }}
            >
              {k.label}
            </button>
          ))}
        </div>
        {known.length > 0 ? (
          <div className="choices wrap" role="group" aria-label={chosen.label} data-testid="hold-id-choices">
            {known.map((choice) => (
              <button key={choice} type="button" className={`choice ${id === choice ? 'chosen' : ''}`} aria-pressed={id === choice} data-testid={`hold-id-${choice}`} onClick={() => setId(choice)}>
                {choice}
              </button>
            ))}
          </div>
        ) : (
          <label className="field">
            {chosen.label} ({chosen.example})
            <input data-testid="hold-id" value={id} onChange={(e) => setId(e.target.value)} autoComplete="off" />
          </label>
        )}
        <label className="field">
          Reason
          <input data-testid="hold-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <DialogFooter
          error={message?.kind === 'error' ? message.text : null}
          errorTestId="hold-error"
          submitLabel="Place hold"
          submitTestId="hold-submit"
          disabled={id.trim() === '' || reason.trim() === ''}
          onCancel={close}
          onSubmit={() => void place()}
        />
      </section>
    </div>
  );
}

function ReleaseDialog({ hold, close }: { hold: HoldView; close: () => void }) {
  const { run, message } = useExecution();
  const [userId, setUserId] = useState('');
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  const [secondUser, setSecondUser] = useState('');
  const [secondPin, setSecondPin] = useState('');
  const two = hold.signaturesRequired === 2;
  const release = async () => {
    const second = two ? { second: { userId: secondUser.trim(), pin: secondPin } } : {};
    // The PIN leaves the field as it is sent (asked again for every attempt, 21 CFR 11.200): cleared after the answer,
    // it would wipe a PIN typed after a refusal showed.
    setPin('');
    setSecondPin('');
    const ok = await run('releaseHold', { holdId: hold.holdId, userId: userId.trim(), pin, reason, ...second }, `Hold on ${hold.target} released`);
    if (ok) close();
  };
  return (
    <div className="dialog-backdrop">
      <section className={`dialog${two ? ' two-signers' : ''}`} role="dialog" aria-label="Release hold" data-testid="release-dialog">
        <h2>Release hold: {hold.target}</h2>
        <p className="meaning">
          Meaning: <strong>released</strong>
          {two ? (
            <>
              {' '}
              + <strong>verified</strong> by a second person
            </>
          ) : null}{' '}
          · held because {hold.reason}
        </p>
        <SignatureFields
          testIdPrefix="release"
          userLabel={two ? 'QA releasing — user id' : 'User id (QA)'}
          userId={userId}
          setUserId={setUserId}
          reason={{ label: 'Reason', value: reason, set: setReason }}
          pin={pin}
          setPin={setPin}
          error={message?.kind === 'error' ? message.text : null}
          submitLabel={two ? 'Both sign and release' : 'Sign and release'}
          onCancel={close}
          onSubmit={() => void release()}
          {...(two
            ? {
                extra: {
                  ready: secondUser.trim() !== '' && secondPin !== '',
                  fields: (
                    <fieldset className="second-signer" data-testid="release-second">
                      <legend>Second person (QA or supervisor) — meaning verified</legend>
                      <label className="field">
                        User id
                        <input data-testid="release-second-user" value={secondUser} onChange={(e) => setSecondUser(e.target.value)} autoComplete="off" />
                      </label>
                      <label className="field">
                        PIN
                        <input data-testid="release-second-pin" type="password" inputMode="numeric" value={secondPin} onChange={(e) => setSecondPin(e.target.value)} />
                      </label>
                    </fieldset>
                  ),
                },
              }
            : {})}
        />
      </section>
    </div>
  );
}
