import { Type } from 'typebox';
import { CalibrationStatus, DecimalText, Flag, Id, OneOf, Payload, Text } from './fields.js';

/** `weighing.recorded`: a stable reading a logged-in user accepted outside an order (free weighing). */
export const WEIGHING_BASES = ['net', 'gross', 'tare', 'unknown'] as const;
export const BalanceWeighing = Payload(
  {
    equipmentId: Id('balance'),
    value: DecimalText('the value as the balance gave it'),
    unit: Type.String({ minLength: 1, maxLength: 10, description: 'unit as the balance gave it' }),
    basis: OneOf(WEIGHING_BASES, 'what the value is'),
    stable: Flag('the balance reported it stable'),
    raw: Text('the device frame, latin1 text', 500),
    readAt: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$', description: 'ISO time the frame was read' }),
    calibration: Type.Optional(CalibrationStatus),
  },
  'A stable balance reading accepted at the kiosk as a free weighing; the actor is the logged-in user, `calibration` the balance’s state at use (absent in records of kiosks before 2026-12).',
);

/** `clock.anomaly`: the kiosk saw its wall clock step, or start behind its own log (SYNC.md §3). */
export const CLOCK_ANOMALY_KINDS = ['wall-clock-step', 'wall-clock-behind-log'] as const;
const Millis = (description: string) => Type.String({ pattern: '^-?\\d{1,20}$', description });
export const ClockAnomaly = Payload(
  {
    kind: OneOf(CLOCK_ANOMALY_KINDS, 'what was seen'),
    wallBefore: Type.String({ minLength: 1, maxLength: 40, description: 'wall clock before, ISO UTC' }),
    wallAfter: Type.String({ minLength: 1, maxLength: 40, description: 'wall clock after, ISO UTC' }),
    wallDeltaMs: Millis('wall-clock change, ms'),
    monoDeltaMs: Millis('monotonic change, ms'),
    jumpMs: Millis('the step: wall minus monotonic change, ms'),
  },
  'The kiosk wall clock stepped (or was behind its own log at start).',
);
