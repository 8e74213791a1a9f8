// One definition per concrete AI (ranges expanded), and the AI-length rule for unknown AIs.
import { AI_DICTIONARY } from './ai-table.js';
import type { AiDictionaryEntry } from './dictionary.js';

export interface AiDefinition extends AiDictionaryEntry {
  readonly ai: string;
}

const byAi = new Map<string, AiDefinition>();
const lengthByPrefix = new Map<string, number>();
for (const entry of AI_DICTIONARY) {
  const width = entry.first.length;
  for (let n = Number(entry.first); n <= Number(entry.last); n++) {
    const ai = String(n).padStart(width, '0');
    byAi.set(ai, { ...entry, ai });
    lengthByPrefix.set(ai.slice(0, 2), width);
  }
}

export function lookupAi(ai: string): AiDefinition | undefined {
  return byAi.get(ai);
}

export function knownAis(): IterableIterator<string> {
  return byAi.keys();
}

/** The known AI that starts `text` (GS1 AIs are prefix-free, so at most one matches). */
export function matchAiAt(text: string, at: number): AiDefinition | undefined {
  for (const width of [2, 3, 4]) {
    const found = byAi.get(text.slice(at, at + width));
    if (found && text.length >= at + width) return found;
  }
  return undefined;
}

/** All AIs sharing their first two digits have one length; an unseen prefix is taken as 2 digits. */
export function aiLengthForPrefix(twoDigits: string): number {
  return lengthByPrefix.get(twoDigits) ?? 2;
}

/** Dictionary patterns use `n` as a one-digit wildcard: `310n`, `35nn`. */
export function aiMatchesPattern(ai: string, pattern: string): boolean {
  if (ai.length !== pattern.length) return false;
  for (let i = 0; i < ai.length; i++) {
    const p = pattern[i];
    if (p !== 'n' && p !== ai[i]) return false;
  }
  return true;
}

/** Minimum and maximum length of an AI's data field. */
export function dataLengthBounds(def: AiDictionaryEntry): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (const c of def.components) {
    if (!c.optional) min += c.min;
    max += c.max;
  }
  return { min, max };
}
