import { useState } from 'react';
import type { InstrumentStateView } from '../../shared/api.js';
import { formatTime } from '../time.js';
import { useExecution } from './store.js';

const STATE_WORDS = { running: 'RUNNING', idle: 'IDLE', setup: 'SETUP', down: 'DOWN' } as const;

/**
 * The station's instruments and the state each is in (ISO 22400: running, setup, down, idle), one chip each.
 * Tapping a chip opens what the operator may do: report it down with one tap on a reason of the plant's
 * list, or report it working again. A down a pause or a hold caused says what ends it instead.
 */
export function InstrumentStrip() {
  const instruments = useExecution((s) => s.instruments);
  const [open, setOpen] = useState<string | null>(null);
  const chosen = instruments.find((i) => i.equipmentId === open);
  if (instruments.length === 0) return null;
  return (
    <>
      <ul className="instrument-strip" aria-label="Instruments of this station" data-testid="instrument-strip">
        {instruments.map((i) => (
          <li key={i.equipmentId}>
            <button type="button" className={`instrument ${i.state}`} data-testid={`instrument-${i.equipmentId}`} data-state={i.state} title={i.reason ?? undefined} onClick={() => setOpen(i.equipmentId)}>
              <strong>{i.equipmentId}</strong> <span className="instrument-state">{STATE_WORDS[i.state]}</span>
              {i.onHold ? <span className="instrument-hold"> ON HOLD</span> : null}
            </button>
          </li>
        ))}
      </ul>
      {chosen ? <InstrumentDialog instrument={chosen} close={() => setOpen(null)} /> : null}
    </>
  );
}

function InstrumentDialog({ instrument, close }: { instrument: InstrumentStateView; close: () => void }) {
  const { run, busy, message, downReasons } = useExecution();
  const id = instrument.equipmentId;
  const down = async (reason: { id: string; label: string }) => {
    if (await run('reportEquipmentDown', { equipmentId: id, reason: reason.id }, `${id} reported down: ${reason.label}`)) close();
  };
  const up = async () => {
    if (await run('reportEquipmentUp', { equipmentId: id }, `${id} works again`)) close();
  };
  const since = instrument.since ? ` since ${formatTime(instrument.since)}` : '';
  return (
    <div className="dialog-backdrop">
      <section className="dialog" role="dialog" aria-label={`Instrument ${id}`} data-testid="instrument-dialog">
        <h2>
          {id} <span className="muted">{instrument.name}</span>
        </h2>
        <p className={`instrument-now ${instrument.state}`} data-testid="instrument-now">
          {STATE_WORDS[instrument.state]}
          {since}
          {instrument.reason ? ` — ${instrument.reason}` : ''}
        </p>
        {instrument.state !== 'down' ? (
          <>
            <p className="muted">Not working? Tap why — it is recorded at once.</p>
            <div className="choices wrap" role="group" aria-label="Down reason">
              {downReasons.map((r) => (
                <button key={r.id} type="button" className="choice down-reason" data-testid={`down-reason-${r.id}`} disabled={busy} onClick={() => void down(r)}>
                  {r.label}
                  {r.planned ? <span className="muted small"> (planned)</span> : null}
                </button>
              ))}
            </div>
          </>
        ) : instrument.endedBy === 'up' ? (
          <button type="button" className="primary" data-testid="instrument-up" disabled={busy} onClick={() => void up()}>
            {id} works again
          </button>
        ) : (
          <p className="notice" data-testid="instrument-ended-by">
            {instrument.endedBy === 'resume' ? 'Down because of the order: it comes back when the order is resumed, its hold released or its deviation closed.' : `${id} is on hold: QA releases it on the Holds list.`}
          </p>
        )}
        {message?.kind === 'error' ? (
          <p className="notice error dialog-error" role="alert" data-testid="instrument-error">
            {message.text}
          </p>
        ) : null}
        <div className="actions dialog-actions">
          <button type="button" className="secondary" data-testid="instrument-close" onClick={close}>
            Close
          </button>
        </div>
      </section>
    </div>
  );
}
