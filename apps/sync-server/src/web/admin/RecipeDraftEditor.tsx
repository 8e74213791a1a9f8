import { useState, type FormEvent } from 'react';
import { checkMasterEntity, RecipeSchema, RecipeStepSchema } from '@lineside/sync-protocol';
import { api } from '../api.js';
import { useSubmit } from '../ui/index.js';
import { SchemaFields, skeletonOf, variantOf, type JsonSchema } from './SchemaFields.js';

type Content = Record<string, unknown> & { steps: Record<string, unknown>[] };
/** What an author writes (the server's RECIPE_CONTENT_FIELDS); id, version, status and approvals are the workflow's. */
export const CONTENT_FIELDS = ['name', 'product', 'batchSize', 'batchUnit', 'completeWithOpenDeviations', 'steps'] as const;
const STEP = RecipeStepSchema as unknown as JsonSchema;
const STEP_KINDS = (STEP.anyOf ?? []).map((s) => String(s.properties?.['kind']?.const));
const recipeProps = (RecipeSchema as unknown as JsonSchema).properties!;
const HEADER: JsonSchema = { type: 'object', required: ['name', 'product', 'batchSize', 'batchUnit'], properties: Object.fromEntries(CONTENT_FIELDS.filter((f) => f !== 'steps').map((f) => [f, recipeProps[f]!])) };

export const contentOf = (recipe: Record<string, unknown>): Content => Object.fromEntries(CONTENT_FIELDS.filter((f) => recipe[f] !== undefined).map((f) => [f, recipe[f]])) as Content;

/** A new step of `kind`, after the last one by default (its predecessor), with the next free number as id. */
function newStep(kind: string, steps: readonly Record<string, unknown>[], keep: Record<string, unknown> = {}): Record<string, unknown> {
  const variant = STEP.anyOf!.find((s) => s.properties?.['kind']?.const === kind)!;
  const ids = new Set(steps.map((s) => String(s['id'])));
  let n = steps.length + 1;
  while (ids.has(String(n))) n += 1;
  const last = steps.at(-1);
  return { ...(skeletonOf(variant) as Record<string, unknown>), id: String(n), predecessors: last ? [String(last['id'])] : [], ...keep, kind };
}

/**
 * The author's editor of a draft version (or of a new recipe's first version): the header and every step
 * drawn from the recipe schema, checked as you type with it; saved with a reason (PUT, or POST for a new
 * recipe), after which the page shows the diff against the previous version.
 */
