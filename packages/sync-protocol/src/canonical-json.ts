/**
 * RFC 8785 JSON Canonicalization Scheme (JCS).
 * Keys sorted by UTF-16 code units, no insignificant white space, numbers in ECMAScript
 * shortest round-trip form, strings escaped as JSON.stringify does for well-formed text.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class CanonicalJsonError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`cannot canonicalise ${path || '(root)'}: ${reason}`);
    this.name = 'CanonicalJsonError';
  }
}

export function canonicalize(value: unknown): string {
  // Every record is canonicalised on the hot path (sign, store, verify): the fast writer builds no
  // error paths and few temporaries. Only when it meets something that is not JSON does the careful
  // writer run, to say where.
  try {
    return writeFast(value);
  } catch (error) {
    if (error instanceof NotJson) return write(value, '');
    throw error;
  }
}

/**
 * The canonical text of a plain object without `extraKey`, and — from the same pass — the canonical text
 * of the object with `extraKey` set to a string known only later (a record and its signature).
 */
export function canonicalizeWith(value: Readonly<Record<string, unknown>>, extraKey: string): { text: string; withExtra: (extra: string) => string } {
  try {
    const keys = Object.keys(value)
      .filter((key) => key !== extraKey && value[key] !== undefined)
      .sort(compareKeys);
    const members = keys.map((key) => member(key, value[key]));
    const at = keys.findIndex((key) => compareKeys(key, extraKey) > 0);
    const cut = at === -1 ? members.length : at;
    return {
      text: `{${members.join(',')}}`,
      withExtra: (extra) => `{${[...members.slice(0, cut), member(extraKey, extra), ...members.slice(cut)].join(',')}}`,
    };
  } catch (error) {
    if (!(error instanceof NotJson)) throw error;
    // The careful writer names what is not JSON (and answers alike for anything the fast one refused).
    const { [extraKey]: _dropped, ...rest } = value;
    return { text: write(rest, ''), withExtra: (extra) => write({ ...rest, [extraKey]: extra }, '') };
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

/** Thrown by the fast writer; canonicalize() answers it with the careful writer's error. */
class NotJson extends Error {}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function member(key: string, value: unknown): string {
  if (ANY_SURROGATE.test(key) && LONE_SURROGATE.test(key)) throw new NotJson();
  return `${JSON.stringify(key)}:${writeFast(value)}`;
}

function writeFast(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new NotJson();
      return JSON.stringify(value);
    case 'string':
      if (ANY_SURROGATE.test(value) && LONE_SURROGATE.test(value)) throw new NotJson();
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          out += (i > 0 ? ',' : '') + writeFast(item === undefined ? null : item);
        }
        return `${out}]`;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new NotJson();
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort(compareKeys);
      let out = '{';
      let first = true;
      for (const key of keys) {
        const v = record[key];
        if (v === undefined) continue;
        out += (first ? '' : ',') + member(key, v);
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new NotJson();
  }
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `number ${String(value)} is not finite`);
      return JSON.stringify(value);
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError(path, 'string holds an unpaired surrogate');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item, index) => write(item === undefined ? null : item, `${path}[${index}]`)).join(',')}]`;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new CanonicalJsonError(path, 'only plain objects, arrays, strings, finite numbers, booleans and null are JSON');
      }
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      // Default sort compares UTF-16 code units, which is what RFC 8785 §3.2.3 asks for.
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const members = entries.map(([key, v]) => {
        if (LONE_SURROGATE.test(key)) throw new CanonicalJsonError(path, `key ${JSON.stringify(key)} holds an unpaired surrogate`);
        return `${JSON.stringify(key)}:${write(v, path ? `${path}.${key}` : key)}`;
      });
      return `{${members.join(',')}}`;
    }
    default:
      throw new CanonicalJsonError(path, `${typeof value} is not JSON`);
  }
}
