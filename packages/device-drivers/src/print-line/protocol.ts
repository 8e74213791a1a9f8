// Balances that answer a print request with a weight line and carry no reply ID (SBI, A&D, Ohaus):
// each family is an adapter from its codec (by H2, in ../sartorius, ../and, ../ohaus) to these readings.
import type { ExactDecimal } from '../decimal.js';
import type { Failure, WeightEvent } from '../events.js';
import type { LineFramerOptions } from '../framing/line-framer.js';

export type PrintLineReading =
  | { kind: 'weight'; value: ExactDecimal; unit: string; stable: boolean; basis: WeightEvent['basis'] }
  /** the balance shows a state instead of a weight: out of range, or busy (adjusting itself, not ready) */
  | { kind: 'range'; state: 'overload' | 'underload' | 'busy'; message: string }
  | { kind: 'identity'; field: 'serialNumber' | 'model' | 'firmware'; text: string }
  | { kind: 'ack' }
  /** the balance refused the request (A&D EC,Exx; Ohaus ES) */
  | { kind: 'refusal'; code: string; message: string }
  /** the balance reports a state that is no weight: adjusting, an error message */
  | { kind: 'notice'; code: string; message: string }
  | { kind: 'text'; text: string };

export interface PrintLineProtocol {
  /** for messages: 'Sartorius SBI' */
  name: string;
  framing: LineFramerOptions;
  /** print the present weight, stable or not */
  print: Uint8Array;
  tare?: Uint8Array;
  zero?: Uint8Array;
  /** the balance may answer tare/zero (ack or refusal) after its own stability wait; otherwise it stays silent */
  answersTareZero: boolean;
  /** asked in this order at connect time; a balance that does not answer one is not refused for it */
  identityRequests: { field: 'serialNumber' | 'model' | 'firmware'; bytes: Uint8Array }[];
  parse(line: string): { ok: true; value: PrintLineReading } | Failure;
}
