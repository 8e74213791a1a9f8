// Checks one AI's data field against its dictionary components and types the value when it is valid.
import { makeDecimal } from '../decimal.js';
import type { AiDefinition } from './ai-lookup.js';
import { readYymmdd, readYyyymmdd } from './dates.js';
import type { CharacterSet } from './dictionary.js';
import { runLinter, type LintFailure } from './linters.js';
import type { Gs1Element, Gs1ParseOptions, Gs1Problem } from './types.js';

const CHARACTER_SET: Record<CharacterSet, { pattern: RegExp; name: string }> = {
  N: { pattern: /^[0-9]$/, name: 'digits' },
  X: { pattern: /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]$/, name: 'GS1 CSET 82 characters' },
  Y: { pattern: /^[#\-/0-9A-Z]$/, name: 'GS1 CSET 39 characters' },
  Z: { pattern: /^[A-Za-z0-9\-_=]$/, name: 'base64url characters' },
};

/** Every reason the data field of `def` is not valid; empty when it is. */
export function checkDataField(def: AiDefinition, data: string, today: Gs1ParseOptions['today']): LintFailure[] {
  const failures: LintFailure[] = [];
  let pos = 0;
  for (const component of def.components) {
    if (pos >= data.length && component.optional) break;
    const variable = component.min !== component.max;
    const take = variable ? Math.min(component.max, data.length - pos) : component.max;
    const part = data.slice(pos, pos + take);
    pos += take;
    if (part.length < component.min) {
      const wanted = variable ? `${component.min} to ${component.max}` : String(component.max);
      failures.push({ code: 'bad-length', reason: `needs ${wanted} characters, got ${part.length}` });
      return failures;
    }
    const set = CHARACTER_SET[component.cset];
    for (let i = 0; i < part.length; i++) {
      const ch = part[i] ?? '';
      if (!set.pattern.test(ch)) {
        failures.push({ code: 'bad-character', reason: `${describeChar(ch)} at data position ${pos - take + i + 1} is not allowed (${set.name} only)` });
        return failures;
      }
    }
    for (const linter of component.linters) {
      const failure = runLinter(linter, part, today);
      if (failure) failures.push(failure);
    }
  }
  if (pos < data.length) {
    failures.push({ code: 'bad-length', reason: `data is ${data.length} characters, at most ${pos} allowed` });
  }
  return failures;
}

/** An element for `data`: typed when valid, raw otherwise, with its problems. */
export function makeElement(
  def: AiDefinition,
  data: string,
  today: Gs1ParseOptions['today'],
): { element: Gs1Element; problems: Gs1Problem[] } {
  const failures = checkDataField(def, data, today);
  const problems = failures.map((f) => ({ code: f.code, ai: def.ai, message: `(${def.ai}) ${def.title}: ${f.reason}` }));
  const value = failures.length === 0 ? typedValue(def, data, today) : data;
  return { element: { ai: def.ai, title: def.title, raw: data, value, known: true }, problems };
}

function typedValue(def: AiDefinition, data: string, today: Gs1ParseOptions['today']): Gs1Element['value'] {
  const [first, ...others] = def.components;
  if (first && others.length === 0 && first.cset === 'N') {
    if (first.max === 6 && (first.linters.includes('yymmd0') || first.linters.includes('yymmdd'))) {
      const read = readYymmdd(data, first.linters.includes('yymmd0'), today);
      if (read.ok) return read.date;
    }
    if (first.max === 8 && first.linters.includes('yyyymmdd')) {
      const read = readYyyymmdd(data);
      if (read.ok) return read.date;
    }
  }
  if (isMeasureAi(def.ai)) return measure(def, data);
  return data;
}

/** 31nn–36nn and 39nn carry an implied decimal point: the 4th AI digit is the number of decimals. */
export function isMeasureAi(ai: string): boolean {
  return /^3[1-69]\d\d$/.test(ai);
}

function measure(def: AiDefinition, data: string): Gs1Element['value'] {
  const decimals = Number(def.ai[3]);
  const currency = def.components.length > 1 && def.components[0]?.linters.includes('iso4217');
  const digits = currency ? data.slice(3) : data;
  const decimal = makeDecimal(BigInt(digits), -decimals);
  const unit = currency ? data.slice(0, 3) : def.ai.startsWith('394') ? '%' : unitFromTitle(def.title);
  return unit === undefined ? { decimal } : { decimal, unit };
}

/** "NET WEIGHT (kg)" → "kg"; "VOLUME (qt (US)), log" → "qt (US)". */
export function unitFromTitle(title: string): string | undefined {
  const open = title.indexOf('(');
  if (open < 0) return undefined;
  let depth = 0;
  for (let i = open; i < title.length; i++) {
    if (title[i] === '(') depth++;
    if (title[i] === ')' && --depth === 0) return title.slice(open + 1, i);
  }
  return undefined;
}

function describeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x20 || code > 0x7e ? `byte 0x${code.toString(16).padStart(2, '0')}` : `"${ch}"`;
}
