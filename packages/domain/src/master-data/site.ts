export interface Shift {
  readonly id: string;
  readonly name?: string;
  /** Local wall-clock `HH:MM`; a shift whose end is not after its start crosses midnight and belongs to the day it starts. */
  readonly start: string;
  /** At or before `start`: the shift crosses midnight and belongs to the day it starts. */
  readonly end: string;
  /** Breaks (not planned operation time), `HH:MM` local (ISO 22400 calendar; see kpi/shift-calendar.ts). */
  readonly breaks?: readonly ShiftInterval[];
  /** Planned down time inside the shift (planned maintenance, cleaning): not planned busy time. */
  readonly plannedDown?: readonly { readonly start: string; readonly end: string; readonly reason?: string }[];
  /** ISO weekdays the shift runs (1 = Monday), by the day it starts; absent: every day. */
  readonly weekdays?: readonly number[];
}

/** A stretch of wall-clock time inside a shift; `end` before `start` is after midnight. */
export interface ShiftInterval {
  readonly start: string;
  readonly end: string;
  readonly label?: string;
}

/** Which shift a record belongs to, decided by the kiosk from its local time. */
export interface ShiftRef {
  readonly shiftId: string;
  readonly date: string;
}

export interface Station {
  readonly id: string;
  readonly name: string;
  readonly room: string;
  readonly kioskId: string;
  readonly equipmentIds: readonly string[];
  readonly offlineGraceHours: number;
  /**
   * The station's block of SSCC serial references (0–999), unique within the site's GS1 company prefix:
   * its kiosk allocates container SSCCs from it offline (label/sscc.ts). Absent: the kiosk prints no labels.
   */
  readonly labelSerialBlock?: number;
}

export interface Site {
  readonly id: string;
  readonly name: string;
  readonly plant: string;
  /** IANA time zone of the plant's shift calendar (absent: UTC). */
  readonly timeZone?: string;
  /** The GS1 company prefix (4–12 digits) SSCCs of this site's containers are allocated under. Absent: no labels. */
  readonly gs1CompanyPrefix?: string;
}

/** A reason a piece of equipment is down (ISO 22400 ADET), chosen with one tap at the kiosk. */
export interface DownReason {
  readonly id: string;
  readonly label: string;
  /** Planned (e.g. planned cleaning): no failure event, no time to repair. Absent: a failure. */
  readonly planned?: boolean;
}

export interface Settings {
  /** A kiosk silent longer than this is unknown time in the KPIs (default 30). */
  readonly kpiHeartbeatGapMinutes?: number;
  /** Warning band before a calibration due date. */
  readonly calibrationWarningDays: number;
  /** Consecutive failed signings before a user is locked out (21 CFR 11.300). */
  readonly signatureLockoutAttempts: number;
  /**
   * Minutes a lockout lasts when the user locked out is the only active one who may unlock others
   * (default 30): locking out the last unlocker must not be permanent.
   */
  readonly lastUnlockerLockoutMinutes?: number;
  /**
   * How many people sign a hold release, by what is held (default 1: QA alone). Two means QA signs
   * "released" and a second person — QA or supervisor, never the same user — signs "verified".
   */
  readonly holdReleaseSignatures?: Readonly<Partial<Record<'lot' | 'equipment' | 'order', 1 | 2>>>;
}

export const DEFAULT_DOWN_REASONS: readonly DownReason[] = [
  { id: 'balance-fault', label: 'Balance fault or drift' },
  { id: 'printer-fault', label: 'Label printer fault' },
  { id: 'no-material', label: 'Waiting for material' },
  { id: 'no-operator', label: 'No operator' },
  { id: 'planned-cleaning', label: 'Planned cleaning', planned: true },
  { id: 'planned-maintenance', label: 'Planned maintenance', planned: true },
];
