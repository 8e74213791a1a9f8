// Splits a bare GS1 element string (GS = 0x1D separators) into elements, recovering a missing GS only
// when exactly one split parses cleanly (see README "Missing separators").
import { aiLengthForPrefix, dataLengthBounds, matchAiAt, type AiDefinition } from './ai-lookup.js';
import { checkDataField, makeElement } from './data-field.js';
import type { Gs1Element, Gs1ParseOptions, Gs1Problem } from './types.js';

export const GS = '\x1d';

export interface ElementsRead {
  elements: Gs1Element[];
  problems: Gs1Problem[];
  unparsed?: string;
}

/**
 * Reads `text` from its first AI. In strict mode (used to test a candidate split) it stops at the
 * first problem and never tries a recovery itself, so recovery cannot recurse.
 */
export function readElements(text: string, today: Gs1ParseOptions['today'], strict = false): ElementsRead {
  const elements: Gs1Element[] = [];
  const problems: Gs1Problem[] = [];
  let pos = 0;
  const stop = (problem: Gs1Problem, from: number): ElementsRead => {
    problems.push(problem);
    return { elements, problems, unparsed: text.slice(from) };
  };
  while (pos < text.length) {
    if (strict && problems.length > 0) return { elements, problems };
    if (text[pos] === GS) {
      pos++; // after a predefined-length AI, doubled, or trailing: all tolerated
      continue;
    }
    const previous = elements.at(-1);
    const twoDigits = text.slice(pos, pos + 2);
    if (!/^\d\d$/.test(twoDigits)) {
      const after = previous ? `after (${previous.ai}) ${previous.title}` : 'at the start';
      return stop({ code: 'trailing-data', message: `data ${JSON.stringify(text.slice(pos))} ${after} does not begin with an AI` }, pos);
    }
    const def = matchAiAt(text, pos);
    if (!def) {
      pos = readUnknown(text, pos, twoDigits, elements, problems);
      continue;
    }
    const start = pos + def.ai.length;
    const fixed = def.predefinedLength || def.components.every((c) => !c.optional && c.min === c.max);
    pos = fixed ? readFixed(def, text, start, today, elements, problems) : readVariable(def, text, start, today, strict, elements, problems);
    if (pos < 0) return { elements, problems, unparsed: text.slice(start - def.ai.length) };
  }
  return { elements, problems };
}

function readUnknown(text: string, pos: number, twoDigits: string, elements: Gs1Element[], problems: Gs1Problem[]): number {
  const width = aiLengthForPrefix(twoDigits);
  const candidate = text.slice(pos, pos + width);
  const ai = /^\d+$/.test(candidate) && candidate.length === width ? candidate : twoDigits;
  let end = text.indexOf(GS, pos + ai.length);
  if (end < 0) end = text.length;
  const raw = text.slice(pos + ai.length, end);
  elements.push({ ai, title: '', raw, value: raw, known: false });
  problems.push({ code: 'unknown-ai', ai, message: `(${ai}) is not in the GS1 syntax dictionary; its data ${JSON.stringify(raw)} is kept raw` });
  return end;
}

function readFixed(
  def: AiDefinition,
  text: string,
  start: number,
  today: Gs1ParseOptions['today'],
  elements: Gs1Element[],
  problems: Gs1Problem[],
): number {
  const { max } = dataLengthBounds(def);
  let data = text.slice(start, start + max);
  const gsAt = data.indexOf(GS);
  if (gsAt >= 0) data = data.slice(0, gsAt);
  const made = makeElement(def, data, today);
  elements.push(made.element);
  problems.push(...made.problems);
  const end = start + data.length;
  if (!def.predefinedLength && end < text.length && text[end] !== GS) {
    problems.push({
      code: 'missing-separator',
      ai: def.ai,
      message: `(${def.ai}) ${def.title}: no GS after its ${max} characters; read on, as its length is fixed`,
    });
  }
  return end;
}

/** Returns the next position, or -1 when parsing must stop (ambiguous missing separator). */
function readVariable(
  def: AiDefinition,
  text: string,
  start: number,
  today: Gs1ParseOptions['today'],
  strict: boolean,
  elements: Gs1Element[],
  problems: Gs1Problem[],
): number {
  const { min, max } = dataLengthBounds(def);
  let end = text.indexOf(GS, start);
  if (end < 0) end = text.length;
  const greedy = text.slice(start, end);
  const failures = checkDataField(def, greedy, today);
  const fits = greedy.length <= max && !failures.some((f) => f.code === 'bad-character');
  if (fits || strict) {
    const made = makeElement(def, greedy, today);
    elements.push(made.element);
    problems.push(...made.problems);
    return end;
  }
  // Too long, or a character the field cannot hold: a GS may be missing. Try every split.
  const splits: { length: number; next: string }[] = [];
  for (let length = Math.max(min, 1); length <= Math.min(max, greedy.length - 1); length++) {
    if (checkDataField(def, greedy.slice(0, length), today).length > 0) continue;
    const rest = readElements(text.slice(start + length), today, true);
    const next = rest.elements[0];
    if (next && rest.problems.length === 0 && rest.unparsed === undefined) splits.push({ length, next: next.ai });
  }
  const only = splits.length === 1 ? splits[0] : undefined;
  if (only) {
    const made = makeElement(def, greedy.slice(0, only.length), today);
    elements.push(made.element);
    problems.push(...made.problems, {
      code: 'missing-separator',
      ai: def.ai,
      message: `(${def.ai}) ${def.title}: no GS after ${JSON.stringify(greedy.slice(0, only.length))}; split before (${only.next}), the only reading that parses`,
    });
    return start + only.length;
  }
  if (splits.length === 0) {
    const made = makeElement(def, greedy, today);
    elements.push(made.element);
    problems.push(...made.problems);
    return end;
  }
  const readings = splits.map((s) => `${JSON.stringify(greedy.slice(0, s.length))} then (${s.next})`).join(', ');
  problems.push({
    code: 'unrecoverable-separator',
    ai: def.ai,
    message: `(${def.ai}) ${def.title}: GS missing in ${JSON.stringify(greedy)} and ${splits.length} readings parse (${readings}); not guessing`,
  });
  return -1;
}
