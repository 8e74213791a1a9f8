// Builds a bare element string: GS after every element whose AI is not of predefined length, except the last.
import { lookupAi } from './ai-lookup.js';
import { GS } from './element-string.js';

export interface Gs1ElementInput {
  readonly ai: string;
  readonly value: string;
}

export function encodeElementString(elements: readonly Gs1ElementInput[]): string {
  let out = '';
  elements.forEach(({ ai, value }, index) => {
    out += ai + value;
    if (index < elements.length - 1 && !lookupAi(ai)?.predefinedLength) out += GS;
  });
  return out;
}
