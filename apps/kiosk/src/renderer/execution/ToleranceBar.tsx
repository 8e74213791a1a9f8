import type { StepView } from '../../shared/api.js';
import { decimalsOf, toleranceAtReadability } from './display.js';
import { compareDecimal } from './store.js';

type Target = NonNullable<StepView['target']>;

// Where the zones sit on the bar (percent): the window is always a wide band, whatever its size in grams.
const IN_START = 55;
const IN_END = 80;

/** Bar position of a value, piecewise: 0..lower → under zone, lower..upper → window, beyond → over zone. */
function position(value: number, lower: number, upper: number): number {
  const span = Math.max(upper - lower, Number.EPSILON);
  if (value < lower) return lower <= 0 ? 0 : Math.max(0, (value / lower) * IN_START);
  if (value <= upper) return IN_START + ((value - lower) / span) * (IN_END - IN_START);
  // The over zone shows up to one more window width (at least 5 % of the upper limit) past the window.
  const overSpan = Math.max(span, upper * 0.05);
  return Math.min(100, IN_END + ((value - upper) / overSpan) * (100 - IN_END));
}

/**
 * Under / in / over at a glance: three coloured, labelled zones, the target line, and a marker for the
 * projected total. Positions are drawn with floats; the state word comes from exact decimal comparison.
 */
export function ToleranceBar({ target, projected, decimals }: { target: Target | null; projected: string | null; decimals: number | null }) {
  if (!target) return <div className="tolerance pending" data-testid="tolerance-state">The target and its limits show once the balance is chosen and the lot scanned (potency, the balance's readability)</div>;
  const state = projected === null ? 'none' : compareDecimal(projected, target.lower) < 0 ? 'under' : compareDecimal(projected, target.upper) > 0 ? 'over' : 'in';
  const shown = toleranceAtReadability(target, decimals ?? decimalsOf(target.value));
  const lower = Number(target.lower);
  const upper = Number(target.upper);
  const at = (v: string) => `${position(Number(v), lower, upper)}%`;
  const words = { none: 'No weight yet', under: 'UNDER', in: 'IN TOLERANCE', over: 'OVER' } as const;
  return (
    <div className={`tolerance ${state}`} data-state={state}>
      <div className="bar" data-testid="tolerance-bar">
        <div className={`zone under ${state === 'under' ? 'active' : ''}`} style={{ left: 0, width: `${IN_START}%` }}>
          ▼ UNDER
        </div>
        <div className={`zone in ${state === 'in' ? 'active' : ''}`} data-testid="tolerance-window" style={{ left: `${IN_START}%`, width: `${IN_END - IN_START}%` }}>
          IN
        </div>
        <div className={`zone over ${state === 'over' ? 'active' : ''}`} style={{ left: `${IN_END}%`, width: `${100 - IN_END}%` }}>
          OVER ▲
        </div>
        <div className="target-line" data-testid="target-line" style={{ left: at(target.value) }} />
        {projected !== null ? <div className="marker" data-testid="tolerance-marker" style={{ left: at(projected) }} /> : null}
      </div>
      <div className="tolerance-text">
        <span className="state-word" data-testid="tolerance-state">
          {words[state]}
        </span>
        <span data-testid="tolerance-limits">
          Target <strong>{shown.target}</strong> {target.unit} · in tolerance {shown.lower} – {shown.upper} {target.unit}
        </span>
      </div>
    </div>
  );
}
