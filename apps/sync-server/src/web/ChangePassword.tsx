import { useState, type FormEvent } from 'react';
import { api, signOut, type Me } from './api.js';
import { Page, useSubmit } from './ui/index.js';

/**
 * Shown instead of every page while the password is one an administrator set (new account, reset): the
 * server refuses everything else (403 password-change-required) until the user sets their own.
 */
export function ChangePassword({ me, onChanged }: { me: Me; onChanged: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const { busy, refusal, run } = useSubmit();
  const problem = next.length > 0 && next.length < 12 ? 'At least 12 characters.' : again.length > 0 && again !== next ? 'The two new passwords differ.' : next !== '' && next === current ? 'The new password must differ from the temporary one.' : undefined;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await run(() => api.post('/api/v1/users/me/password', { current, next }))) onChanged();
  };
  return (
    <Page title="Set your own password" subtitle={`${me.displayName} (${me.userId}): your password was set by an administrator. Choose your own before you go on.`}>
      <form className="change-password" onSubmit={(e) => void submit(e)} aria-label="Set your own password">
        <label>
          <span>Temporary password</span>
          <input name="current" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required autoFocus />
        </label>
        <label>
          <span>New password (12 characters or more)</span>
          <input name="next" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} required />
        </label>
        <label>
          <span>New password again</span>
          <input name="again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required />
        </label>
        {problem ? <p className="notice">{problem}</p> : null}
        {refusal ? (
          <p className="error-box" role="alert">
            {refusal}
          </p>
        ) : null}
        <div className="modal-actions">
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
          <button type="submit" className="primary" disabled={busy || problem !== undefined || again !== next || next === ''}>
            Set password
          </button>
        </div>
      </form>
    </Page>
  );
}
