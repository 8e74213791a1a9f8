import { Type } from 'typebox';
import { DEVIATION_SEVERITIES, Id, Instant, OneOf, Payload, Signature, Text } from './fields.js';

/** The payloads of deviation events (packages/domain/src/deviation/deviation.ts), on `deviation.*` and `order.*` records. */
export const DeviationOpened = Payload(
  {
    type: Type.Literal('DeviationOpened'),
    at: Instant('kiosk time'),
    deviationId: Id('the deviation'),
    severity: OneOf(DEVIATION_SEVERITIES, 'severity: high and critical stop the order'),
    title: Text('title', 500),
    description: Text('what happened', 5000),
    orderId: Type.Optional(Id('order concerned')),
    stepId: Type.Optional(Id('step concerned')),
    openedBy: Id('user who reported it, or whose act opened it'),
  },
  'A deviation was opened.',
);
export const DeviationSigned = Payload({ type: Type.Literal('DeviationSigned'), at: Instant('kiosk time'), deviationId: Id('the deviation'), signature: Signature }, 'A deviation was signed by QA or a supervisor.');
export const DeviationClosed = Payload(
  { type: Type.Literal('DeviationClosed'), at: Instant('kiosk time'), deviationId: Id('the deviation'), orderId: Type.Optional(Id('order concerned')), signatures: Type.Array(Signature, { minItems: 1, maxItems: 10 }) },
  'Enough distinct people signed: the deviation is closed.',
);
