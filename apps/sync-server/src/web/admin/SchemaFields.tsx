import type { MasterIssue } from '@lineside/sync-protocol';

/** The plain JSON Schema the sync-protocol schemas are (TypeBox), as far as the forms read it. */
export interface JsonSchema {
  readonly type?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly minimum?: number;
  readonly maxLength?: number;
  readonly description?: string;
}

type Value = unknown;
const labelOf = (name: string, schema: JsonSchema) => (schema.description ? schema.description.replace(/: [^:]*$/, '') : name);
const isObject = (v: Value): v is Record<string, Value> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The variant of a `kind`-tagged union a value is (step kinds, signer rules, check kinds). */
export const variantOf = (schema: JsonSchema, value: Value) => schema.anyOf?.find((s) => s.properties?.['kind']?.const === (isObject(value) ? value['kind'] : undefined));
const kindsOf = (schema: JsonSchema) => (schema.anyOf ?? []).map((s) => s.properties?.['kind']?.const).filter((k): k is string => typeof k === 'string');

/** The smallest value of a schema a person then fills in: required fields only, first choice of each list. */
export function skeletonOf(schema: JsonSchema): Value {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf) return skeletonOf(schema.anyOf[0]!);
  switch (schema.type) {
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((k) => [k, skeletonOf(schema.properties![k]!)]));
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    default:
      return '';
  }
}

/**
 * The fields of one object of a schema, drawn from the schema itself (labels are its descriptions, lists
 * its enums, nested parts and kind-tagged unions in their own boxes); each bad field shows the issue the
 * same schema finds, by its JSON path (`path` is where this object sits in the checked document).
 */
export function SchemaFields({ schema, value, onChange, path, issues, skip = [] }: { schema: JsonSchema; value: Record<string, Value>; onChange: (next: Record<string, Value>) => void; path: string; issues: readonly MasterIssue[]; skip?: readonly string[] }) {
  const required = new Set(schema.required ?? []);
  return (
    <div className="form-grid">
      {Object.entries(schema.properties ?? {})
        .filter(([name, s]) => !skip.includes(name) && s.const === undefined)
        .map(([name, s]) => (
          <Field key={name} name={name} schema={s} optional={!required.has(name)} value={value[name]} path={`${path}/${name}`} issues={issues} onChange={(v) => onChange(v === undefined ? omit(value, name) : { ...value, [name]: v })} />
        ))}
    </div>
  );
}

function omit(value: Record<string, Value>, name: string): Record<string, Value> {
  const { [name]: _gone, ...rest } = value;
  return rest;
}

function Field({ name, schema, optional, value, path, issues, onChange }: { name: string; schema: JsonSchema; optional: boolean; value: Value; path: string; issues: readonly MasterIssue[]; onChange: (v: Value) => void }) {
  const id = `f${path.replace(/\W/g, '-')}`;
  const issue = issues.find((i) => i.path === path);
  const label = `${labelOf(name, schema)}${optional ? ' (optional)' : ''}`;
  const shown = issue ? (
    <span className="field-issue" role="alert" data-testid={`issue${path.replace(/\//g, '-')}`}>
      {issue.message}
    </span>
  ) : null;
  const nested = schema.type === 'object' || (schema.anyOf !== undefined && kindsOf(schema).length > 0);
  if (nested) {
    if (value === undefined) {
      return (
        <label htmlFor={id}>
          {label}
          <button id={id} type="button" className="link" onClick={() => onChange(skeletonOf(schema))}>
            add
          </button>
        </label>
      );
    }
    const variant = schema.anyOf ? (variantOf(schema, value) ?? schema.anyOf[0]!) : schema;
    return (
      <fieldset className="nested-fields">
        <legend>
          {label}
          {schema.anyOf ? (
            <select aria-label={`${label}: kind`} value={String((value as Record<string, Value>)['kind'])} onChange={(e) => onChange(skeletonOf(schema.anyOf!.find((s) => s.properties?.['kind']?.const === e.target.value)!))}>
              {kindsOf(schema).map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          ) : null}
          {optional ? (
            <button type="button" className="link" onClick={() => onChange(undefined)}>
              remove
            </button>
          ) : null}
        </legend>
        <SchemaFields schema={variant} value={value as Record<string, Value>} path={path} issues={issues} onChange={onChange} />
        {shown}
      </fieldset>
    );
  }
  const choices = schema.enum ?? schema.anyOf?.map((s) => s.const);
  let input;
  if (choices) {
    input = (
      <select id={id} value={value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? undefined : choices.find((c) => String(c) === e.target.value))}>
        {optional || value === undefined ? <option value="">—</option> : null}
        {choices.map((c) => (
          <option key={String(c)}>{String(c)}</option>
        ))}
      </select>
    );
  } else if (schema.type === 'boolean') {
    input = <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked ? true : optional ? undefined : false)} />;
  } else if (schema.type === 'array') {
    // Lists of ids or roles: comma-separated, as a person types them.
    input = (
      <input
        id={id}
        value={Array.isArray(value) ? value.join(', ') : ''}
        placeholder="comma-separated"
        aria-invalid={issue ? true : undefined}
        onChange={(e) => {
          const items = e.target.value.split(',').map((s) => s.trim());
          const list = items.length === 1 && items[0] === '' ? [] : items;
          onChange(optional && list.length === 0 ? undefined : list);
        }}
      />
    );
  } else {
    const numeric = schema.type === 'integer' || schema.type === 'number';
    input =
      (schema.maxLength ?? 0) > 2000 ? (
        <textarea id={id} rows={3} value={value === undefined ? '' : String(value)} aria-invalid={issue ? true : undefined} onChange={(e) => onChange(e.target.value === '' && optional ? undefined : e.target.value)} />
      ) : (
      <input
        id={id}
        value={value === undefined ? '' : String(value)}
        aria-invalid={issue ? true : undefined}
        inputMode={numeric ? 'numeric' : undefined}
        onChange={(e) => {
          const text = e.target.value;
          if (text === '' && optional) return onChange(undefined);
          onChange(numeric && /^-?\d+$/.test(text) ? Number(text) : text);
        }}
      />
    );
  }
  return (
    <label htmlFor={id} className={(schema.maxLength ?? 0) > 2000 ? 'wide' : undefined}>
      {label}
      {input}
      {shown}
    </label>
  );
}
