import { useEffect, useRef, useState } from 'react';
import type { RoutineCheckView } from '../../shared/api.js';
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
  const shown = useRef<HTMLParagraphElement | null>(null);
  // The verdict sits under the form, which may reach below a 1280×800 screen: bring it into view.
  useEffect(() => {
    shown.current?.scrollIntoView({ block: 'nearest' });
  }, [outcome, error]);
  if (error !== null) {
    return (
      <p ref={shown} className="notice banner error" role="alert" data-testid={`${testId}-error`}>
        {error}
      </p>
    );
  }
  if (!outcome) return null;
  return (
    <p ref={shown} className={`check-result ${outcome.passed ? 'pass' : 'fail'}`} role="status" data-testid={`${testId}-result`} data-passed={String(outcome.passed)}>
      {outcome.words}
    </p>
  );
}

const STATUS_WORDS = { ready: 'ready', due: 'test due', blocked: 'blocked' } as const;

/** The station's instruments of one kind as big buttons, each with its state in words. */
function InstrumentChoices(props: { items: readonly RoutineCheckView[]; chosen: string; testIdPrefix: string; label: string; onChoose: (id: string) => void }) {
  return (
    <div className="choices wrap" role="group" aria-label={props.label}>
      {props.items.map((item) => (
        <button
          key={item.equipmentId}
          type="button"
          className={`choice check-choice ${item.status} ${item.equipmentId === props.chosen ? 'chosen' : ''}`}
          data-testid={`${props.testIdPrefix}-${item.equipmentId}`}
          aria-pressed={item.equipmentId === props.chosen}
          onClick={() => props.onChoose(item.equipmentId)}
        >
          <strong>{item.equipmentId}</strong>
          <span>{STATUS_WORDS[item.status]}</span>
        </button>
      ))}
    </div>
  );
}

/** The blocked instrument's reason, until a test of it gives its own outcome. */
function BlockedNote({ item, testId, shown }: { item: RoutineCheckView | undefined; testId: string; shown: boolean }) {
  if (!shown || item?.status !== 'blocked' || !item.note) return null;
  return (
    <p className="notice warn" data-testid={testId}>
      {item.note}
    </p>
  );
}

function SensitivityTest() {
  const checks = useExecution((s) => s.checks);
  const device = useKiosk((s) => s.state?.device ?? null);
  const balances = checks.filter((c) => c.kind === 'balance');
  const [chosen, setChosen] = useState<string | null>(null);
  // The connected balance first, else the first whose test is due, else the first on the list.
  const equipmentId = chosen ?? (balances.find((b) => b.equipmentId === device?.balanceId) ?? balances.find((b) => b.status === 'due') ?? balances[0])?.equipmentId ?? '';
  const item = balances.find((b) => b.equipmentId === equipmentId);
  return (
    <div className="check" data-testid="sensitivity-test">
      <h2>Balance sensitivity test</h2>
      <InstrumentChoices items={balances} chosen={equipmentId} testIdPrefix="sensitivity-balance" label="Balance" onChoose={setChosen} />
      {balances.length === 0 ? <p className="muted">No balance of this station has a sensitivity test.</p> : null}
      {/* Keyed by balance: another balance starts from an empty form, nothing of the one before carries over. */}
      {item ? <SensitivityForm key={item.equipmentId} item={item} connected={entryOf(item, device?.balanceId) === 'instrument'} /> : null}
    </div>
  );
}

/** How a balance's test is taken here; a core that does not say is read from whether the balance is the live one. */
function entryOf(item: RoutineCheckView, liveBalanceId: string | undefined): 'instrument' | 'manual' {
  return item.entry ?? (item.equipmentId === liveBalanceId ? 'instrument' : 'manual');
}

