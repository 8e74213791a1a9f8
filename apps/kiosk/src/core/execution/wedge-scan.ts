import { createWedgeDetector, type WedgeDecision, type WedgeKey } from '@lineside/device-drivers';
import type { Refusal } from '../../shared/api.js';

/**
 * The scan in the keys a keyboard-wedge scanner typed outside any field, or why there is none. A scan
 * that stopped mid-label anywhere in them refuses the lot (issue 8 §3): its characters are named, and
 * whatever followed the stop may be its tail rather than a label of its own, so the label is scanned again.
 */
export function wedgeScan(keys: readonly WedgeKey[]): { ok: true; data: string } | Refusal {
  const detector = createWedgeDetector();
  const decisions: WedgeDecision[] = [];
  for (const key of [...keys, null]) {
    const decision = key === null ? detector.flush() : detector.push(key);
    if (decision) decisions.push(decision);
  }
  const stopped = decisions.find((d): d is Extract<WedgeDecision, { kind: 'interrupted' }> => d.kind === 'interrupted');
  if (stopped) return { ok: false, code: 'scan-interrupted', message: stopped.message.charAt(0).toUpperCase() + stopped.message.slice(1) };
  const last = decisions.at(-1);
  if (last?.kind !== 'scan') {
    return { ok: false, code: 'not-a-scan', message: 'Those keys came too slowly to be a scanner — type the lot number into the Lot field and press Enter' };
  }
  return { ok: true, data: last.data };
}
