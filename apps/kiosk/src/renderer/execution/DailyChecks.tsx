import { useState } from 'react';
import { useKiosk } from '../store.js';
import { PH_BUFFERS, routineTestOutcome, type CheckOutcome } from './checks.js';
import { useExecution } from './store.js';

/** The shift's routine tests: balance sensitivity with its named test weight, and the pH buffer calibration. */
export function DailyChecks() {
  return (
    <section className="panel checks" aria-label="Daily checks">
      <h1>Daily checks</h1>
      <div className="checks-grid">
        <SensitivityTest />
        <PhCalibration />
      </div>
    </section>
  );
}

/** Runs a routine-test command and reads pass/fail from the holds before and after. */
function useRoutineTest() {
  const { run, busy } = useExecution();
  const [outcome, setOutcome] = useState<CheckOutcome | null>(null);
  // Each form keeps its own refusal, so the balance's error does not show under the pH meter.
  const [error, setError] = useState<string | null>(null);
  const record = async (equipmentId: string, call: () => Promise<boolean>) => {
    setOutcome(null);
    setError(null);
    const before = useExecution.getState().holds;
    if (await call()) setOutcome(routineTestOutcome(equipmentId, before, useExecution.getState().holds));
    else setError(useExecution.getState().message?.text ?? 'Refused');
  };
  const clear = () => {
    setOutcome(null);
    setError(null);
  };
  return { run, busy, outcome, error, record, clear };
}

function Outcome({ outcome, testId, error }: { outcome: CheckOutcome | null; testId: string; error: string | null }) {
  if (error !== null) {
    return (
      <p className="notice banner error" role="alert" data-testid={`${testId}-error`}>
        {error}
      </p>
    );
  }
  if (!outcome) return null;
  return (
    <p className={`check-result ${outcome.passed ? 'pass' : 'fail'}`} role="status" data-testid={`${testId}-result`} data-passed={String(outcome.passed)}>
      {outcome.words}
    </p>
  );
}

const STATUS_WORDS = { ready: 'ready', due: 'test due', blocked: 'blocked' } as const;

