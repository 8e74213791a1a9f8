import { Type, type TEnum, type TSchema } from 'typebox';
import {
  CALIBRATION_STATUSES,
  CHARGE_KNOWLEDGE,
  CONTAINER_EVIDENCE,
  DEVIATION_SEVERITIES,
  HOLD_SOURCES,
  HOLD_TARGET_KINDS,
  MASS_UNITS,
  OPERATING_STATES,
  REJECTION_DISPOSITIONS,
  ROUTINE_TESTS,
  SIGNATURE_COMPONENTS,
  SIGNATURE_MEANINGS,
  TARE_SOURCES,
  TOLERANCE_STATES,
} from '@lineside/domain';

/** The building blocks of record payloads; each record type's schema is made of these (catalog.ts). */

/** A closed payload object: a member the schema does not name is refused. */
export const Payload = <P extends Record<string, TSchema>>(properties: P, description: string) => Type.Object(properties, { additionalProperties: false, description });
export const Closed = <P extends Record<string, TSchema>>(properties: P, title?: string) => Type.Object(properties, { additionalProperties: false, ...(title ? { title } : {}) });

export const Text = (description: string, maxLength = 2000) => Type.String({ maxLength, description });
export const Id = (description: string) => Type.String({ minLength: 1, maxLength: 200, description });
/** Exact decimal text as the domain parses it: sign, digits, optional fraction, no exponent. */
export const DecimalText = (description: string) => Type.String({ pattern: '^[+-]?\\d+(\\.\\d+)?$', maxLength: 64, description });
/** ISO 8601 instant with a UTC offset (the domain's `Instant`). */
export const Instant = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$', description });
export const IsoDate = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
export const Count = (description: string) => Type.Integer({ minimum: 0, maximum: 1_000_000_000, description });
export const Flag = (description: string) => Type.Boolean({ description });
export const OneOf = <const T extends string[]>(values: readonly [...T], description: string): TEnum<T> => Type.Enum(values, { description });

export const ShiftRef = Closed({ shiftId: Id('shift of the plant calendar'), date: IsoDate('plant-local date of the shift') }, 'ShiftRef');
export const HoldTarget = Closed({ kind: OneOf(HOLD_TARGET_KINDS, 'what is held'), id: Id('its id') }, 'HoldTarget');

/** An applied e-signature as carried on the record it signs (21 CFR 11.50 / 11.70). */
export const Signature = Closed({
  signatureId: Id('unique per signature'),
  signerId: Id('user who signed'),
  printedName: Type.String({ minLength: 1, maxLength: 200, description: 'printed name of the signer' }),
  meaning: OneOf(SIGNATURE_MEANINGS, 'what the signature means'),
  signedAt: Instant('when it was applied'),
  signedHash: Type.String({ minLength: 1, maxLength: 200, description: 'hash of the kiosk log head it was given on' }),
  components: OneOf(SIGNATURE_COMPONENTS, 'which components were checked'),
  reason: Type.Optional(Text('why')),
}, 'Signature');

export const CalibrationStatus = Type.Union(
  [
  Closed({ status: Type.Literal('never-calibrated') }),
  Closed({
    status: OneOf(CALIBRATION_STATUSES.filter((s) => s !== 'never-calibrated') as ['in-date', 'due-soon', 'expired'], 'calibration status at use'),
    certificateId: Id('certificate in force'),
    dueOn: IsoDate('due date of that certificate'),
    daysLeft: Type.Integer({ description: 'days until due (≤ 0: expired)' }),
  }),
  ],
  { title: 'CalibrationStatus' },
);

export { CHARGE_KNOWLEDGE, CONTAINER_EVIDENCE, DEVIATION_SEVERITIES, HOLD_SOURCES, MASS_UNITS, OPERATING_STATES, REJECTION_DISPOSITIONS, ROUTINE_TESTS, TARE_SOURCES, TOLERANCE_STATES };
