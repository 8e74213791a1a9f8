export interface Shift {
  readonly id: string;
  /** Local wall-clock `HH:MM`. */
  readonly start: string;
  readonly end: string;
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
  /** The GS1 company prefix (4–12 digits) SSCCs of this site's containers are allocated under. Absent: no labels. */
  readonly gs1CompanyPrefix?: string;
}

export interface Settings {
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
