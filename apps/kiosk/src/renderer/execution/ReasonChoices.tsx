import { useState } from 'react';

/**
 * The reasons a floor gives most as big buttons, and "Other" for the operator's own words (typed on the
 * on-screen keyboard). `reason` is '' until one is chosen; `testIdPrefix` names the buttons (`<prefix>-reason-…`).
 */
export function useReasonChoices(reasons: readonly string[], testIdPrefix: string) {
  const [choice, setChoice] = useState<string | null>(null);
  const [other, setOther] = useState('');
  const reason = choice === 'Other' ? other.trim() : (choice ?? '');
  const choices = (
    <>
      <div className="choices wrap" role="group" aria-label="Reason">
        {[...reasons, 'Other'].map((r) => (
          <button key={r} type="button" data-testid={`${testIdPrefix}-reason-${r.toLowerCase().replace(/\s+/g, '-')}`} className={`choice ${choice === r ? 'chosen' : ''}`} onClick={() => setChoice(r)}>
            {r}
          </button>
        ))}
      </div>
      {choice === 'Other' ? (
        <label className="field">
          Reason
          <input data-testid={`${testIdPrefix}-other`} value={other} onChange={(e) => setOther(e.target.value)} />
        </label>
      ) : null}
    </>
  );
  return { reason, choices };
}
