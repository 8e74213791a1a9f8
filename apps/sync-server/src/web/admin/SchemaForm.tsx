import { useState, type FormEvent } from 'react';
import { checkMasterEntity, entityIdOf, type MasterEntity, type MasterIssue } from '@lineside/sync-protocol';
import { api } from '../api.js';
import { useSubmit } from '../ui/index.js';

export interface FieldSpec {
  /** The field's JSON path below the entity, `/`-separated for a nested part (e.g. `sensitivityTest/frequency`). */
  readonly name: string;
  readonly label: string;
  readonly placeholder?: string;
  /** Text fields stay strings; `number` fields are sent as numbers, empty optional fields are left out. */
  /** `list` fields are typed comma-separated and sent as an array of strings. */
  readonly type?: 'text' | 'number' | 'select' | 'list';
  readonly options?: readonly string[];
}

/**
 * A create/replace form for one master-data entity, checked as you type with the same schema the server
 * applies (sync-protocol's catalog): each bad field shows its reason under it, and the server's refusal
 * (references, GMP rules) is shown in its own words.
 */
export function SchemaForm({
  entity,
  fields,
  fixed = {},
  initial = {},
  title,
  onSaved,
}: {
  entity: MasterEntity;
  fields: readonly FieldSpec[];
  fixed?: Record<string, unknown>;
  /** Values the form starts from (editing an entity): shown, changed and sent like typed ones. */
  initial?: Record<string, string>;
  title: string;
  onSaved: () => void;
}) {
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [reason, setReason] = useState('');
  const { busy, refusal, run } = useSubmit();
  const [saved, setSaved] = useState<string>();
  const data: Record<string, unknown> = structuredClone(fixed);
  for (const f of fields) {
    const v = values[f.name] ?? '';
    if (v !== '') setPath(data, f.name, f.type === 'number' && /^-?\d+$/.test(v) ? Number(v) : f.type === 'list' ? v.split(',').map((x) => x.trim()) : v);
  }
  const touched = Object.keys(values).some((k) => values[k] !== initial[k]);
  const issues: MasterIssue[] = touched ? checkMasterEntity(entity, data) : [];
  const issueOf = (name: string) => issues.find((i) => i.path === `/${name}` || i.path.startsWith(`/${name}/`));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(undefined);
    const id = String(entityIdOf(entity, data) ?? '');
    if (!(await run(() => api.put(`/api/v1/master-data/${entity}/${encodeURIComponent(id)}`, { data, reason })))) return;
    setSaved(`${entity} ${id} saved.`);
    setValues(initial);
    setReason('');
    onSaved();
  };
  return (
    <form className="schema-form" onSubmit={(e) => void submit(e)} aria-label={title}>
      <h2>{title}</h2>
      <div className="form-grid">
        {fields.map((f) => {
          const issue = issueOf(f.name);
          const id = `${entity}-${f.name.replace(/\//g, '-')}`;
          return (
            <label key={f.name} htmlFor={id}>
              {f.label}
              {f.type === 'select' ? (
                <select id={id} value={values[f.name] ?? ''} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}>
                  <option value="">—</option>
                  {f.options?.map((o) => (
                    <option key={o}>{o}</option>
                  ))}
                </select>
              ) : (
                <input id={id} value={values[f.name] ?? ''} placeholder={f.placeholder} aria-invalid={issue ? true : undefined} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })} />
              )}
              {issue ? (
                <span className="field-issue" role="alert" data-testid={`issue-${f.name.replace(/\//g, '-')}`}>
                  {issue.message}
                </span>
              ) : null}
            </label>
          );
        })}
        <label htmlFor={`${entity}-reason`}>
          Reason for the change
          <input id={`${entity}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="change control, deviation or why" />
        </label>
      </div>
      {issues.length > 0 ? <p className="muted">{issues.length} field(s) to correct before saving.</p> : null}
      <FormOutcome refusal={refusal} done={saved} testId="form-refusal" />
      <button type="submit" className="primary" disabled={busy || !touched || issues.length > 0 || reason.trim() === ''}>
        Save
      </button>
    </form>
  );
}

/** What became of a form's write: the server's refusal in its own words, or what was saved. */
export function FormOutcome({ refusal, done, testId }: { refusal: string | undefined; done: string | undefined; testId: string }) {
  return (
    <>
      {refusal ? (
        <p className="error-box" role="alert" data-testid={testId}>
          {refusal}
        </p>
      ) : null}
      {done ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
    </>
  );
}

/** Sets `value` at a `/`-separated path, making the parts on the way. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('/');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node = (node[key] = typeof next === 'object' && next !== null ? next : {}) as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}
