// Which elements go in which GS1-128 symbol: the SSCC on its own (the logistic label's SSCC barcode),
// the rest packed in order into symbols of at most 48 data characters. One GS1 DataMatrix carries all.
import { encodeElementString, type Gs1ElementInput } from '../gs1/encode.js';
import { GS1_128_MAX_DATA } from './types.js';

/** `(00)…(01)…`: the bracketed form printed as the interpretation line and read by bwip-js. */
export function bracketed(elements: readonly Gs1ElementInput[]): string {
  return elements.map((e) => `(${e.ai})${e.value}`).join('');
}

export function gs1128Symbols(elements: readonly Gs1ElementInput[]): Gs1ElementInput[][] {
  const symbols: Gs1ElementInput[][] = [];
  const sscc = elements.filter((e) => e.ai === '00');
  if (sscc.length > 0) symbols.push(sscc);
  let current: Gs1ElementInput[] = [];
  for (const element of elements.filter((e) => e.ai !== '00')) {
    if (current.length > 0 && encodeElementString([...current, element]).length > GS1_128_MAX_DATA) {
      symbols.push(current);
      current = [];
    }
    current.push(element);
  }
  if (current.length > 0) symbols.push(current);
  return symbols;
}
