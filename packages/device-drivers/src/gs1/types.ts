// The typed result of reading a GS1 element string or Digital Link: elements plus problems, never a throw.
import type { ExactDecimal } from '../decimal.js';

/** A calendar date from a label; never a JS Date, so no time zone can shift it. */
export interface Gs1Date {
  readonly year: number;
  readonly month: number;
  /** For DD=00 this is the last day of the month and `dayUnspecified` is true. */
  readonly day: number;
  readonly dayUnspecified: boolean;
}

export interface Gs1Measure {
  readonly decimal: ExactDecimal;
  /** From the dictionary title ("kg", "lb", "m²"), or the ISO 4217 numeric code for 391n/393n. */
  readonly unit?: string;
}

export interface Gs1Element {
  readonly ai: string;
  readonly title: string;
  /** The data field exactly as carried (without the AI and without separators). */
  readonly raw: string;
  /** Typed when valid: a date, a decimal measure, else the raw string. */
  readonly value: string | Gs1Date | Gs1Measure;
  readonly known: boolean;
}

export const GS1_PROBLEM_CODES = [
  'bad-check-digit',
  'invalid-date',
  'invalid-value',
  'missing-separator',
  'unrecoverable-separator',
  'unknown-ai',
  'missing-required-ai',
  'excluded-ai-pair',
  'duplicate-ai',
  'bad-length',
  'bad-character',
  'trailing-data',
  'not-gs1-data',
  'no-data',
  'bad-digital-link',
] as const;
export type Gs1ProblemCode = (typeof GS1_PROBLEM_CODES)[number];

export interface Gs1Problem {
  readonly code: Gs1ProblemCode;
  readonly ai?: string;
  /** Names the AI and the reason, fit to show an operator. */
  readonly message: string;
}

export interface Gs1Result {
  /** The AIM symbology identifier when one prefixed the data, e.g. "]d2". */
  readonly symbology?: string;
  readonly elements: Gs1Element[];
  readonly problems: Gs1Problem[];
  readonly digitalLink?: boolean;
  /** Data that could not be split into elements, kept so that nothing scanned is lost. */
  readonly unparsed?: string;
}

export interface Gs1ParseOptions {
  /** Today's calendar date for the YY century rule. Without it, YY is read as 20YY. */
  readonly today?: { readonly year: number; readonly month: number; readonly day: number };
}
