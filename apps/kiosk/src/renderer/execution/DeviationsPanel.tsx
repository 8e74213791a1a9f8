import { useState } from 'react';
import { DEVIATION_SEVERITY_NAMES, type DeviationSeverityName, type DeviationView } from '../../shared/api.js';
import { DialogFooter } from './DialogFooter.js';
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
    // The PIN leaves the field as it is sent (asked again for every attempt, 21 CFR 11.200): cleared after the answer,
    // it would wipe a PIN typed after a refusal showed.
    setPin('');
    const ok = await run('signDeviation', { deviationId: deviation.deviationId, userId: userId.trim(), pin, meaning }, `Deviation signed “${meaning}”`);
    if (ok) close();
  };
  return (
    <div className="dialog-backdrop">
      <section className="dialog" role="dialog" aria-label="Sign deviation">
        <h2>Sign deviation: {deviation.title}</h2>
        <div className="choices">
          {(['reviewed', 'approved'] as const).map((m) => (
            <button key={m} type="button" data-testid={`devsign-meaning-${m}`} className={`choice ${meaning === m ? 'chosen' : ''}`} onClick={() => setMeaning(m)}>
              {m}
            </button>
          ))}
        </div>
        <SignatureFields
          testIdPrefix="devsign"
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
  const { run, message, orderId: openOrder, orders } = useExecution();
  // A deviation is about an order under way (which a high one stops), or about the station alone.
  const active = orders.filter((o) => o.status === 'running' || o.status === 'paused');
  const [orderId, setOrderId] = useState<string | null>(openOrder ?? (active.length === 1 ? active[0]!.orderId : null));
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
        <div className="choices fill" role="group" aria-label="Severity">
          {DEVIATION_SEVERITY_NAMES.map((s) => (
            <button key={s} type="button" data-testid={`deviation-severity-${s}`} className={`choice ${severity === s ? 'chosen' : ''}`} onClick={() => setSeverity(s)}>
              {s}
            </button>
          ))}
        </div>
        {active.length > 0 ? (
          <div className="choices wrap" role="group" aria-label="About">
            {active.map((o) => (
              <button key={o.orderId} type="button" data-testid={`deviation-order-${o.orderId}`} className={`choice ${orderId === o.orderId ? 'chosen' : ''}`} onClick={() => setOrderId(o.orderId)}>
                Order {o.orderId}
              </button>
            ))}
            <button type="button" data-testid="deviation-order-none" className={`choice ${orderId === null ? 'chosen' : ''}`} onClick={() => setOrderId(null)}>
              No order
            </button>
          </div>
        ) : null}
        <label className="field">
          What
          <input data-testid="deviation-title" value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label className="field">
          What happened
          <input data-testid="deviation-description" value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <DialogFooter error={message?.kind === 'error' ? message.text : null} errorTestId="deviation-error" submitTestId="deviation-submit" submitLabel="Record deviation" disabled={title.trim() === ''} onCancel={close} onSubmit={() => void report()} />
      </section>
    </div>
  );
}