export function RecipeDraftEditor({ recipe, creating = false, onSaved }: { recipe: Record<string, unknown>; creating?: boolean; onSaved: (saved: { id: string; version: number }) => void }) {
  const [content, setContent] = useState<Content>(() => contentOf(recipe));
  const [recipeId, setRecipeId] = useState(String(recipe['id'] ?? ''));
  const [effectiveFrom, setEffectiveFrom] = useState(String(recipe['effectiveFrom'] ?? ''));
  const [reason, setReason] = useState(creating ? '' : String(recipe['changeReason'] ?? ''));
  const [newKind, setNewKind] = useState('dispense');
  const { busy, refusal, run } = useSubmit();
  /** Steps shown open: a long recipe stays a list of titles until one is opened (or has a bad field, or is new). */
  const [open, setOpen] = useState<ReadonlySet<number>>(() => new Set(creating ? [0] : []));
  const { steps } = content;
  const checked = { ...Object.fromEntries(Object.entries(recipe).filter(([k]) => !(CONTENT_FIELDS as readonly string[]).includes(k))), ...content, id: recipeId, version: recipe['version'] ?? 1, status: 'draft' };
  const issues = checkMasterEntity('recipe', checked).filter((i) => !(creating && i.path === '/id' && recipeId === ''));
  const idIssue = creating ? checkMasterEntity('recipe', checked).find((i) => i.path === '/id') : undefined;
  const setSteps = (next: Record<string, unknown>[]) => setContent({ ...content, steps: next });
  const move = (i: number, by: number) => {
    const next = [...steps];
    const [step] = next.splice(i, 1);
    next.splice(i + by, 0, step!);
    setSteps(next);
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const body = { data: content, reason, ...(effectiveFrom ? { effectiveFrom } : {}) };
    await run(async () => {
      const saved = creating ? await api.post<{ recipe: { id: string; version: number } }>(`/api/v1/recipes/${encodeURIComponent(recipeId)}/versions`, body) : await api.put<{ recipe: { id: string; version: number } }>(`/api/v1/recipes/${encodeURIComponent(recipeId)}/versions/${String(recipe['version'])}`, body);
      onSaved(saved.recipe);
    });
  };
  return (
    <form className="schema-form recipe-editor" aria-label={creating ? 'New recipe' : 'Edit draft'} onSubmit={(e) => void save(e)}>
      <h2>{creating ? 'New recipe (version 1, a draft)' : `Edit draft version ${String(recipe['version'])}`}</h2>
      {creating ? (
        <div className="form-grid">
          <label htmlFor="recipe-id">
            Recipe id
            <input id="recipe-id" value={recipeId} onChange={(e) => setRecipeId(e.target.value)} placeholder="e.g. IBU-200-GRAN" aria-invalid={idIssue ? true : undefined} />
            {idIssue && recipeId !== '' ? <span className="field-issue" role="alert">{idIssue.message}</span> : null}
          </label>
        </div>
      ) : null}
      <SchemaFields schema={HEADER} value={content} path="" issues={issues} onChange={(next) => setContent({ ...(next as Content), steps })} />
      <h3>Steps</h3>
      <ol className="step-list">
        {steps.map((step, i) => (
          <li key={i} className="step-box" data-testid={`step-${i}`}>
            <details open={open.has(i) || issues.some((x) => x.path.startsWith(`/steps/${i}/`))} onToggle={(e) => {
              const shown = e.currentTarget.open;
              if (shown !== open.has(i)) setOpen(new Set(shown ? [...open, i] : [...open].filter((j) => j !== i)));
            }}>
            <summary className="step-head">
              <strong>
                Step {i + 1}: {String(step['title'] || step['id'])}
              </strong>
              <span className="muted">{String(step['kind'])}</span>
            </summary>
            <div className="step-head">
              <select aria-label={`Step ${i + 1} kind`} value={String(step['kind'])} onChange={(e) => setSteps(steps.map((s, j) => (j === i ? newStep(e.target.value, steps.slice(0, i), { id: s['id'], title: s['title'], predecessors: s['predecessors'] }) : s)))}>
                {STEP_KINDS.map((k) => (
                  <option key={k}>{k}</option>
                ))}
              </select>
              <button type="button" className="link" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move step ${i + 1} up`}>
                ↑
              </button>
              <button type="button" className="link" disabled={i === steps.length - 1} onClick={() => move(i, 1)} aria-label={`Move step ${i + 1} down`}>
                ↓
              </button>
              <button type="button" className="link" onClick={() => setSteps(steps.filter((_, j) => j !== i))}>
                remove step
              </button>
            </div>
            <SchemaFields schema={variantOf(STEP, step) ?? STEP.anyOf![0]!} value={step} path={`/steps/${i}`} issues={issues} onChange={(next) => setSteps(steps.map((s, j) => (j === i ? next : s)))} />
            </details>
          </li>
        ))}
      </ol>
      <div className="form-actions">
        <select aria-label="Kind of the new step" value={newKind} onChange={(e) => setNewKind(e.target.value)}>
          {STEP_KINDS.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
        <button
          type="button"
          onClick={() => {
            setSteps([...steps, newStep(newKind, steps)]);
            setOpen(new Set([...open, steps.length]));
          }}
        >
          Add step
        </button>
      </div>
      <div className="form-grid">
        <label htmlFor="recipe-effective">
          Effective from (optional)
          <input id="recipe-effective" type="date" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} />
        </label>
        <label htmlFor="recipe-reason" className="wide">
          Reason for this version
          <input id="recipe-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="change control and why this version differs" />
        </label>
      </div>
      {issues.length > 0 ? (
        <div className="muted" role="status" data-testid="draft-issues">
          {issues.length} field(s) to correct before saving{issues.some((i) => i.path === '/steps' || i.path === '') ? `: ${issues.filter((i) => i.path === '/steps' || i.path === '').map((i) => i.message).join('; ')}` : '.'}
        </div>
      ) : null}
      {refusal ? (
        <p className="error-box" role="alert" data-testid="draft-refusal">
          {refusal}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy || issues.length > 0 || reason.trim() === '' || recipeId === ''}>
        {creating ? 'Create draft' : 'Save draft'}
      </button>
    </form>
  );
}

/** A fresh recipe: one instruction step to start from. */
export const BLANK_RECIPE: Record<string, unknown> = { version: 1, name: '', product: '', batchSize: '', batchUnit: 'kg', steps: [newStep('instruction', [])] };