function SensitivityForm({ item, connected }: { item: RoutineCheckView; connected: boolean }) {
  const { run, busy, outcome, error, record } = useRoutineTest();
  const equipmentId = item.equipmentId;
  const plan = item.sensitivity;
  const [testWeightId, setTestWeightId] = useState('');
  return (
    <>
      {plan ? (
        <p className="check-plan" data-testid="sensitivity-plan">
          Put <strong>{plan.testWeightId}</strong> ({plan.testWeight}) on the pan. Passes from{' '}
          <strong>
            {plan.lowest} to {plan.highest} {plan.unit}
          </strong>{' '}
          ({plan.expected} ± {plan.limit} {plan.unit}, {plan.tolerancePercent} %).
        </p>
      ) : null}
      <BlockedNote item={item} testId="sensitivity-note" shown={!outcome && error === null} />
      <label className="field">
        Test weight (id on its case)
        <input data-testid="sensitivity-weight" value={testWeightId} placeholder={plan?.testWeightId} onChange={(e) => setTestWeightId(e.target.value)} autoComplete="off" />
      </label>
      {connected ? (
        <CapturedReading equipmentId={equipmentId} busy={busy} ready={testWeightId.trim() !== ''} onCapture={() => void record(equipmentId, () => run('captureSensitivityTest', { equipmentId, testWeightId: testWeightId.trim() }, `Sensitivity test of ${equipmentId} recorded`))} />
      ) : (
        <TypedReading
          equipmentId={equipmentId}
          busy={busy}
          testWeightId={testWeightId.trim()}
          onRecord={(reading, stable, verifier) => void record(equipmentId, () => run('recordSensitivityTest', { equipmentId, testWeightId: testWeightId.trim(), reading, stable, verifier }, `Sensitivity test of ${equipmentId} recorded`))}
        />
      )}
      <Outcome outcome={outcome} testId="sensitivity" error={error} />
    </>
  );
}

/** A balance connected here: its live weight on screen, and the core takes its next stable reading (raw frame kept). */
function CapturedReading(props: { equipmentId: string; busy: boolean; ready: boolean; onCapture: () => void }) {
  const weight = useKiosk((s) => s.state?.weight ?? null);
  const transport = useKiosk((s) => s.transport);
  const [shown, setShown] = useState<string | null>(null);
  useEffect(() => {
    if (!transport) return;
    let current = true;
    // The live weight follows the balance under test, also where the station has more than one connected.
    void transport.call('showBalance', { balanceId: props.equipmentId }).then(
      (result) => current && setShown(result.ok ? null : result.message),
      (e: unknown) => current && setShown(`The kiosk core did not answer: ${(e as Error).message}`),
    );
    return () => {
      current = false;
    };
  }, [transport, props.equipmentId]);
  const live = weight && weight.balanceId === props.equipmentId ? weight : null;
  return (
    <>
      {shown !== null ? (
        <p className="notice banner error" role="alert" data-testid="sensitivity-show-error">
          {shown}
        </p>
      ) : null}
      <p className="check-reading live" data-testid="sensitivity-live">
        {live ? (
          <>
            {props.equipmentId} reads <strong className="check-reading-value">{live.value}</strong> {live.unit}{' '}
            <span className={`badge ${live.stable ? 'stable' : 'moving'}`}>{live.stable ? '● STABLE' : '◌ MOVING'}</span>
          </>
        ) : (
          <span className="muted">Waiting for {props.equipmentId}…</span>
        )}
      </p>
      <button type="button" className="primary capture" data-testid="sensitivity-capture" disabled={props.busy || !props.ready} onClick={props.onCapture}>
        {props.busy ? 'Waiting for a stable reading…' : 'Capture reading'}
      </button>
    </>
  );
}

