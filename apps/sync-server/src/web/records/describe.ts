import { fieldLabel, formatTime } from '../ui/format.js';
import type { RecordView } from './types.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

/** A signature as Part 11 §11.50 shows it: printed name, meaning, time. */
export function describeSignature(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const s = value as Record<string, unknown>;
  if (typeof s['printedName'] !== 'string' || typeof s['meaning'] !== 'string') return undefined;
  return `${s['printedName']} (${text(s['signerId']) ?? '?'}), “${s['meaning']}”, ${formatTime(text(s['signedAt']))}${s['reason'] ? ` — ${text(s['reason'])}` : ''}`;
}

export function describeActor(actor: RecordView['actor']): string {
  if (actor['kind'] === 'user') return `${text(actor['printedName']) ?? text(actor['userId']) ?? '?'} (${text(actor['userId']) ?? '?'})`;
  return 'the kiosk';
}

/** Any payload value in words: scalars as written, signatures as signed, objects as their members. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  const signature = describeSignature(value);
  if (signature) return signature;
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(describeValue).join('; ');
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${fieldLabel(k)} ${describeValue(v)}`)
    .join(', ');
}

const SKIP = new Set(['type', 'at', 'orderId', 'stepId']);

/** The payload in a supervisor's words, one line, e.g. "net 26.700 kg on BAL-04, lot PCM-2401, in tolerance". */
export function describePayload(record: Pick<RecordView, 'type' | 'payload' | 'subject'>): string {
  const p = record.payload;
  if (record.type === 'weighing.recorded') {
    const basis = text(p['basis']);
    const parts = [[text(p['value']), text(p['unit']), basis && basis !== 'unknown' ? basis : undefined].filter(Boolean).join(' ')];
    const equipment = text(p['equipmentId']) ?? record.subject['equipment'];
    if (equipment) parts.push(equipment);
    if (p['stable'] === true) parts.push('stable');
    if (p['stable'] === false) parts.push('not stable');
    return parts.filter(Boolean).join(', ');
  }
  if (record.type === 'order.weighing-recorded') {
    return `container ${text(p['containerNo']) ?? '?'}: net ${text(p['net'])} ${text(p['balanceUnit'])} on ${text(p['balanceId'])}, lot ${text(p['lotId'])}, ${text(p['toleranceState'])?.replace(/-/g, ' ') ?? ''}`;
  }
  return Object.entries(p)
    .filter(([key]) => !SKIP.has(key))
    .map(([key, value]) => `${fieldLabel(key)}: ${describeValue(value)}`)
    .join(' · ');
}
