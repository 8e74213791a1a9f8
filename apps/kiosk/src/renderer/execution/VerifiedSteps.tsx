import type { ContainerView, VerifiedStepView } from '../../shared/api.js';
import { formatTime } from '../time.js';
import { decimalsOf, dispositionWord } from './display.js';

const TARE_SOURCE: Record<NonNullable<ContainerView['tareSource']>, string> = {
  'balance-memory': 'balance memory',
  'reading-before-tare': 'reading before tare',
  none: 'no tare',
};
const TOLERANCE: Record<'under' | 'in' | 'over', string> = {
  under: 'UNDER',
  in: 'IN TOLERANCE',
  over: 'OVER',
};

/** The recorded target ('1.500') at the digits of its limits ('1.48500' → '1.50000'): the same number, exactly. */
function atScaleOf(value: string, like: string | null): string {
  const missing = (like === null ? 0 : decimalsOf(like)) - decimalsOf(value);
  if (missing <= 0) return value;
  return `${value}${value.includes('.') ? '' : '.'}${'0'.repeat(missing)}`;
}

function total(s: VerifiedStepView): string {
  const t = s.total;
  if (!t) return s.kind === 'dispense' ? 'nothing weighed' : '';
  const target = t.target !== null ? ` · target ${atScaleOf(t.target, t.lower)} ${t.unit} (${t.lower} – ${t.upper})` : '';
  return `total ${t.dispensed} ${t.unit}${target}`;
}

/**
 * What a verifier signs for, step by step: each container's gross / tare / net on which balance, the lot,
 * who weighed it and when, the total against target, and any override or deviation — as recorded.
 */
export function VerifiedSteps({ steps, testId }: { steps: readonly VerifiedStepView[]; testId: string }) {
  return (
    <div className="verify-list" data-testid={testId}>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Lot</th>
            <th>Balance</th>
            <th className="num">Gross</th>
            <th className="num">Tare</th>
            <th className="num">Net</th>
            <th>Tare from</th>
            <th>Weighed by</th>
          </tr>
        </thead>
        {steps.map((s) => (
          <tbody key={s.stepId} data-testid={`${testId}-step-${s.stepId}`}>
            <tr className="verify-step">
              <th colSpan={8}>
                <span className="verify-title">
                  {s.stepId}. {s.materialName ?? s.title}
                </span>{' '}
                <span className="verify-total" data-testid={`${testId}-total-${s.stepId}`}>
                  {total(s)}
                </span>{' '}
                {s.total ? (
                  <span
                    className={`verify-state ${s.total.toleranceState ?? 'open'}`}
                    data-testid={`${testId}-state-${s.stepId}`}
                  >
                    {s.total.toleranceState ? TOLERANCE[s.total.toleranceState] : 'NOT COMPLETE'}
                  </span>
                ) : (
                  <span className="verify-state open">{s.phase.replace('-', ' ')}</span>
                )}
              </th>
            </tr>
            {s.containers.map((c) => (
              <tr
                key={c.weighingId}
                className={c.rejected ? 'rejected' : ''}
                data-testid={`${testId}-container-${s.stepId}-${c.containerNo}`}
              >
                <td>{c.containerNo}</td>
                <td>{c.lotId}</td>
                <td>{c.balanceId}</td>
                <td className="num">
                  {c.gross} {c.unit}
                </td>
                <td className="num">
                  {c.tare} {c.unit}
                </td>
                <td className="num net">
                  {c.net} {c.unit}
                  {c.rejected ? ` — ${dispositionWord(c.rejected.disposition).toUpperCase()}: ${c.rejected.reason}` : ''}
                </td>
                <td>{c.tareSource ? TARE_SOURCE[c.tareSource] : '—'}</td>
                <td>
                  {c.by.name} {formatTime(c.at)}
                </td>
              </tr>
            ))}
            {s.overrides.map((o) => (
              <tr
                key={`override-${o.at}`}
                className="verify-exception"
                data-testid={`${testId}-override-${s.stepId}`}
              >
                <td colSpan={8}>
                  ⚠ Tolerance override ({o.toleranceState}, {o.dispensed}) approved by {o.by.name} at{' '}
                  {formatTime(o.at)}: {o.reason}
                </td>
              </tr>
            ))}
            {s.deviations.map((d) => (
              <tr
                key={d.deviationId}
                className="verify-exception"
                data-testid={`${testId}-deviation-${s.stepId}`}
              >
                <td colSpan={8}>
                  ⚠ Deviation {d.deviationId} ({d.severity}, {d.open ? 'OPEN' : 'closed'}): {d.title}
                </td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}