function SensitivityTest() {
  const { run, busy, outcome, error, record, clear } = useRoutineTest();
  const checks = useExecution((s) => s.checks);
  const weight = useKiosk((s) => s.state?.weight ?? null);
  const device = useKiosk((s) => s.state?.device ?? null);
  const balances = checks.filter((c) => c.kind === 'balance');
  const [chosen, setChosen] = useState<string | null>(null);
  // The connected balance first, else the first whose test is due, else the first on the list.
  const equipmentId = chosen ?? (balances.find((b) => b.equipmentId === device?.balanceId) ?? balances.find((b) => b.status === 'due') ?? balances[0])?.equipmentId ?? '';
  const item = balances.find((b) => b.equipmentId === equipmentId);
  const plan = item?.sensitivity;
  const [testWeightId, setTestWeightId] = useState('');
  // The connected balance's stable reading is used as it is; another balance's display is typed.
  const live = weight && weight.balanceId === equipmentId ? weight : null;
  const [typed, setTyped] = useState('');
  const [typedStable, setTypedStable] = useState(false);
  const reading = live ? live.value : typed;
  const stable = live ? live.stable : typedStable;
  const submit = () => record(equipmentId, () => run('recordSensitivityTest', { equipmentId, testWeightId: testWeightId.trim(), reading, stable }, `Sensitivity test of ${equipmentId} recorded`));
  const ready = equipmentId !== '' && testWeightId.trim() !== '' && reading !== '';
  return (
    <div className="check" data-testid="sensitivity-test">
      <h2>Balance sensitivity test</h2>
      <div className="choices wrap" role="group" aria-label="Balance">
        {balances.map((b) => (
          <button
            key={b.equipmentId}
            type="button"
            className={`choice check-choice ${b.status} ${b.equipmentId === equipmentId ? 'chosen' : ''}`}
            data-testid={`sensitivity-balance-${b.equipmentId}`}
            aria-pressed={b.equipmentId === equipmentId}
            onClick={() => {
              // Another balance: the last outcome belonged to the one before.
              if (b.equipmentId !== equipmentId) clear();
              setChosen(b.equipmentId);
            }}
          >
            <strong>{b.equipmentId}</strong>
            <span>{STATUS_WORDS[b.status]}</span>
          </button>
        ))}
      </div>
      {balances.length === 0 ? <p className="muted">No balance of this station has a sensitivity test.</p> : null}
      {plan ? (
        <p className="check-plan" data-testid="sensitivity-plan">
          Put <strong>{plan.testWeightId}</strong> ({plan.testWeight}) on the pan. Passes from{' '}
          <strong>
            {plan.lowest} to {plan.highest} {plan.unit}
          </strong>{' '}
          ({plan.expected} ± {plan.limit} {plan.unit}, {plan.tolerancePercent} %).
        </p>
      ) : null}
      {item?.status === 'blocked' && item.note && !outcome && error === null ? (
        <p className="notice warn" data-testid="sensitivity-note">
          {item.note}
        </p>
      ) : null}
      <label className="field">
        Test weight (id on its case)
        <input data-testid="sensitivity-weight" value={testWeightId} placeholder={plan?.testWeightId} onChange={(e) => setTestWeightId(e.target.value)} autoComplete="off" />
      </label>
      {live ? (
        <p className="check-reading" data-testid="sensitivity-live">
          Reading <strong>{live.value}</strong> {live.unit} <span className={`badge ${live.stable ? 'stable' : 'moving'}`}>{live.stable ? '● STABLE' : '◌ MOVING'}</span>
        </p>
      ) : (
        <div className="row">
          <label className="field">
            Reading from the balance display
            <input data-testid="sensitivity-reading" inputMode="decimal" value={typed} onChange={(e) => setTyped(e.target.value)} />
          </label>
          <button type="button" className={`choice ${typedStable ? 'chosen' : ''}`} data-testid="sensitivity-stable" aria-pressed={typedStable} onClick={() => setTypedStable((s) => !s)}>
            {typedStable ? '● Stable' : '◌ Not yet stable'}
          </button>
        </div>
      )}
      <button type="button" className="primary" data-testid="sensitivity-record" disabled={busy || !ready} onClick={() => void submit()}>
        Record test
      </button>
      <Outcome outcome={outcome} testId="sensitivity" error={error} />
    </div>
  );
}

function PhCalibration() {
  const { run, busy, outcome, error, record } = useRoutineTest();
  const [meterId, setMeterId] = useState('PH-01');
  const [mv, setMv] = useState<string[]>(PH_BUFFERS.map(() => ''));
  const [temperatureC, setTemperature] = useState('25.0');
  const ready = meterId.trim() !== '' && mv.every((v) => v.trim() !== '') && temperatureC.trim() !== '';
  const submit = () =>
    record(meterId.trim(), () =>
      run('recordPhCalibration', { equipmentId: meterId.trim(), buffers: PH_BUFFERS.map((ph, i) => ({ ph, mv: (mv[i] ?? '').trim(), temperatureC: temperatureC.trim() })) }, `pH calibration of ${meterId.trim()} recorded`),
    );
  return (
    <div className="check" data-testid="ph-calibration">
      <h2>pH meter buffer calibration</h2>
      <p className="muted">Dip the buffers in order and type the mV at a stable endpoint; slope and offset are checked against the meter’s limits.</p>
      <label className="field">
        pH meter
        <input data-testid="phcal-meter" value={meterId} onChange={(e) => setMeterId(e.target.value)} autoComplete="off" />
      </label>
      <div className="buffers">
        {PH_BUFFERS.map((ph, i) => (
          <label className="field" key={ph}>
            Buffer pH {ph} — mV
            <input data-testid={`phcal-mv-${ph}`} inputMode="decimal" value={mv[i]} onChange={(e) => setMv((all) => all.map((v, j) => (j === i ? e.target.value : v)))} />
          </label>
        ))}
        <label className="field">
          °C
          <input data-testid="phcal-temperature" inputMode="decimal" value={temperatureC} onChange={(e) => setTemperature(e.target.value)} />
        </label>
      </div>
      <button type="button" className="primary" data-testid="phcal-record" disabled={busy || !ready} onClick={() => void submit()}>
        Record calibration
      </button>
      <Outcome outcome={outcome} testId="phcal" error={error} />
    </div>
  );
}
