import { useState } from 'react';
import { useExecution } from './store.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'] as const;

/** Badge (scanned or typed) and a PIN keypad big enough for gloved fingers. */
export function LoginScreen() {
  const { login, busy, message } = useExecution();
  const [badge, setBadge] = useState('');
  const [pin, setPin] = useState('');
  // The keypad types into the field last touched: a gloved operator enters the badge number by touch too.
  const [into, setInto] = useState<'badge' | 'pin'>('badge');
  const press = (key: (typeof KEYS)[number]) => {
    const set = into === 'badge' ? setBadge : setPin;
    const max = into === 'badge' ? 64 : 12;
    if (key === 'clear') set('');
    else if (key === 'back') set((p) => p.slice(0, -1));
    else set((p) => (p.length < max ? p + key : p));
  };
  const submit = async () => {
    await login(badge, pin);
    setPin('');
  };
  return (
    <section className="login panel" aria-label="Log in">
      <h1>Log in</h1>
      <label className="field">
        Badge or user id
        <input data-testid="login-badge" className={into === 'badge' ? 'keypad-target' : ''} value={badge} onChange={(e) => setBadge(e.target.value)} onFocus={() => setInto('badge')} onKeyDown={(e) => e.key === 'Enter' && setInto('pin')} autoFocus autoComplete="off" />
      </label>
      <label className="field">
        PIN
        <input data-testid="login-pin" className={into === 'pin' ? 'keypad-target' : ''} type="password" inputMode="numeric" value={pin} onFocus={() => setInto('pin')} onChange={(e) => setPin(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void submit()} />
      </label>
      <div className="keypad">
        {KEYS.map((key) => (
          <button key={key} type="button" className="key" data-testid={`key-${key}`} onMouseDown={(e) => e.preventDefault()} onClick={() => press(key)}>
            {key === 'clear' ? 'Clear' : key === 'back' ? '⌫' : key}
          </button>
        ))}
      </div>
      <button type="button" className="primary" data-testid="login-submit" disabled={busy || badge.trim() === '' || pin === ''} onClick={() => void submit()}>
        Log in
      </button>
      {message ? (
        <p className={`notice ${message.kind}`} role="alert" data-testid="execution-message">
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
