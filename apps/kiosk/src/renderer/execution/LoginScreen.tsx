import { useState } from 'react';
import type { LockoutView } from '../../shared/api.js';
import { formatLocalDateTime, localizeInstants } from '../time.js';
import { Keypad, pressKey, type KeypadKey } from './Keypad.js';
import { useExecution } from './store.js';
import { UnlockUser } from './UnlockUser.js';

/** Badge (scanned or typed) and a PIN keypad big enough for gloved fingers; the way to "Unlock user" beside it. */
export function LoginScreen() {
  const [unlocking, setUnlocking] = useState(false);
  const pinChange = useExecution((s) => s.pinChange);
  if (pinChange) return <NewPinForm />;
  if (unlocking) return <UnlockUser close={() => setUnlocking(false)} />;
  return <LoginForm unlock={() => setUnlocking(true)} />;
}

function LoginForm({ unlock }: { unlock: () => void }) {
  const { login, busy, message, lockout } = useExecution();
  const [badge, setBadge] = useState('');
  const [pin, setPin] = useState('');
  // The keypad types into the field last touched: a gloved operator enters the badge number by touch too.
  const [into, setInto] = useState<'badge' | 'pin'>('badge');
  const press = (key: KeypadKey) => {
    if (into === 'badge') setBadge((p) => pressKey(p, key, 64));
    else setPin((p) => pressKey(p, key, 12));
  };
  const submit = async () => {
    // The PIN leaves the field as it is sent (asked again for every attempt, 21 CFR 11.200): cleared after the answer,
    // it would wipe a PIN typed after a refusal showed.
    setPin('');
    await login(badge, pin);
  };
  return (
    <section className="login panel" aria-label="Log in">
      <div className="login-form">
        <h1>Log in</h1>
        <label className="field">
          Badge or user id
          <input data-testid="login-badge" className={into === 'badge' ? 'keypad-target' : ''} value={badge} onChange={(e) => setBadge(e.target.value)} onFocus={() => setInto('badge')} onKeyDown={(e) => e.key === 'Enter' && setInto('pin')} autoFocus autoComplete="off" />
        </label>
        <label className="field">
          PIN
          <input data-testid="login-pin" className={into === 'pin' ? 'keypad-target' : ''} type="password" inputMode="numeric" value={pin} onFocus={() => setInto('pin')} onChange={(e) => setPin(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void submit()} />
        </label>
        <button type="button" className="primary" data-testid="login-submit" disabled={busy || badge.trim() === '' || pin === ''} onClick={() => void submit()}>
          Log in
        </button>
        {lockout ? (
          <LockoutNotice lockout={lockout} />
        ) : message ? (
          <p className={`notice ${message.kind}`} role="alert" data-testid="execution-message">
            {message.text}
          </p>
        ) : null}
      </div>
      <div className="login-side">
        <Keypad onPress={press} />
        <button type="button" className="secondary unlock-entry" data-testid="unlock-open" onClick={unlock}>
          Unlock user
        </button>
      </div>
    </section>
  );
}

/** Who is locked out, since when on this screen's clock, and what to do — whole, never cut off. */
function LockoutNotice({ lockout }: { lockout: LockoutView }) {
  return (
    <div className="lockout notice banner error" role="alert" data-testid="lockout">
      <strong data-testid="lockout-who">{lockout.printedName} is locked out</strong>
      <span data-testid="lockout-since">since {formatLocalDateTime(lockout.since)}, after repeated wrong PINs.</span>
      <span className="lockout-remedy" data-testid="lockout-remedy">
        {localizeInstants(lockout.remedy)}
      </span>
    </div>
  );
}

/** After sign-in with an admin-set PIN: the user's own PIN, twice, on the same gloved keypad. */
function NewPinForm() {
  const { changePin, cancelPinChange, busy, message, pinChange } = useExecution();
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [into, setInto] = useState<'pin' | 'again'>('pin');
  const press = (key: KeypadKey) => {
    if (into === 'pin') setPin((p) => pressKey(p, key, 12));
    else setAgain((p) => pressKey(p, key, 12));
  };
  const submit = async () => {
    // The PIN leaves the field as it is sent (asked again for every attempt, 21 CFR 11.200): cleared after the answer,
    // it would wipe a PIN typed after a refusal showed.
    setPin('');
    setAgain('');
    setInto('pin');
    await changePin(pin, again);
  };
  return (
    <section className="login panel" aria-label="Set your new PIN">
      <div className="login-form">
        <h1>Set your new PIN</h1>
        <p className="notice banner" data-testid="new-pin-why">
          {pinChange?.printedName}, your PIN was set by an administrator. Choose your own PIN ({pinChange?.rule}) before you work; it replaces the temporary one at every kiosk.
        </p>
        <label className="field">
          New PIN
          <input data-testid="new-pin" className={into === 'pin' ? 'keypad-target' : ''} type="password" inputMode="numeric" value={pin} onFocus={() => setInto('pin')} onChange={(e) => setPin(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && setInto('again')} autoFocus />
        </label>
        <label className="field">
          New PIN again
          <input data-testid="new-pin-again" className={into === 'again' ? 'keypad-target' : ''} type="password" inputMode="numeric" value={again} onFocus={() => setInto('again')} onChange={(e) => setAgain(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void submit()} />
        </label>
        <button type="button" className="primary" data-testid="new-pin-submit" disabled={busy || pin === '' || again === ''} onClick={() => void submit()}>
          Set PIN and log in
        </button>
        {message ? (
          <p className={`notice ${message.kind}`} role="alert" data-testid="execution-message">
            {message.text}
          </p>
        ) : null}
      </div>
      <div className="login-side">
        <Keypad onPress={press} />
        <button type="button" className="secondary unlock-entry" data-testid="new-pin-cancel" onClick={cancelPinChange}>
          Cancel
        </button>
      </div>
    </section>
  );
}
