// Reads the GS1 Barcode Syntax Dictionary text format into typed entries; the committed
// ai-table.ts is generated from this, and a test keeps the two in step.

export const CHARACTER_SETS = ['N', 'X', 'Y', 'Z'] as const;
export type CharacterSet = (typeof CHARACTER_SETS)[number];

export interface AiComponentSpec {
  readonly cset: CharacterSet;
  readonly min: number;
  readonly max: number;
  readonly optional: boolean;
  readonly linters: readonly string[];
}

export interface AiDictionaryEntry {
  /** First AI of the range ("3100"), or the solitary AI. */
  readonly first: string;
  /** Last AI of the range ("3105"); equal to `first` for a solitary AI. */
  readonly last: string;
  /** `*` flag: predefined length, no FNC1/GS needed after it. */
  readonly predefinedLength: boolean;
  /** `?` flag: allowed as a GS1 Digital Link data attribute. */
  readonly digitalLinkAttribute: boolean;
  readonly components: readonly AiComponentSpec[];
  /** Each `req=` key: alternatives; each alternative: AI patterns that must all be present. */
  readonly req: readonly (readonly (readonly string[])[])[];
  /** `ex=` patterns (with `n` as a digit wildcard) that may not appear beside this AI. */
  readonly ex: readonly string[];
  /** `dlpkey` alternatives of qualifier sequences; null when the AI is not a Digital Link primary key. */
  readonly dlpkey: readonly (readonly string[])[] | null;
  readonly title: string;
}

export type DictionaryParse =
  | { readonly ok: true; readonly entries: readonly AiDictionaryEntry[] }
  | { readonly ok: false; readonly code: 'bad-dictionary-line'; readonly message: string };

const COMPONENT = /^(\[)?([NXYZ])(\d+|\.\.\d+)(\])?((?:,[A-Za-z0-9]+)*)$/;
const AI_RANGE = /^(\d{2,4})(?:-(\d{2,4}))?$/;
const FLAGS = /^[*!?"$%&'()+,\-./:;<=>@[\\\]^_`{|}~]+$/;

export function parseSyntaxDictionary(text: string): DictionaryParse {
  const entries: AiDictionaryEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (/^\s*(#|$)/.test(line)) continue;
    const entry = parseEntryLine(line);
    if (typeof entry === 'string') {
      return { ok: false, code: 'bad-dictionary-line', message: `syntax dictionary line ${index + 1}: ${entry}: ${line}` };
    }
    entries.push(entry);
  }
  return { ok: true, entries };
}

function parseEntryLine(line: string): AiDictionaryEntry | string {
  const hash = line.indexOf('#');
  const title = hash >= 0 ? line.slice(hash + 1).trim() : '';
  const tokens = (hash >= 0 ? line.slice(0, hash) : line).trim().split(/\s+/);
  const range = AI_RANGE.exec(tokens.shift() ?? '');
  if (!range?.[1]) return 'the AI is not 2 to 4 digits or a range of them';
  const first = range[1];
  const last = range[2] ?? first;
  let predefinedLength = false;
  let digitalLinkAttribute = false;
  if (tokens[0] !== undefined && FLAGS.test(tokens[0])) {
    const flags = tokens.shift() ?? '';
    predefinedLength = flags.includes('*');
    digitalLinkAttribute = flags.includes('?');
  }
  const components: AiComponentSpec[] = [];
  while (tokens[0] !== undefined && COMPONENT.test(tokens[0])) {
    const m = COMPONENT.exec(tokens.shift() ?? '');
    if (!m) break;
    const optional = m[1] === '[';
    if (optional !== (m[4] === ']')) return `unbalanced brackets in component ${m[0]}`;
    const length = m[3] ?? '';
    const variable = length.startsWith('..');
    const n = Number(variable ? length.slice(2) : length);
    components.push({
      cset: (m[2] ?? 'N') as CharacterSet,
      min: variable ? 1 : n,
      max: n,
      optional,
      linters: (m[5] ?? '').split(',').filter((l) => l !== ''),
    });
  }
  if (components.length === 0) return 'no data specification';
  const req: string[][][] = [];
  const ex: string[] = [];
  let dlpkey: string[][] | null = null;
  for (const token of tokens) {
    const eq = token.indexOf('=');
    const key = eq >= 0 ? token.slice(0, eq) : token;
    const value = eq >= 0 ? token.slice(eq + 1) : '';
    if (key === 'req') req.push(value.split(',').map((alt) => alt.split('+')));
    else if (key === 'ex') ex.push(...value.split(','));
    else if (key === 'dlpkey') dlpkey = value === '' ? [] : value.split('|').map((seq) => seq.split(','));
    else return `unknown attribute ${token}`;
  }
  return { first, last, predefinedLength, digitalLinkAttribute, components, req, ex, dlpkey, title };
}
