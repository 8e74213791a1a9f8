import { useCallback, useEffect, useState } from 'react';
import { api, type Query } from '../api.js';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  /** Fetch again (after a change, or on "Try again"). */
  readonly reload: () => void;
}

/** GET `path` with `query` whenever either changes; an older answer never overwrites a newer one. */
export function useApi<T>(path: string | undefined, query: Query = {}): Loaded<T> {
  const key = path === undefined ? '' : `${path}?${JSON.stringify(query)}`;
  const [state, setState] = useState<{ key: string; data?: T; error?: unknown }>({ key: '' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (path === undefined) return;
    const abort = new AbortController();
    api.get<T>(path, JSON.parse(key.slice(key.indexOf('?') + 1)) as Query, abort.signal).then(
      (data) => setState({ key, data }),
      (error: unknown) => {
        if (!abort.signal.aborted) setState({ key, error });
      },
    );
    return () => abort.abort();
    // `key` stands for path + query.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const current = state.key === key;
  // While a new query loads, the previous rows stay on screen (no flicker while paging).
  return { data: state.data, error: current ? state.error : undefined, loading: !current || (state.data === undefined && state.error === undefined), reload };
}
