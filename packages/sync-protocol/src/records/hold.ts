import { Type } from 'typebox';
import { HOLD_SOURCES, HoldTarget, Id, Instant, OneOf, Payload, Signature, Text } from './fields.js';

/** The payloads of hold events (packages/domain/src/hold/events.ts), on `hold.*`, `order.*` and `equipment.*` records. */
export const HoldPlaced = Payload(
  {
    type: Type.Literal('HoldPlaced'),
    at: Instant('kiosk time'),
    holdId: Id('the hold'),
    target: HoldTarget,
    reason: Text('why'),
    source: OneOf(HOLD_SOURCES, '`qa`: placed by a person; `automatic`: by a rule (failed test, high deviation)'),
    placedBy: Id('user who placed it, or whose act triggered it'),
  },
  'A lot, instrument or order was put on hold.',
);
export const HoldReleased = Payload(
  {
    type: Type.Literal('HoldReleased'),
    at: Instant('kiosk time'),
    holdId: Id('the hold'),
    target: HoldTarget,
    reason: Text('why'),
    releasedBy: Id('QA user who released it'),
    signature: Signature,
    secondSignature: Type.Optional(Signature),
  },
  'A hold was released with a two-component e-signature "released" (and "verified" by a second person where the site asks for two).',
);
