import type { Recipe } from '@lineside/domain';
import { canonicalize, type JsonValue } from '@lineside/sync-protocol';
import { sha256 } from '@lineside/sync-protocol/node';

/** What an author writes: a version's content without the workflow's fields. */
export const RECIPE_CONTENT_FIELDS = ['name', 'product', 'batchSize', 'batchUnit', 'completeWithOpenDeviations', 'steps'] as const;
export type RecipeContent = Pick<Recipe, 'name' | 'product' | 'batchSize' | 'batchUnit' | 'completeWithOpenDeviations' | 'steps'>;

export function contentOf(recipe: Recipe): RecipeContent {
  const picked: Record<string, unknown> = {};
  for (const field of RECIPE_CONTENT_FIELDS) if (recipe[field] !== undefined) picked[field] = recipe[field];
  return picked as RecipeContent;
}

/**
 * The hash the approvals sign (21 CFR 11.70: a signature stays linked to what it signs): the recipe id,
 * version, reason for the change, the day it takes effect and the content, canonical JSON (RFC 8785).
 */
export function recipeContentHash(recipe: Recipe): string {
  const signed = { id: recipe.id, version: recipe.version, changeReason: recipe.changeReason ?? null, effectiveFrom: recipe.effectiveFrom ?? null, content: contentOf(recipe) };
  return sha256(canonicalize(signed as unknown as JsonValue));
}
