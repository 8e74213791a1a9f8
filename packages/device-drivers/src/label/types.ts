import type { Gs1ElementInput } from '../gs1/encode.js';

/**
 * What one container label carries (the domain's `containerLabel` decides it; device-drivers depends on no
 * package of ours, so the shape is restated here): GS1 elements in carrying order, the human-readable
 * lines, and the copy number of a reprint.
 */
export interface LabelSpec {
  readonly elements: readonly Gs1ElementInput[];
  readonly humanReadable: readonly string[];
  readonly copyNo?: number;
}

/** GS1-128 carries at most 48 data characters per symbol (GS1 General Specifications §5.4.1), FNC1 separators included. */
export const GS1_128_MAX_DATA = 48;
