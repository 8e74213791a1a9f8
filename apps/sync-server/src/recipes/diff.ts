import type { RecipeContent } from './content.js';

/** One difference between two versions, at a path a person can read (`steps/3/quantity`). */
export interface RecipeChange {
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
}

/**
 * What changed from `previous` to `next`. Steps are matched by their id, not their position, so a step
 * inserted in the middle reads as one step added rather than every later step changed.
 */
export function diffRecipeContent(previous: RecipeContent | undefined, next: RecipeContent): RecipeChange[] {
  const changes: RecipeChange[] = [];
  walk(keyed(previous ?? {}), keyed(next), '', changes);
  return changes;
}

function keyed(content: Partial<RecipeContent>): unknown {
  const { steps, ...rest } = content;
  return steps ? { ...rest, steps: Object.fromEntries(steps.map((s) => [s.id, s])) } : rest;
}

function walk(a: unknown, b: unknown, path: string, out: RecipeChange[]): void {
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const at = path ? `${path}/${key}` : key;
      if (!(key in a)) out.push({ path: at, kind: 'added', after: b[key] });
      else if (!(key in b)) out.push({ path: at, kind: 'removed', before: a[key] });
      else walk(a[key], b[key], at, out);
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: path || '/', kind: 'changed', before: a, after: b });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
