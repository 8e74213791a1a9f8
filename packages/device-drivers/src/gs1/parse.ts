// Entry point: AIM prefix, textual GS renderings, Digital Link or element string, then pairing rules.
import { lookupAi } from './ai-lookup.js';
import { isDigitalLinkUri, readDigitalLink } from './digital-link.js';
import { encodeElementString, type Gs1ElementInput } from './encode.js';
import { GS, readElements, type ElementsRead } from './element-string.js';
import { pairingProblems } from './pairing.js';
import type { Gs1ParseOptions, Gs1Result } from './types.js';

/** AIM identifiers whose data is GS1 element strings (FNC1 in first position). */
export const GS1_SYMBOLOGIES = [']C1', ']d2', ']Q3', ']e0', ']J1'] as const;
/** Plain symbologies that may carry a GS1 Digital Link URI. */
const URI_SYMBOLOGIES = [']Q1', ']d1', ']Q0'];
const EAN_SYMBOLOGIES = [']E0', ']E4'];
const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;
/** Longer than any symbol holds (QR: 4296 characters); refused rather than scanned for minutes. */
export const MAX_GS1_INPUT = 8192;

// `\` `{` `}` `[` `]` `^` and ␝ are outside CSET 82, so these renderings can never be real data.
const TEXTUAL_GS = /\\x1d|\\u001d|\{GS\}|\[GS\]|\{FNC1\}|\[FNC1\]|\u241d/gi;

export function parseElementString(input: string, options: Gs1ParseOptions = {}): Gs1Result {
  const today = options.today;
  if (input.length > MAX_GS1_INPUT) {
    return { elements: [], problems: [{ code: 'bad-length', message: `scan of ${input.length} characters is longer than any GS1 symbol (${MAX_GS1_INPUT})` }], unparsed: input };
  }
  const aim = AIM_PREFIX.exec(input)?.[0];
  const body = aim ? input.slice(3) : input;
  // A composite symbol arrives as the linear part, "|", then the 2D part with its own "]e0".
  const bar = body.indexOf(COMPOSITE_SEPARATOR);
  const parts = bar < 0 ? [readPart(aim, body, today)] : [readPart(aim, body.slice(0, bar), today), readPart(']e0', body.slice(bar + COMPOSITE_SEPARATOR.length), today)];
  const elements = parts.flatMap((p) => p.read.elements);
  const unparsed = parts.map((p) => p.read.unparsed).filter((u) => u !== undefined);
  return {
    ...(aim === undefined ? {} : { symbology: aim }),
    elements,
    problems: [...parts.flatMap((p) => p.read.problems), ...pairingProblems(elements)],
    ...(parts.some((p) => p.digitalLink) ? { digitalLink: true } : {}),
    ...(unparsed.length > 0 ? { unparsed: unparsed.join('|') } : {}),
  };
}

const COMPOSITE_SEPARATOR = '|]e0';

function readPart(aim: string | undefined, body: string, today: Gs1ParseOptions['today']): { read: ElementsRead; digitalLink: boolean } {
  let data = body.replace(TEXTUAL_GS, GS);
  while (data.startsWith(GS)) data = data.slice(1); // FNC1 in first position rendered as GS
  if (isDigitalLinkUri(data) && (aim === undefined || URI_SYMBOLOGIES.includes(aim) || aim === ']Q3' || aim === ']d2')) {
    return { read: readDigitalLink(data, today), digitalLink: true };
  }
  if (aim !== undefined && EAN_SYMBOLOGIES.includes(aim)) return { read: readEan(aim, data, today), digitalLink: false };
  if (aim !== undefined && !(GS1_SYMBOLOGIES as readonly string[]).includes(aim)) {
    const problem = { code: 'not-gs1-data' as const, message: `symbology ${aim} does not carry GS1 element strings (expected ${GS1_SYMBOLOGIES.join(', ')} or a Digital Link URI)` };
    return { read: { elements: [], problems: [problem], unparsed: data }, digitalLink: false };
  }
  if (data === '') {
    const where = aim === undefined ? 'the scan' : `symbology ${aim}`;
    return { read: { elements: [], problems: [{ code: 'no-data', message: `${where} carries no GS1 data` }] }, digitalLink: false };
  }
  return { read: data.startsWith('(') ? readBracketed(data, today) : readElements(data, today), digitalLink: false };
}

/** EAN-13/UPC-A (]E0) and EAN-8 (]E4) carry a bare GTIN: read as (01) padded to 14 digits. */
function readEan(aim: string, data: string, today: Gs1ParseOptions['today']): ElementsRead {
  const digits = aim === ']E4' ? 8 : 13;
  if (!new RegExp(`^\\d{${digits}}$`).test(data)) {
    return { elements: [], problems: [{ code: 'bad-length', ai: '01', message: `${aim} data ${JSON.stringify(data)} is not a ${digits}-digit GTIN` }], unparsed: data };
  }
  return readElements('01' + data.padStart(14, '0'), today);
}

/** Human-readable form "(01)09501101530003(10)ABC": each "(" + known AI + ")" opens an element. */
function readBracketed(data: string, today: Gs1ParseOptions['today']): ElementsRead {
  const opener = /\((\d{2,4})\)/g;
  const starts: { ai: string; at: number; dataAt: number }[] = [];
  for (const m of data.matchAll(opener)) {
    const ai = m[1] ?? '';
    if (m.index === 0 || lookupAi(ai)) starts.push({ ai, at: m.index, dataAt: m.index + m[0].length });
  }
  if (starts[0]?.at !== 0) return readElements(data, today); // not bracketed after all: report it as it is
  const inputs: Gs1ElementInput[] = starts.map((s, i) => ({ ai: s.ai, value: data.slice(s.dataAt, starts[i + 1]?.at ?? data.length) }));
  return readElements(encodeElementString(inputs), today);
}
