import { Type, type TSchema } from 'typebox';

/** Building blocks of the master-data schemas (one schema per entity, catalog.ts). */

/** An entity is a closed object: a field the schema does not name is refused, not stored. */
export const Entity = <P extends Record<string, TSchema>>(properties: P, title: string, description: string) =>
  Type.Object(properties, { additionalProperties: false, title, description });
export const Part = <P extends Record<string, TSchema>>(properties: P, description: string) => Type.Object(properties, { additionalProperties: false, description });

/** Ids of master data: what a URL segment and a GS1 element string can carry. */
export const EntityId = (description: string) => Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._:@-]*$', description });
export const Name = (description: string, maxLength = 200) => Type.String({ minLength: 1, maxLength, pattern: '\\S', description });
export const Text = (description: string, maxLength = 2000) => Type.String({ maxLength, description });
/** Exact decimal text (no exponent, no float): the domain parses it with its decimal type. */
export const DecimalText = (description: string) => Type.String({ pattern: '^[+-]?\\d{1,15}(\\.\\d{1,12})?$', maxLength: 32, description: `${description} (decimal text, e.g. "12.50")` });
/** A decimal above zero: capacities, readabilities, quantities. */
export const PositiveDecimal = (description: string) =>
  Type.String({ pattern: '^(?!0+(\\.0+)?$)\\d{1,15}(\\.\\d{1,12})?$', maxLength: 32, description: `${description} (decimal text above zero)` });
export const Percent = (description: string) =>
  Type.String({ pattern: '^(100(\\.0{1,6})?|\\d{1,2}(\\.\\d{1,6})?)$', maxLength: 12, description: `${description} (percent 0–100, decimal text)` });
export const IsoDate = (description: string) =>
  Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description: `${description} (YYYY-MM-DD)` });
export const Instant = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$', description: `${description} (ISO 8601 with offset)` });
export const WallClock = (description: string) => Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: `${description} (local HH:MM)` });
export const IdList = (description: string, maxItems = 500) => Type.Array(EntityId(description), { maxItems, uniqueItems: true, description });
export const Whole = (description: string, minimum: number, maximum: number) => Type.Integer({ minimum, maximum, description });
export const OneOf = <const T extends string[]>(values: readonly [...T], description: string) => Type.Enum(values, { description: `${description}: ${values.join(', ')}` });
export const Hash = (description: string) => Type.String({ pattern: '^sha256:[0-9a-f]{64}$', description: `${description} (sha256:<hex>)` });
