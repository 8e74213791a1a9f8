import type { RecordView } from '../records/view.js';

/** The payload in a supervisor's words, e.g. "12.345 g net, BAL-01, stable". */
export function describePayload(record: Pick<RecordView, 'type' | 'payload' | 'subject'>): string {
  const p = record.payload;
  const text = (key: string) => (typeof p[key] === 'string' || typeof p[key] === 'number' ? String(p[key]) : undefined);
  if (record.type === 'weighing.recorded') {
    const basis = text('basis');
    const parts = [[text('value'), text('unit'), basis && basis !== 'unknown' ? basis : undefined].filter(Boolean).join(' ')];
    const equipment = text('equipmentId') ?? record.subject['equipment'];
    if (equipment) parts.push(equipment);
    if (p['stable'] === true) parts.push('stable');
    if (p['stable'] === false) parts.push('not stable');
    return parts.filter(Boolean).join(', ');
  }
  return Object.entries(p)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

export function describeActor(actor: RecordView['actor']): string {
  if (actor['kind'] === 'user') return `${String(actor['printedName'] ?? actor['userId'])} (${String(actor['userId'])})`;
  return 'the kiosk';
}
