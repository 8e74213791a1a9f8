import type { MasterData } from '../master-data/master-data.js';
import { calibrationInForce } from '../master-data/master-data.js';
import type { IsoDate } from '../time/calendar.js';
import { daysBetween } from '../time/calendar.js';

export const CALIBRATION_STATUSES = ['in-date', 'due-soon', 'expired', 'never-calibrated'] as const;
export type CalibrationStatusKind = (typeof CALIBRATION_STATUSES)[number];

export type CalibrationStatus =
  | { readonly status: 'never-calibrated' }
  | { readonly status: 'in-date' | 'due-soon' | 'expired'; readonly certificateId: string; readonly dueOn: IsoDate; readonly daysLeft: number };

/** Hard block from the due date itself; a warning band of `warningDays` before it (FLOOR.md). */
export function calibrationStatus(md: MasterData, equipmentId: string, today: IsoDate): CalibrationStatus {
  const cert = calibrationInForce(md, equipmentId);
  if (!cert) return { status: 'never-calibrated' };
  const daysLeft = daysBetween(today, cert.dueOn);
  const status = daysLeft <= 0 ? 'expired' : daysLeft <= md.settings.calibrationWarningDays ? 'due-soon' : 'in-date';
  return { status, certificateId: cert.certificateId, dueOn: cert.dueOn, daysLeft };
}
