import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useSession } from '../session.js';
import { DialogActions } from './DialogActions.js';
import { useSubmit } from './useSubmit.js';

export interface ESignature {
  readonly userId: string;
  readonly password: string;
  readonly meaning: string;
}

export interface Meaning {
  readonly value: string;
  readonly label: string;
  /** What signing with this meaning declares, in one sentence. */
  readonly description?: string;
}

/**
 * A Part 11 electronic signature (21 CFR 11.50, 11.200): the signer types their user id and password
 * again (both components, every time), chooses the meaning, and sees exactly what they sign before
 * signing. `onSign` sends it; a refusal it throws (wrong password, incomplete record, same person…)
 * is shown in the server's words and the dialog stays open; the password is never kept.
 */
type SignatureDialogProps = {
  open: boolean;
  title: string;
  /** What is signed: the thing, its identity and the hash of its content. */
  signing: ReactNode;
  meanings: readonly Meaning[];
  onSign: (signature: ESignature) => Promise<void>;
  onCancel: () => void;
};

export function SignatureDialog(props: SignatureDialogProps) {
  // Mounted only while open: every opening starts empty (no password survives a closed dialog).
  return props.open ? <SignatureForm {...props} /> : null;
}

function SignatureForm({ title, signing, meanings, onSign, onCancel }: SignatureDialogProps) {
  const me = useSession();
  const id = useId();
  const [userId, setUserId] = useState('');
  const [password, setPassword] = useState('');
  const [meaning, setMeaning] = useState(meanings.length === 1 ? meanings[0]!.value : '');
  const { busy, refusal, refuse, run } = useSubmit();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !busy) onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy, onCancel]);

  const chosen = meanings.find((m) => m.value === meaning);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!meaning) {
      refuse('Choose the meaning of your signature.');
      return;
    }
    // The password is never kept in the form after an attempt, whatever its outcome.
    await run(() => onSign({ userId: userId.trim(), password, meaning }).finally(() => setPassword('')));
  };

  return (
    <div className="modal-backdrop">
      <div className="modal signature-dialog" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{title}</h2>
        <div className="signing">
          <span className="label">You are signing</span>
          <div>{signing}</div>
        </div>
        <form onSubmit={(e) => void submit(e)}>
          <fieldset className="meanings">
            <legend>Meaning of this signature</legend>
            {meanings.map((m) => (
              <label key={m.value} className="meaning">
                <input type="radio" name="meaning" value={m.value} checked={meaning === m.value} onChange={() => setMeaning(m.value)} />
                <span>
                  <strong>{m.label}</strong>
                  {m.description ? <small>{m.description}</small> : null}
                </span>
              </label>
            ))}
          </fieldset>
          <div className="credentials">
            <label>
              <span>User id</span>
              <input name="userId" autoComplete="username" autoCapitalize="none" spellCheck={false} value={userId} onChange={(e) => setUserId(e.target.value)} required autoFocus />
            </label>
            <label>
              <span>Password</span>
              <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
            </label>
          </div>
          <p className="hint">
            Signed in as {me.displayName} ({me.userId}). Type your user id and password again: this electronic signature is the legally binding equivalent of your handwritten
            signature{chosen ? `, with the meaning “${chosen.label}”` : ''}, and is recorded with your printed name and the time.
          </p>
          <DialogActions refusal={refusal} refused="Not signed" busy={busy} onCancel={onCancel}>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Signing…' : 'Sign'}
            </button>
          </DialogActions>
        </form>
      </div>
    </div>
  );
}
