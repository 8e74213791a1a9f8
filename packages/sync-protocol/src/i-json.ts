import type { JsonValue } from './canonical-json.js';

/**
 * An I-JSON (RFC 7493) parser that never recurses: nesting is an explicit stack, capped at `maxDepth`
 * before anything deeper is built. Refuses what RFC 8259 parsers disagree on or lose silently —
 * repeated member names (parsers keep the first, the last, or both), unpaired surrogates (not Unicode),
 * numbers that are not finite or integers beyond ±(2^53−1) (rounded, so the signed value is not the sent one).
 */
export type JsonPath = readonly (string | number)[];
export type IJsonResult = { readonly ok: true; readonly value: JsonValue } | {
      readonly ok: false;
      readonly path: JsonPath;
      readonly message: string;
      /** `syntax`: not JSON at all; `i-json`: JSON, but too deep or outside I-JSON. */
      readonly kind: 'syntax' | 'i-json';
    };

/** Deep enough for any request body the server takes; a record's own limit is MAX_RECORD_DEPTH. */
export const MAX_BODY_DEPTH = 40;

type Frame = { readonly array: JsonValue[] } | { readonly object: { [key: string]: JsonValue }; key: string; readonly seen: Set<string> };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ANY_SURROGATE = /[\uD800-\uDFFF]/;
/** Paths in messages are cut here: a path into something 200,000 deep is itself 200,000 long. */
const MAX_PATH_SHOWN = 12;

class Refused extends Error {
  constructor(
    readonly at: number,
    message: string,
    readonly kind: 'syntax' | 'i-json' = 'syntax',
  ) {
    super(message);
  }
}

/** `records[3].payload.a` for messages; long paths end in `…`. */
export function formatJsonPath(path: JsonPath): string {
  const shown = path.slice(0, MAX_PATH_SHOWN);
  const text = shown.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  return (text || '(root)') + (path.length > MAX_PATH_SHOWN ? '…' : '');
}

export function parseIJson(text: string, maxDepth: number = MAX_BODY_DEPTH): IJsonResult {
  const stack: Frame[] = [];
  let i = 0;
  const n = text.length;

  const skipWhiteSpace = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else return;
    }
  };
  const describeAt = () => (i >= n ? 'the end of the text' : `${JSON.stringify(text.slice(i, i + 12))} (offset ${i})`);

  const readString = (): string => {
    const start = i;
    let j = i + 1;
    let escaped = false;
    for (;;) {
      if (j >= n) throw new Refused(start, `a string starting at offset ${start} is not closed`);
      const c = text.charCodeAt(j);
      if (c === 0x22) break;
      if (c < 0x20) throw new Refused(j, `a string holds the raw control character U+${c.toString(16).padStart(4, '0')} at offset ${j}`);
      if (c === 0x5c) {
        escaped = true;
        j += 2;
      } else j++;
    }
    i = j + 1;
    let value: string;
    if (escaped) {
      try {
        value = JSON.parse(text.slice(start, j + 1)) as string;
      } catch {
        throw new Refused(start, `the string at offset ${start} has a bad escape`);
      }
    } else value = text.slice(start + 1, j);
    if (ANY_SURROGATE.test(value) && LONE_SURROGATE.test(value)) throw new Refused(start, 'a string holds an unpaired surrogate (not Unicode text, so not I-JSON)', 'i-json');
    return value;
  };

  const readNumber = (): number => {
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (!match || match[0] === '-') throw new Refused(i, `expected a value at ${describeAt()}`);
    const token = match[0];
    const value = Number(token);
    if (!Number.isFinite(value)) throw new Refused(i, `the number ${token.slice(0, 40)} is beyond the range of a double`, 'i-json');
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) throw new Refused(i, `the number ${token.slice(0, 40)} is an integer beyond ±(2^53−1), which no JSON reader keeps exactly`, 'i-json');
    i += token.length;
    return value === 0 ? 0 : value; // -0 is 0 in canonical JSON
  };

  const readKey = (frame: { seen: Set<string> }): string => {
    if (text.charCodeAt(i) !== 0x22) throw new Refused(i, `expected a member name at ${describeAt()}`);
    const key = readString();
    if (frame.seen.has(key)) throw new Refused(i, `the member name ${JSON.stringify(key.slice(0, 60))} is repeated`, 'i-json');
    frame.seen.add(key);
    skipWhiteSpace();
    if (text.charCodeAt(i) !== 0x3a) throw new Refused(i, `expected ':' at ${describeAt()}`);
    i++;
    return key;
  };

  const literal = (word: string, value: JsonValue): JsonValue => {
    if (text.startsWith(word, i)) {
      i += word.length;
      return value;
    }
    throw new Refused(i, `expected a value at ${describeAt()}`);
  };

  const pathOf = (): (string | number)[] => stack.map((frame) => ('array' in frame ? frame.array.length : frame.key));

  try {
    for (;;) {
      skipWhiteSpace();
      let value: JsonValue;
      const c = text.charCodeAt(i);
      if (c === 0x7b || c === 0x5b) {
        if (stack.length >= maxDepth) throw new Refused(i, `nesting deeper than ${maxDepth} levels`, 'i-json');
        i++;
        skipWhiteSpace();
        if (c === 0x7b) {
          const object: { [key: string]: JsonValue } = {};
          if (text.charCodeAt(i) === 0x7d) {
            i++;
            value = object;
          } else {
            const frame = { object, key: '', seen: new Set<string>() };
            stack.push(frame);
            frame.key = readKey(frame);
            continue;
          }
        } else {
          const array: JsonValue[] = [];
          if (text.charCodeAt(i) === 0x5d) {
            i++;
            value = array;
          } else {
            stack.push({ array });
            continue;
          }
        }
      } else if (c === 0x22) value = readString();
      else if (c === 0x74) value = literal('true', true);
      else if (c === 0x66) value = literal('false', false);
      else if (c === 0x6e) value = literal('null', null);
      else value = readNumber();

      // Put the value in its container; close every container that ends here.
      for (;;) {
        const top = stack[stack.length - 1];
        if (!top) {
          skipWhiteSpace();
          if (i < n) throw new Refused(i, `unexpected text after the JSON value at ${describeAt()}`);
          return { ok: true, value };
        }
        skipWhiteSpace();
        const next = text.charCodeAt(i);
        if ('array' in top) {
          top.array.push(value);
          if (next === 0x2c) {
            i++;
            break;
          }
          if (next !== 0x5d) throw new Refused(i, `expected ',' or ']' at ${describeAt()}`);
          i++;
          value = top.array;
        } else {
          // A member named __proto__ stays an own member instead of replacing the prototype.
          Object.defineProperty(top.object, top.key, { value, enumerable: true, writable: true, configurable: true });
          if (next === 0x2c) {
            i++;
            skipWhiteSpace();
            top.key = readKey(top);
            break;
          }
          if (next !== 0x7d) throw new Refused(i, `expected ',' or '}' at ${describeAt()}`);
          i++;
          value = top.object;
        }
        stack.pop();
      }
    }
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    return { ok: false, path: pathOf(), message: error.message, kind: error.kind };
  }
}
