// GS1 Digital Link URIs on any host: /…/<primary key AI>/<value>/<qualifier AI>/<value>…?<AI>=<value>.
import { lookupAi } from './ai-lookup.js';
import { makeElement } from './data-field.js';
import type { Gs1Element, Gs1ParseOptions, Gs1Problem } from './types.js';

const URI = /^(https?):\/\/([^/?#]+)([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i;

/** As the GS1 Syntax Engine: the scheme is all lower or all upper case ("HtTps://" is plain data). */
export function isDigitalLinkUri(text: string): boolean {
  return /^(https?|HTTPS?):\/\//.test(text);
}

export function readDigitalLink(uri: string, today: Gs1ParseOptions['today']): { elements: Gs1Element[]; problems: Gs1Problem[]; unparsed?: string } {
  const elements: Gs1Element[] = [];
  const problems: Gs1Problem[] = [];
  const fail = (message: string) => ({ elements, problems: [...problems, { code: 'bad-digital-link' as const, message }], unparsed: uri });
  const match = URI.exec(uri);
  if (!match) return fail(`${JSON.stringify(uri)} is not an http(s) URI`);
  const segments: string[] = [];
  for (const segment of (match[3] ?? '').split('/').filter((s) => s !== '')) {
    const decoded = percentDecode(segment);
    if (decoded === null) return fail(`path segment ${JSON.stringify(segment)} has a bad percent-escape`);
    segments.push(decoded);
  }
  // Anything before the first primary-key AI is the resolver's own path prefix.
  const keyAt = segments.findIndex((s, i) => i + 1 < segments.length && lookupAi(s)?.dlpkey != null);
  if (keyAt < 0) return fail(`${JSON.stringify(uri)} has no GS1 primary key in its path (e.g. /01/<GTIN>)`);
  const pairs: [string, string][] = [];
  for (let i = keyAt; i < segments.length; i += 2) {
    const value = segments[i + 1];
    if (value === undefined) return fail(`path ends with AI ${JSON.stringify(segments[i])} without a value`);
    pairs.push([segments[i] ?? '', value]);
  }
  problems.push(...qualifierProblems(pairs.map(([ai]) => ai)));
  const pathCount = pairs.length;
  for (const param of (match[4] ?? '').split('&').filter((p) => p !== '')) {
    const eq = param.indexOf('=');
    const key = eq < 0 ? param : param.slice(0, eq);
    if (!/^\d{2,4}$/.test(key)) continue; // non-AI parameters such as linkType belong to the resolver
    const value = percentDecode(eq < 0 ? '' : param.slice(eq + 1));
    if (value === null) return fail(`query parameter ${key} has a bad percent-escape`);
    pairs.push([key, value]);
  }
  for (const [index, [ai, rawValue]] of pairs.entries()) {
    const def = lookupAi(ai);
    if (def && index >= pathCount && !def.digitalLinkAttribute) {
      problems.push({ code: 'bad-digital-link', ai, message: `(${ai}) ${def.title} is not allowed as a Digital Link query attribute; it belongs in the path` });
    }
    if (!def) {
      elements.push({ ai, title: '', raw: rawValue, value: rawValue, known: false });
      problems.push({ code: 'unknown-ai', ai, message: `(${ai}) is not in the GS1 syntax dictionary; its data ${JSON.stringify(rawValue)} is kept raw` });
      continue;
    }
    // Digital Link allows a GTIN-8/12/13 in /01/; element strings always carry 14 digits.
    const value = ai === '01' && /^(\d{8}|\d{12}|\d{13})$/.test(rawValue) ? rawValue.padStart(14, '0') : rawValue;
    const made = makeElement(def, value, today);
    elements.push(made.element);
    problems.push(...made.problems);
  }
  return { elements, problems };
}

/** Path AIs after the primary key must follow one of its dlpkey sequences, in order, without mixing them. */
function qualifierProblems(pathAis: readonly string[]): Gs1Problem[] {
  const [key, ...qualifiers] = pathAis;
  const sequences = (key && lookupAi(key)?.dlpkey) || [];
  const inOrder = (sequence: readonly string[]) => {
    let at = 0;
    return qualifiers.every((q) => {
      const found = sequence.indexOf(q, at);
      at = found + 1;
      return found >= 0;
    });
  };
  if (qualifiers.length === 0 || sequences.some(inOrder)) return [];
  const allowed = sequences.length === 0 ? 'no qualifiers' : sequences.map((s) => s.map((ai) => `(${ai})`).join('')).join(' or ');
  const given = qualifiers.map((ai) => `(${ai})`).join('');
  return [{ code: 'bad-digital-link', ai: key, message: `path qualifiers ${given} after (${key}) do not follow the allowed order: ${allowed}` }];
}

/** Decodes %XX escapes byte by byte (GS1 data is ASCII); null when an escape is malformed. */
function percentDecode(text: string): string | null {
  if (/%(?![0-9A-Fa-f]{2})/.test(text)) return null;
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
