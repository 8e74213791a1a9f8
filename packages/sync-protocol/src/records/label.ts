import { Type } from 'typebox';
import { Closed, Count, Id, Instant, OneOf, Payload, Text } from './fields.js';

/** The kiosk's label records (issue 13): each print of a container label, the first and every copy. */
export const LABEL_PRINT_OUTCOMES = ['printed', 'not-printed'] as const;

export const LabelPrinted = Payload(
  {
    at: Instant('kiosk time of the print'),
    orderId: Id('the order'),
    stepId: Id('the dispense step'),
    weighingId: Id('the weighing the container came from'),
    sscc: Type.String({ pattern: '^\\d{18}$', description: 'SSCC on the label' }),
    copyNo: Count('0 for the label issued with the weighing, n for the n-th reprint (the label says COPY n)'),
    printerId: Type.Optional(Id('printer the label was sent to (absent: the kiosk has no printer)')),
    outcome: OneOf(LABEL_PRINT_OUTCOMES, 'the printer took the label, or it did not'),
    problem: Type.Optional(Closed({ code: Id('why not, as a kebab code'), message: Text('why not, as the operator was told', 500) })),
    by: Id('user who asked for the label'),
  },
  'A container label was sent to the printer (`copyNo` 0) or reprinted (`copyNo` ≥ 1, marked COPY on the label); `not-printed` says why (out of paper, offline, no printer).',
);