/** A balance without an interface here: its display typed, and a second person verifies what was typed. */
function TypedReading(props: { equipmentId: string; busy: boolean; testWeightId: string; onRecord: (reading: string, stable: boolean, verifier: { userId: string; pin: string }) => void }) {
  const [typed, setTyped] = useState('');
  const [stable, setStable] = useState(false);
  const [verifier, setVerifier] = useState('');
  const [pin, setPin] = useState('');
  const ready = props.testWeightId !== '' && typed.trim() !== '' && verifier.trim() !== '' && pin !== '';
  return (
    <>
      <p className="muted" data-testid="sensitivity-manual-note">
        {props.equipmentId} is not connected to this kiosk: type its display; a second person checks the display and signs.
      </p>
      <div className="row">
        <label className="field">
          Reading from the balance display
          <input data-testid="sensitivity-reading" inputMode="decimal" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
        </label>
        <button type="button" className={`choice ${stable ? 'chosen' : ''}`} data-testid="sensitivity-stable" aria-pressed={stable} onClick={() => setStable((s) => !s)}>
          {stable ? '● Stable' : '◌ Not yet stable'}
        </button>
      </div>
      <div className="row">
        <label className="field">
          Second person (user id)
          <input data-testid="sensitivity-verifier-user" value={verifier} onChange={(e) => setVerifier(e.target.value)} autoComplete="off" />
        </label>
        <label className="field">
          Their PIN
          <input data-testid="sensitivity-verifier-pin" type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="off" />
        </label>
      </div>
      <button
        type="button"
        className="primary"
        data-testid="sensitivity-record"
        disabled={props.busy || !ready}
        onClick={() => {
          props.onRecord(typed.trim(), stable, { userId: verifier.trim(), pin });
          // The PIN is asked again for every attempt (21 CFR 11.200).
          setPin('');
        }}
      >
        Record test
      </button>
    </>
  );
}

function PhCalibration() {
  const { run, busy, outcome, error, record, clear } = useRoutineTest();
  const checks = useExecution((s) => s.checks);
  const meters = checks.filter((c) => c.kind === 'ph-meter');
  const [chosen, setChosen] = useState<string | null>(null);
  const meterId = chosen ?? (meters.find((m) => m.status === 'due') ?? meters[0])?.equipmentId ?? '';
  const item = meters.find((m) => m.equipmentId === meterId);
  const plan = item?.buffers;
  const buffers = plan?.buffers ?? PH_BUFFERS;
  const [mv, setMv] = useState<Record<string, string>>({});
  const [temperatureC, setTemperature] = useState('25.0');
  const ready = meterId !== '' && buffers.every((ph) => (mv[ph] ?? '').trim() !== '') && temperatureC.trim() !== '';
  const submit = () =>
    record(meterId, () => run('recordPhCalibration', { equipmentId: meterId, buffers: buffers.map((ph) => ({ ph, mv: (mv[ph] ?? '').trim(), temperatureC: temperatureC.trim() })) }, `pH calibration of ${meterId} recorded`));
  return (
    <div className="check" data-testid="ph-calibration">
      <h2>pH meter buffer calibration</h2>
      <InstrumentChoices
        items={meters}
        chosen={meterId}
        testIdPrefix="phcal-meter"
        label="pH meter"
        onChoose={(id) => {
          if (id !== meterId) {
            clear();
            setMv({});
          }
          setChosen(id);
        }}
      />
      {meters.length === 0 ? <p className="muted">This station has no pH meter.</p> : null}
      {plan ? (
        <p className="check-plan" data-testid="phcal-plan">
          Buffers <strong>{plan.buffers.join(', ')}</strong> in this order; type the mV at a stable endpoint. Passes with slope{' '}
          <strong>
            {plan.slopeMinPercent}–{plan.slopeMaxPercent} %
          </strong>{' '}
          and offset within <strong>±{plan.offsetLimitMv} mV</strong>.
        </p>
      ) : null}
      <BlockedNote item={item} testId="phcal-note" shown={!outcome && error === null} />
      <div className="buffers">
        {buffers.map((ph) => (
          <label className="field" key={ph}>
            Buffer pH {ph} — mV
            <input data-testid={`phcal-mv-${ph}`} inputMode="decimal" value={mv[ph] ?? ''} onChange={(e) => setMv((all) => ({ ...all, [ph]: e.target.value }))} />
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
