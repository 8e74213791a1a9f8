// The dictionary's req= and ex= attributes, evaluated over all elements read together.
import { aiMatchesPattern, lookupAi } from './ai-lookup.js';
import type { Gs1Element, Gs1Problem } from './types.js';

export function pairingProblems(elements: readonly Gs1Element[]): Gs1Problem[] {
  const problems: Gs1Problem[] = [];
  const present = [...new Set(elements.filter((e) => e.known).map((e) => e.ai))];
  const has = (pattern: string) => present.some((ai) => aiMatchesPattern(ai, pattern));
  const reportedPairs = new Set<string>();
  for (const ai of present) {
    const def = lookupAi(ai);
    if (!def) continue;
    for (const alternatives of def.req) {
      if (alternatives.some((all) => all.every(has))) continue;
      const wanted = alternatives.map((all) => all.map((p) => `(${p})`).join('+')).join(' or ');
      problems.push({ code: 'missing-required-ai', ai, message: `(${ai}) ${def.title} requires ${wanted}, and none is present` });
    }
    for (const pattern of def.ex) {
      for (const other of present) {
        if (other === ai || !aiMatchesPattern(other, pattern)) continue;
        const pair = [ai, other].sort().join('+');
        if (reportedPairs.has(pair)) continue;
        reportedPairs.add(pair);
        const otherTitle = lookupAi(other)?.title ?? '';
        problems.push({ code: 'excluded-ai-pair', ai, message: `(${ai}) ${def.title} may not appear together with (${other}) ${otherTitle}` });
      }
    }
  }
  const firstRaw = new Map<string, string>();
  for (const element of elements) {
    const seen = firstRaw.get(element.ai);
    if (seen === undefined) firstRaw.set(element.ai, element.raw);
    else if (seen !== element.raw) {
      problems.push({ code: 'duplicate-ai', ai: element.ai, message: `(${element.ai}) appears twice with different data: ${JSON.stringify(seen)} and ${JSON.stringify(element.raw)}` });
    }
  }
  return problems;
}
