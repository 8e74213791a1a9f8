import { useEffect, useState } from 'react';
import type { LockoutView } from '../../shared/api.js';
import { useKiosk } from '../store.js';
import { formatLocalDateTime, localizeInstants } from '../time.js';
import { Keypad, pressKey, type KeypadKey } from './Keypad.js';
import { useExecution } from './store.js';

/**
 * QA or an administrator unlocks a user locked out at this kiosk: the locked-out user chosen from the list,
 * the unlocker's own user id and PIN (an e-signature, meaning "approved") and a reason. No session is needed.
 */
export function UnlockUser({ close }: { close: () => void }) {
  const transport = useKiosk((s) => s.transport);
  const [lockouts, setLockouts] = useState<readonly LockoutView[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [by, setBy] = useState('');
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  const [into, setInto] = useState<'by' | 'pin'>('by');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!transport) return;
    let current = true;
    transport.call('listLockouts', {}).then(
      (list) => {
        if (!current) return;
        setLockouts(list);
        // One locked-out user is the one to unlock; with several, the operator picks.
        setChosen(list.length === 1 ? list[0]!.userId : null);
      },
      (e: unknown) => current && setError(`The kiosk core did not answer: ${(e as Error).message}`),
    );
    return () => {
      current = false;
    };
  }, [transport]);
  const target = lockouts?.find((l) => l.userId === chosen) ?? null;
  const press = (key: KeypadKey) => {
    if (into === 'by') setBy((p) => pressKey(p, key, 64));
    else setPin((p) => pressKey(p, key, 12));
  };
  const ready = target !== null && by.trim() !== '' && pin !== '' && reason.trim() !== '' && !busy;
  const submit = async () => {
    if (!transport || !target) return;
    setBusy(true);
    setError(null);
    // The PIN leaves the field as it is sent (asked again for every attempt, 21 CFR 11.200): cleared after the answer,
    // it would wipe a PIN typed after a refusal showed.
    setPin('');
    try {
      const result = await transport.call('unlockUser', { userId: target.userId, byUserId: by.trim(), pin, reason: reason.trim() });
      if (!result.ok) {
        setError(localizeInstants(result.message));
        return;
      }
      useExecution.setState({ message: { kind: 'ok', text: `${target.printedName} is unlocked and may log in again` }, lockout: null });
      close();
    } catch (e) {
      setError(`The kiosk core did not answer: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="login unlock panel" aria-label="Unlock user" data-testid="unlock-screen">
      <div className="login-form">
        <h1>Unlock user</h1>
        {lockouts === null ? null : lockouts.length === 0 ? (
          <p className="muted" data-testid="unlock-none">
            Nobody is locked out at this kiosk.
          </p>
        ) : (
          <div className="choices wrap" role="group" aria-label="Locked-out user">
            {lockouts.map((l) => (
              <button key={l.userId} type="button" className={`choice lockout-choice ${l.userId === chosen ? 'chosen' : ''}`} data-testid={`unlock-user-${l.userId}`} aria-pressed={l.userId === chosen} onClick={() => setChosen(l.userId)}>
                <strong>{l.printedName}</strong>
                <span>since {formatLocalDateTime(l.since)}</span>
              </button>
            ))}
          </div>
        )}
        <div className="row">
          <label className="field">
            Your user id (QA or administrator)
            <input data-testid="unlock-by" className={into === 'by' ? 'keypad-target' : ''} value={by} onFocus={() => setInto('by')} onChange={(e) => {
                // Another unlocker: the refusal of the one before no longer applies.
                setBy(e.target.value);
                setError(null);
              }} autoComplete="off" />
          </label>
          <label className="field">
            Your PIN
            <input data-testid="unlock-pin" className={into === 'pin' ? 'keypad-target' : ''} type="password" inputMode="numeric" value={pin} onFocus={() => setInto('pin')} onChange={(e) => setPin(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && ready && void submit()} />
          </label>
        </div>
        <label className="field">
          Reason
          <input data-testid="unlock-reason" value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" />
        </label>
        {error !== null ? (
          <p className="notice banner error" role="alert" data-testid="unlock-error">
            {error}
          </p>
        ) : null}
      </div>
      <div className="login-side">
        <Keypad onPress={press} testIdPrefix="unlock-key" />
        <div className="row">
          <button type="button" className="secondary" data-testid="unlock-back" onClick={close}>
            ← Log in
          </button>
          <button type="button" className="primary" data-testid="unlock-submit" disabled={!ready} onClick={() => void submit()}>
            {target ? `Unlock ${target.printedName}` : 'Unlock'}
          </button>
        </div>
      </div>
    </section>
  );
}
