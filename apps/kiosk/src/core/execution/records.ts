import { currentPayloadSchema, type JsonValue, type RecordActor } from '@lineside/sync-protocol';
import type { RecordDraft } from '../log.js';

/** The aggregates whose event streams live in the kiosk log. */
export const AGGREGATES = ['order', 'equipment', 'signer', 'session', 'hold', 'deviation'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/** `order.weighing-recorded` → 'order'; null for a record of no aggregate (e.g. the skeleton's `weighing.recorded`). */
export function aggregateOf(recordType: string): Aggregate | null {
  const prefix = recordType.slice(0, recordType.indexOf('.'));
  return AGGREGATES.find((a) => a === prefix) ?? null;
}

/** `WeighingRecorded` → `weighing-recorded`. */
export function kebab(eventType: string): string {
  return eventType.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** `order` + `WeighingRecorded` → `order.weighing-recorded` (the bare `weighing.recorded` is the skeleton's). */
export function recordType(aggregate: Aggregate, eventType: string): string {
  return `${aggregate}.${kebab(eventType)}`;
}

/** One domain event as one record: the payload is the event itself, plain JSON. */
export function eventDraft(aggregate: Aggregate, streamId: string, event: { readonly type: string }, actor: RecordActor): RecordDraft {
  const type = recordType(aggregate, event.type);
  return {
    type,
    // A weighing with its container's SSCC is order.weighing-recorded@2 (a changed payload is a new version).
    payloadSchema: currentPayloadSchema(type, event as unknown as { readonly [key: string]: unknown }),
    actor,
    subject: { [aggregate]: streamId },
    payload: event as unknown as { readonly [key: string]: JsonValue },
  };
}
