import { describe, expect, it } from 'vitest';
import { demoPlant } from '../demo-plant.js';
import { recipeInEffect, type Recipe } from './recipe.js';

const v3 = demoPlant({ year: 2026, month: 11, day: 25 }).recipes[0]!;
const as = (patch: Partial<Recipe>): Recipe => ({ ...v3, ...patch });

describe('recipeInEffect', () => {
  it('lets an approved version run from its effective day, and a superseded one until its successor takes over', () => {
    expect(recipeInEffect(as({ status: 'approved' }), '2026-11-25')).toEqual({ ok: true });
    expect(recipeInEffect(as({ status: 'approved', effectiveFrom: '2026-12-01' }), '2026-11-30')).toEqual({ ok: false, why: 'Recipe PCM-500-GRAN version 3 is approved but not in effect before 2026-12-01' });
    expect(recipeInEffect(as({ status: 'approved', effectiveFrom: '2026-12-01' }), '2026-12-01')).toEqual({ ok: true });
    expect(recipeInEffect(as({ status: 'superseded', effectiveUntil: '2026-12-01' }), '2026-11-30')).toEqual({ ok: true });
    expect(recipeInEffect(as({ status: 'superseded', effectiveUntil: '2026-12-01' }), '2026-12-01')).toEqual({ ok: false, why: 'Recipe PCM-500-GRAN version 3 is superseded since 2026-12-01, not approved' });
  });

  it('never lets a draft, a version in review or a retired one run', () => {
    for (const status of ['draft', 'in-review', 'retired'] as const) expect(recipeInEffect(as({ status }), '2026-11-25')).toEqual({ ok: false, why: `Recipe PCM-500-GRAN version 3 is ${status}, not approved` });
  });
});
