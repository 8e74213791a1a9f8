// Hanna RAS answer: mode(2) status(2 hex) reading status(2) primary reading(11) mV(7) temperature °C(7).
import { makeDecimal, type ExactDecimal } from '../decimal.js';

export const HANNA_MODES = { '00': 'ph-0.001', '01': 'ph-0.01', '02': 'ph-0.1', '03': 'mv' } as const;
export type HannaMode = (typeof HANNA_MODES)[keyof typeof HANNA_MODES];
export const HANNA_RANGES = { R: 'in-range', O: 'over-range', U: 'under-range' } as const;
export type HannaRange = (typeof HANNA_RANGES)[keyof typeof HANNA_RANGES];

export const HANNA_ERRORS = {
  Err3: { code: 'log-empty', meaning: 'the log is empty' },
  Err4: { code: 'parameter-not-available', meaning: 'the parameter is not available' },
  Err6: { code: 'range-not-available', meaning: 'the range is not available' },
  Err8: { code: 'not-in-measure-mode', meaning: 'the meter is not in measurement mode' },
  Err9: { code: 'battery-low', meaning: 'battery below 30%' },
} as const;

export interface HannaStatus {
  readonly byte: number;
  readonly newGlpData: boolean;
  readonly newSetup: boolean;
  /** 0x04: the reading is outside the calibrated range: a GMP reading must be refused. */
  readonly outOfCalibration: boolean;
  readonly autoEndpoint: boolean;
  readonly temperatureProbe: boolean;
}

export interface HannaReading {
  readonly mode: HannaMode;
  readonly status: HannaStatus;
  readonly primaryRange: HannaRange;
  readonly mVRange: HannaRange;
  /** The pH in pH modes; undefined in mV mode. */
  readonly ph?: ExactDecimal;
  readonly mV: ExactDecimal;
  readonly temperatureC: ExactDecimal;
}

export type HannaRead =
  | { readonly ok: true; readonly reading: HannaReading }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** A meter error answer (`Err3` …), or null when `answer` is not one. */
export function parseHannaError(answer: string): { code: string; message: string } | null {
  const m = /^\s*(Err\d+)\s*$/.exec(answer);
  if (!m?.[1]) return null;
  const known = HANNA_ERRORS[m[1] as keyof typeof HANNA_ERRORS] as (typeof HANNA_ERRORS)[keyof typeof HANNA_ERRORS] | undefined;
  return known ? { code: known.code, message: `Hanna meter ${m[1]}: ${known.meaning}` } : { code: 'unknown-error', message: `Hanna meter ${m[1]}: not in the error table` };
}

export function parseRasAnswer(answer: string): HannaRead {
  const error = parseHannaError(answer);
  if (error) return { ok: false, ...error };
  if (answer.length !== 31) return bad(answer, `is ${answer.length} characters, 31 expected`);
  const mode = HANNA_MODES[answer.slice(0, 2) as keyof typeof HANNA_MODES] as HannaMode | undefined;
  if (!mode) return bad(answer, `mode ${JSON.stringify(answer.slice(0, 2))} is not 00-03`);
  const statusHex = answer.slice(2, 4);
  if (!/^[0-9A-Fa-f]{2}$/.test(statusHex)) return bad(answer, `status ${JSON.stringify(statusHex)} is not two hex digits`);
  const byte = parseInt(statusHex, 16);
  const primaryRange = HANNA_RANGES[answer[4] as keyof typeof HANNA_RANGES] as HannaRange | undefined;
  const mVRange = HANNA_RANGES[answer[5] as keyof typeof HANNA_RANGES] as HannaRange | undefined;
  if (!primaryRange || !mVRange) return bad(answer, `reading status ${JSON.stringify(answer.slice(4, 6))} is not R/O/U twice`);
  const primary = scientificDecimal(answer.slice(6, 17));
  const mV = scientificDecimal(answer.slice(17, 24));
  const temperatureC = scientificDecimal(answer.slice(24, 31));
  if (!primary || !mV || !temperatureC) return bad(answer, 'a reading field is not a number');
  const status: HannaStatus = {
    byte,
    newGlpData: (byte & 0x01) !== 0,
    newSetup: (byte & 0x02) !== 0,
    outOfCalibration: (byte & 0x04) !== 0,
    autoEndpoint: (byte & 0x08) !== 0,
    temperatureProbe: (byte & 0x10) !== 0,
  };
  return { ok: true, reading: { mode, status, primaryRange, mVRange, ph: mode === 'mv' ? undefined : primary, mV, temperatureC } };
}

/** "7.012E+00" or " -123.4" as an exact decimal, without going through a float. */
export function scientificDecimal(field: string): ExactDecimal | null {
  const m = /^\s*([+-]?)\s*(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?\s*$/.exec(field);
  if (!m) return null;
  const fraction = m[3] ?? '';
  let units = BigInt((m[2] ?? '0') + fraction) * (m[1] === '-' ? -1n : 1n);
  let exponent = Number(m[4] ?? '0') - fraction.length;
  if (exponent > 0) {
    units *= 10n ** BigInt(exponent);
    exponent = 0;
  }
  return makeDecimal(units, exponent);
}

function bad(answer: string, reason: string): HannaRead {
  return { ok: false, code: 'bad-ras-answer', message: `Hanna RAS answer ${JSON.stringify(answer)} ${reason}` };
}
