import type { TObject } from 'typebox';
import { Compile } from 'typebox/compile';
import type { JsonValue } from '../canonical-json.js';
import * as device from './device.js';
import * as deviation from './deviation.js';
import * as equipment from './equipment.js';
import * as hold from './hold.js';
import * as label from './label.js';
import * as order from './order.js';
import * as people from './people.js';

/**
 * One record contract per `payloadSchema` (`<type>@<version>`): the payload's schema and the subject
 * keys the record must carry. The kiosk builds records through it and the server refuses a pushed
 * record that does not match (`invalid-record`). A change to a payload is a new version, never an edit.
 */
export interface RecordContract {
  readonly payloadSchema: string;
  readonly type: string;
  readonly version: number;
  /** Members of `subject` the record must have (the kiosk's stream id). */
  readonly subject: readonly string[];
  readonly payload: TObject;
  readonly description: string;
}

/** The kiosk's execution records: `<aggregate>.<event-kebab>`, payload = the domain event, subject `{ <aggregate>: id }`. */
const EVENTS_BY_AGGREGATE = {
  order: [
    order.OrderStarted,
    order.OrderPaused,
    order.OrderResumed,
    order.OrderCompleted,
    order.StepStarted,
    order.StepCompleted,
    order.StepSigned,
    order.InstructionAcknowledged,
    order.EquipmentStatusConfirmed,
    order.LotScanned,
    order.DispenseTargetSet,
    order.WeighingRecorded,
    order.WeighingRejected,
    order.ToleranceOverridden,
    order.DispenseCompleted,
    order.PhMeasured,
    order.CheckRecorded,
    order.ContainerCharged,
    // an order decision may open a deviation or hold the order (high deviation) in the same transaction
    deviation.DeviationOpened,
    hold.HoldPlaced,
  ],
  equipment: [equipment.RoutineTestPassed, equipment.RoutineTestFailed, equipment.EquipmentStateChanged, hold.HoldPlaced],
  hold: [hold.HoldPlaced, hold.HoldReleased],
  deviation: [deviation.DeviationOpened, deviation.DeviationSigned, deviation.DeviationClosed],
  signer: [people.SignatureFailed, people.SignerLockedOut, people.SignerUnlocked],
  session: [people.LoggedIn, people.LoggedOut, people.PinChanged],
} as const satisfies Record<string, readonly TObject[]>;

function eventType(schema: TObject): string {
  const literal = (schema.properties['type'] as { const?: unknown } | undefined)?.const;
  if (typeof literal !== 'string') throw new Error('an event payload schema needs a literal `type`');
  return literal;
}

/** `WeighingRecorded` → `weighing-recorded`, as the kiosk names its record types. */
export function kebabEventType(eventTypeName: string): string {
  return eventTypeName.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

const contract = (type: string, subject: readonly string[], payload: TObject, version = 1): RecordContract => ({
  payloadSchema: `${type}@${version}`,
  type,
  version,
  subject,
  payload,
  description: (payload as { description?: string }).description ?? '',
});

export const RECORD_CONTRACTS: readonly RecordContract[] = [
  contract('weighing.recorded', ['equipment'], device.BalanceWeighing),
  contract('clock.anomaly', [], device.ClockAnomaly),
  ...Object.entries(EVENTS_BY_AGGREGATE).flatMap(([aggregate, schemas]) => schemas.map((schema: TObject) => contract(`${aggregate}.${kebabEventType(eventType(schema))}`, [aggregate], schema))),
  // Later versions of a payload (a change to a payload is a new version; version 1 stays valid for old records).
  contract('order.weighing-recorded', ['order'], order.WeighingRecordedV2, 2),
  contract('order.weighing-rejected', ['order'], order.WeighingRejectedV2, 2),
  contract('label.printed', ['order'], label.LabelPrinted),
];

/**
 * The payloadSchema a kiosk writes for an event now: a weighing with its container's SSCC is
 * `order.weighing-recorded@2`, a rejection as re-weigh is `order.weighing-rejected@2`; every other event is
 * version 1. A later version only where the payload needs it, so that a scrap or rework rejection still
 * reaches a server (or a third party's verifier) that knows only version 1.
 */
export function currentPayloadSchema(type: string, payload: { readonly [key: string]: unknown }): string {
  if (type === 'order.weighing-recorded' && typeof payload['sscc'] === 'string') return `${type}@2`;
  if (type === 'order.weighing-rejected' && payload['disposition'] === 'reweigh') return `${type}@2`;
  return `${type}@1`;
}

const byPayloadSchema = new Map(RECORD_CONTRACTS.map((c) => [c.payloadSchema, c]));
if (byPayloadSchema.size !== RECORD_CONTRACTS.length) throw new Error('two record contracts share a payloadSchema');

export function recordContract(payloadSchema: string): RecordContract | undefined {
  return byPayloadSchema.get(payloadSchema);
}

/** Where and why a record breaks its contract; `path` is a JSON Pointer into the record. */
export interface ContractViolation {
  readonly path: string;
  readonly message: string;
}

export interface ContractSubject {
  readonly type: string;
  readonly payloadSchema: string;
  readonly subject?: { readonly [key: string]: string } | undefined;
  readonly payload: { readonly [key: string]: JsonValue };
}

type PayloadValidator = ReturnType<typeof Compile<TObject>>;
const validators = new Map<string, PayloadValidator>();
function validatorOf(c: RecordContract): PayloadValidator {
  let validator = validators.get(c.payloadSchema);
  if (!validator) {
    validator = Compile(c.payload);
    validators.set(c.payloadSchema, validator);
  }
  return validator;
}

/** Checks type, payloadSchema, subject and payload against the catalog; undefined when the record keeps its contract. */
export function checkRecordContract(record: ContractSubject): ContractViolation | undefined {
  const c = byPayloadSchema.get(record.payloadSchema);
  if (!c) return { path: '/payloadSchema', message: `payloadSchema ${JSON.stringify(record.payloadSchema)} is not in the record catalog (see the spec's "Record types")` };
  if (record.type !== c.type) return { path: '/type', message: `type ${JSON.stringify(record.type)} does not match payloadSchema ${c.payloadSchema}` };
  for (const key of c.subject) {
    if (typeof record.subject?.[key] !== 'string') return { path: `/subject/${key}`, message: `${c.type} needs subject.${key}` };
  }
  const validator = validatorOf(c);
  if (validator.Check(record.payload)) return undefined;
  const first = validator.Errors(record.payload)[0];
  const at = `/payload${first?.instancePath ?? ''}`;
  const why = first?.keyword === 'boolean' ? 'is not a member of this payload' : (first?.message ?? 'does not match');
  return { path: at, message: `${c.payloadSchema}: ${at} ${why}` };
}
