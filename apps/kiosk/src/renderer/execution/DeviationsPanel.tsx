import { useState } from 'react';
import { DEVIATION_SEVERITY_NAMES, type DeviationSeverityName, type DeviationView } from '../../shared/api.js';
import { SignatureFields } from './SignatureFields.js';
import { useExecution } from './store.js';

/** Open deviations with their signatures, deviation entry, and QA / supervisor sign-off. */
export function DeviationsPanel() {
  const { deviations } = useExecution();
  const [signing, setSigning] = useState<DeviationView | null>(null);
  const [reporting, setReporting] = useState(false);
  return (
    <section className="holds" aria-label="Deviations">
      <h2>Open deviations</h2>
      <ul data-testid="deviations-list">
        {deviations.length === 0 ? <li className="muted">None open.</li> : null}
        {deviations.map((d) => (
          <li key={d.deviationId}>
            <span>
              <strong>{d.severity.toUpperCase()}</strong> {d.title} {d.orderId ? `· ${d.orderId}` : ''} · signed {d.signatures} of {d.needed}
            </span>
            <button type="button" className="secondary" data-testid={`deviation-sign-${d.deviationId}`} onClick={() => setSigning(d)}>
              Sign (QA / supervisor)
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="secondary" data-testid="deviation-report" onClick={() => setReporting(true)}>
        Report a deviation
      </button>
      {signing ? <SignDeviationDialog deviation={signing} close={() => setSigning(null)} /> : null}
      {reporting ? <ReportDeviationDialog close={() => setReporting(false)} /> : null}
    </section>
  );
}

function SignDeviationDialog({ deviation, close }: { deviation: DeviationView; close: () => void }) {
  const { run, message } = useExecution();
  const [userId, setUserId] = useState('');
  const [pin, setPin] = useState('');
  const [meaning, setMeaning] = useState<'reviewed' | 'approved'>('reviewed');
  const sign = async () => {
    const ok = await run('signDeviation', { deviationId: deviation.deviationId, userId: userId.trim(), pin, meaning }, `Deviation signed “${meaning}”`);
    setPin('');
    if (ok) close();
  };
  return (
    <div className="dialog-backdrop">
      <section className="dialog" role="dialog" aria-label="Sign deviation">
        <h2>Sign deviation: {deviation.title}</h2>
        <div className="choices">
          {(['reviewed', 'approved'] as const).map((m) => (
            <button key={m} type="button" className={`choice ${meaning === m ? 'chosen' : ''}`} onClick={() => setMeaning(m)}>
              {m}
            </button>
          ))}
        </div>
        <SignatureFields
          userLabel="User id"
          userId={userId}
          setUserId={setUserId}
          pin={pin}
          setPin={setPin}
          error={message?.kind === 'error' ? message.text : null}
          submitLabel="Sign"
          onCancel={close}
          onSubmit={() => void sign()}
        />
      </section>
    </div>
  );
}

function ReportDeviationDialog({ close }: { close: () => void }) {
  const { run, message, orderId } = useExecution();
  const [severity, setSeverity] = useState<DeviationSeverityName>('low');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const report = async () => {
    const ok = await run('openDeviation', { severity, title, description, ...(orderId ? { orderId } : {}) }, 'Deviation recorded');
    if (ok) close();
  };
  return (
    <div className="dialog-backdrop">
      <section className="dialog" role="dialog" aria-label="Report a deviation">
        <h2>Report a deviation</h2>
        <div className="choices">
          {DEVIATION_SEVERITY_NAMES.map((s) => (
            <button key={s} type="button" className={`choice ${severity === s ? 'chosen' : ''}`} onClick={() => setSeverity(s)}>
              {s}
            </button>
          ))}
        </div>
        <label className="field">
          What
          <input value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label className="field">
          What happened
          <input value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        {message?.kind === 'error' ? (
          <p className="notice error" role="alert">
            {message.text}
          </p>
        ) : null}
        <div className="actions">
          <button type="button" className="secondary" onClick={close}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={title.trim() === ''} onClick={() => void report()}>
            Record deviation
          </button>
        </div>
      </section>
    </div>
  );
}
