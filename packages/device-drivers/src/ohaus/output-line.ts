// Ohaus print lines: a 10-character right-justified value, the unit, `?` when unstable, an optional legend.
import { parseDecimal, type ExactDecimal } from '../decimal.js';
import type { WeightEvent } from '../events.js';

export type OhausLine =
  | {
      readonly kind: 'weight';
      readonly value: ExactDecimal;
      readonly unit: string;
      /** False when the `?` flag is present (unstable, or below the minimum weight). */
      readonly stable: boolean;
      readonly basis: WeightEvent['basis'];
      readonly legend?: string;
    }
  | { readonly kind: 'error'; readonly code: 'syntax-error'; readonly message: string }
  | { readonly kind: 'text'; readonly text: string };

const WEIGHT = /^\s*([+-]?)\s*(\d+(?:[.,]\d+)?)\s+([A-Za-z%][A-Za-z%/]{0,4})(?:\s+(.*?))?\s*$/;
const BASIS: Record<string, WeightEvent['basis']> = { NET: 'net', N: 'net', G: 'gross', 'B/G': 'gross', GROSS: 'gross', T: 'tare', TARE: 'tare', PT: 'tare' };

/** Anything that is neither a weight nor `ES` comes back as text (replies to PSN, PV, legends alone). */
export function parseOhausLine(line: string): OhausLine {
  const body = line.replace(/[\r\n]+$/, '');
  if (body.trim() === 'ES') return { kind: 'error', code: 'syntax-error', message: 'Ohaus balance answered ES: command not understood' };
  const m = WEIGHT.exec(body);
  const value = m ? parseDecimal((m[1] ?? '') + (m[2] ?? '')) : null;
  if (m && value) {
    let rest = (m[4] ?? '').trim();
    const unstable = rest.startsWith('?');
    if (unstable) rest = rest.slice(1).trim();
    const basis = BASIS[rest.toUpperCase()] ?? 'unknown';
    return { kind: 'weight', value, unit: m[3] ?? '', stable: !unstable, basis, ...(rest ? { legend: rest } : {}) };
  }
  return { kind: 'text', text: body.trim() };
}
