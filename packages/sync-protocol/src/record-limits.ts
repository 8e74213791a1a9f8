import { canonicalize } from './canonical-json.js';
import { dateTimeProblem } from './date-time.js';
import { formatJsonPath, type JsonPath } from './i-json.js';

/** Nesting levels of one record, the record object itself being level 1. */
export const MAX_RECORD_DEPTH = 32;
/** UTF-8 bytes of one record's canonical form. */
export const MAX_RECORD_BYTES = 64 * 1024;

export interface RecordProblem {
  readonly path: string;
  readonly message: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** The ISO UTC time an HLC starts with (`<ISO UTC ms>-<4 hex>-<kioskId>`). */
const HLC_TIME = /^(\d{4}-\d{2}-\d{2}T[^-]*Z)-/;

/**
 * What, if anything, makes a parsed record unacceptable beyond its schema: too deep or too large, a number
 * that is not a safe integer, text that is not Unicode, or a timestamp that names no real instant. The walk
 * is iterative and stops at MAX_RECORD_DEPTH, so it is safe on anything a JSON parser returns.
 */
export function recordProblem(record: unknown): RecordProblem | undefined {
  const problem = (path: JsonPath, message: string): RecordProblem => ({ path: formatJsonPath(path), message });
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: record, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) return problem(path, `is the number ${String(value)}: numbers in a record are integers within ±(2^53−1); send decimals as strings`);
    } else if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return problem(path, 'holds an unpaired surrogate, which is not Unicode text');
    } else if (value !== null && typeof value === 'object') {
      if (path.length >= MAX_RECORD_DEPTH) return problem(path, `is nested deeper than ${MAX_RECORD_DEPTH} levels`);
      if (Array.isArray(value)) value.forEach((item: unknown, index) => stack.push({ value: item, path: [...path, index] }));
      else for (const [key, item] of Object.entries(value)) stack.push({ value: item, path: [...path, key] });
    }
  }
  const r = record as { occurredAt?: unknown; time?: { hlc?: unknown; lastSync?: { serverTime?: unknown } } };
  const times: [JsonPath, unknown][] = [
    [['occurredAt'], r.occurredAt],
    [['time', 'lastSync', 'serverTime'], r.time?.lastSync?.serverTime],
    [['time', 'hlc'], typeof r.time?.hlc === 'string' ? HLC_TIME.exec(r.time.hlc)?.[1] : undefined],
  ];
  for (const [path, value] of times) {
    if (typeof value !== 'string') continue;
    const wrong = dateTimeProblem(value);
    if (wrong) return problem(path, `${JSON.stringify(value.slice(0, 40))} ${wrong}`);
  }
  const bytes = new TextEncoder().encode(canonicalize(record)).length;
  if (bytes > MAX_RECORD_BYTES) return problem([], `is ${bytes} bytes in canonical form, over the limit of ${MAX_RECORD_BYTES}`);
  return undefined;
}
