// The CSV record an Orion Star A meter prints for GETMEAS, read into a PhEvent-shaped measurement.
import { parseDecimal, type ExactDecimal } from '../decimal.js';

export interface OrionMeasurement {
  readonly kind: 'ph';
  readonly ph: ExactDecimal;
  readonly mV?: ExactDecimal;
  readonly temperatureC?: ExactDecimal;
  /** The temperature as sent, when the meter is set to °F (no float conversion here). */
  readonly temperature?: { readonly value: ExactDecimal; readonly unit: string };
  readonly slopePercent?: ExactDecimal;
  /** See README: true when the record carries a log number, i.e. it was logged at the endpoint [unverified]. */
  readonly stable: boolean;
  readonly model: string;
  readonly serialNumber: string;
  readonly firmware: string;
  readonly userId?: string;
  /** As printed; its day/month order follows the meter's setting, so it is not interpreted. */
  readonly meterDateTime?: string;
  readonly sampleId?: string;
  readonly channel?: string;
  readonly method?: string;
  readonly logNumber?: string;
}

export type OrionRead =
  | { readonly ok: true; readonly measurement: OrionMeasurement }
  | { readonly ok: false; readonly code: 'no-record' | 'bad-record' | 'not-ph-mode' | 'no-ph-value'; readonly message: string };

const FIELD_COUNT = 18;

/** Reads one framed reply: the echo line and empty lines are skipped, the CSV record is parsed. */
export function parseOrionReply(frame: string): OrionRead {
  const record = frame.split(/[\r\n]+/).find((line) => line.split(',').length >= FIELD_COUNT);
  if (record === undefined) return { ok: false, code: 'no-record', message: `Orion reply holds no ${FIELD_COUNT}-field CSV record: ${JSON.stringify(frame)}` };
  return parseOrionRecord(record);
}

/** `---` in any field means the meter has no value for it; such fields are undefined. */
export function parseOrionRecord(line: string): OrionRead {
  const f = line.split(',').map((field) => field.trim());
  const text = (i: number) => {
    const v = f[i];
    return v === undefined || v === '' || /^-+$/.test(v) ? undefined : v;
  };
  if (f.length < FIELD_COUNT) return { ok: false, code: 'bad-record', message: `Orion record has ${f.length} fields, ${FIELD_COUNT} expected: ${JSON.stringify(line)}` };
  const mode = text(7);
  if (mode?.toUpperCase() !== 'PH') return { ok: false, code: 'not-ph-mode', message: `Orion record is in ${mode ?? 'no'} mode, not pH: ${JSON.stringify(line)}` };
  const ph = decimalField(text(8));
  if (!ph) return { ok: false, code: 'no-ph-value', message: `Orion record has no pH value (field 9 is ${JSON.stringify(f[8])})` };
  const mV = decimalField(text(10));
  const temperature = decimalField(text(12));
  const temperatureUnit = (text(13) ?? '').replace(/^°/, '').toUpperCase();
  const slopePercent = decimalField(text(14));
  const measurement: OrionMeasurement = {
    kind: 'ph',
    ph,
    mV,
    temperatureC: temperatureUnit === 'C' ? temperature : undefined,
    temperature: temperature && temperatureUnit !== 'C' ? { value: temperature, unit: text(13) ?? '' } : undefined,
    slopePercent,
    stable: text(17) !== undefined,
    model: text(0) ?? '',
    serialNumber: text(1) ?? '',
    firmware: text(2) ?? '',
    userId: text(3),
    meterDateTime: text(4),
    sampleId: text(5),
    channel: text(6),
    method: text(16),
    logNumber: text(17),
  };
  return { ok: true, measurement };
}

function decimalField(value: string | undefined): ExactDecimal | undefined {
  return value === undefined ? undefined : (parseDecimal(value) ?? undefined);
}
