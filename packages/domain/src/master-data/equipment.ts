import type { MassUnit } from '../decimal/quantity.js';
import type { IsoDate } from '../time/calendar.js';

export const ROUTINE_TEST_FREQUENCIES = ['shift', 'day'] as const;
export type RoutineTestFrequency = (typeof ROUTINE_TEST_FREQUENCIES)[number];

export interface TestWeight {
  readonly id: string;
  /** OIML class, e.g. E2, F1, M1. */
  readonly weightClass: string;
  readonly nominal: string;
  readonly unit: MassUnit;
}

export interface Balance {
  readonly kind: 'balance';
  readonly id: string;
  readonly name: string;
  readonly model: string;
  readonly interface: string;
  readonly unit: MassUnit;
  readonly capacity: string;
  /** Readability d, in `unit`. */
  readonly readability: string;
  /** USP <41> repeatability standard deviation s, in `unit`. */
  readonly repeatabilitySd: string;
  readonly safetyFactor: string;
  readonly sensitivityTest?: {
    readonly testWeightId: string;
    readonly tolerancePercent: string;
    readonly frequency: RoutineTestFrequency;
  };
}

export interface PhMeter {
  readonly kind: 'ph-meter';
  readonly id: string;
  readonly name: string;
  readonly model: string;
  readonly interface: string;
  readonly readability: string;
  readonly bufferCalibration: {
    readonly buffers: readonly string[];
    readonly slopeMinPercent: string;
    readonly slopeMaxPercent: string;
    readonly offsetLimitMv: string;
    readonly frequency: RoutineTestFrequency;
  };
}

export interface Scanner {
  readonly kind: 'scanner';
  readonly id: string;
  readonly name: string;
  readonly interface: string;
}

export type Equipment = Balance | PhMeter | Scanner;
export const EQUIPMENT_KINDS = ['balance', 'ph-meter', 'scanner'] as const satisfies readonly Equipment['kind'][];

/** One certificate in the calibration register; the latest by calibratedOn is in force. */
export interface CalibrationCertificate {
  readonly equipmentId: string;
  readonly certificateId: string;
  readonly calibratedOn: IsoDate;
  readonly dueOn: IsoDate;
  readonly provider: string;
  readonly uncertainty?: string;
}
