import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';

export interface FilterField {
  readonly name: string;
  readonly label: string;
  readonly type?: 'text' | 'select' | 'datetime-local' | 'date';
  /** For `select`: value and label; an empty first option is added, labelled `anyLabel` (default "any"). */
  readonly options?: readonly { readonly value: string; readonly label: string }[];
  readonly anyLabel?: string;
  readonly placeholder?: string;
  /** A datalist of suggestions for a text field. */
  readonly suggestions?: readonly string[];
}

export type FilterValues = Record<string, string>;

/**
 * The page's filters live in the address (bookmarkable, Back works): read them with this hook, and
 * give them to FilterBar, which writes them back on Apply. Changing a filter returns to the first page.
 */
export function useFilters(names: readonly string[]): { values: FilterValues; offset: number; setValues: (values: FilterValues) => void; setOffset: (offset: number) => void } {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(names.map((n) => [n, params.get(n) ?? '']));
  const offset = Math.max(0, Number(params.get('offset') ?? 0) || 0);
  const setValues = (next: FilterValues) => setParams(Object.fromEntries(Object.entries(next).filter(([, v]) => v !== '')));
  const setOffset = (next: number) =>
    setParams((current) => {
      const copy = new URLSearchParams(current);
      if (next > 0) copy.set('offset', String(next));
      else copy.delete('offset');
      return copy;
    });
  return { values, offset, setValues, setOffset };
}

type FilterBarProps = { fields: readonly FilterField[]; values: FilterValues; onApply: (values: FilterValues) => void };

export function FilterBar(props: FilterBarProps) {
  // The address changed (Back, a link): the form starts again from what is applied.
  return <FilterForm key={JSON.stringify(props.values)} {...props} />;
}

function FilterForm({ fields, values, onApply }: FilterBarProps) {
  const [draft, setDraft] = useState<FilterValues>(values);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  const active = Object.values(values).some((v) => v !== '');
  return (
    <form className="filter-bar" onSubmit={submit} role="search">
      {fields.map((f) => (
        <label key={f.name} className={f.type === 'datetime-local' ? 'wide' : undefined}>
          <span>{f.label}</span>
          {f.type === 'select' ? (
            <select name={f.name} value={draft[f.name] ?? ''} onChange={(e) => setDraft({ ...draft, [f.name]: e.target.value })}>
              <option value="">{f.anyLabel ?? 'any'}</option>
              {(f.options ?? []).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          ) : (
            <>
              <input
                name={f.name}
                type={f.type ?? 'text'}
                value={draft[f.name] ?? ''}
                placeholder={f.placeholder}
                list={f.suggestions ? `${f.name}-suggestions` : undefined}
                onChange={(e) => setDraft({ ...draft, [f.name]: e.target.value })}
              />
              {f.suggestions ? (
                <datalist id={`${f.name}-suggestions`}>
                  {f.suggestions.map((s) => (
                    <option key={s} value={s} />
                  ))}
                </datalist>
              ) : null}
            </>
          )}
        </label>
      ))}
      <div className="filter-actions">
        <button type="submit" className="primary">
          Apply
        </button>
        {active ? (
          <button type="button" onClick={() => onApply(Object.fromEntries(fields.map((f) => [f.name, ''])))}>
            Clear
          </button>
        ) : null}
      </div>
    </form>
  );
}
