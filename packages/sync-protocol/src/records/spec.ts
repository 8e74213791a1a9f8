import type { TSchema } from 'typebox';
import { RECORD_CONTRACTS } from './catalog.js';
import { CalibrationStatus, HoldTarget, ShiftRef, Signature } from './fields.js';
import { TargetBasis } from './order.js';

/**
 * The "Record types" section of the spec (README.md), generated from the catalog so that the two
 * cannot drift: a test compares it with the README, and `node scripts/spec-record-types.js` rewrites it.
 */
type Json = { readonly [key: string]: unknown };

const DECIMAL = '^[+-]?\\d+(\\.\\d+)?$';
const esc = (text: string) => text.replace(/\|/g, '\\|');

function typeOf(schema: Json, shared: boolean): string {
  if (shared && typeof schema['title'] === 'string') return `[${schema['title']}](#${String(schema['title']).toLowerCase()})`;
  if ('const' in schema) return `\`${JSON.stringify(schema['const'])}\``;
  if (Array.isArray(schema['enum'])) return (schema['enum'] as unknown[]).map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (Array.isArray(schema['anyOf'])) return (schema['anyOf'] as Json[]).map((s) => typeOf(s, true)).join(' \\| ');
  switch (schema['type']) {
    case 'string': {
      const pattern = schema['pattern'];
      if (pattern === DECIMAL) return 'decimal string';
      if (typeof pattern === 'string' && pattern.startsWith('^\\d{4}-\\d{2}-\\d{2}T')) return 'ISO 8601 time with offset';
      if (pattern === '^\\d{4}-\\d{2}-\\d{2}$') return 'date `YYYY-MM-DD`';
      if (typeof pattern === 'string') return `string \`${pattern}\``;
      return schema['minLength'] === 1 ? 'non-empty string' : 'string';
    }
    case 'integer':
      return typeof schema['minimum'] === 'number' ? `integer ≥ ${schema['minimum']}` : 'integer';
    case 'boolean':
      return 'boolean';
    case 'array':
      return `array of ${typeOf(schema['items'] as Json, true)}`;
    case 'object': {
      const pattern = schema['patternProperties'] as Json | undefined;
      if (pattern) return `object of ${Object.values(pattern).map((s) => typeOf(s as Json, true)).join(', ')}`;
      const properties = Object.keys((schema['properties'] as Json | undefined) ?? {});
      return `object { ${properties.map((p) => `\`${p}\``).join(', ')} }`;
    }
    default:
      return 'JSON';
  }
}

function rows(schema: Json): string[] {
  if (Array.isArray(schema['anyOf'])) return (schema['anyOf'] as Json[]).flatMap((variant, i) => [`| *variant ${i + 1}* | | |`, ...rows(variant)]);
  const required = new Set((schema['required'] as string[] | undefined) ?? []);
  return Object.entries((schema['properties'] as Record<string, Json> | undefined) ?? {}).map(
    ([name, member]) => `| \`${name}\`${required.has(name) ? '' : ' (optional)'} | ${typeOf(member, true)} | ${esc(String(member['description'] ?? ''))} |`,
  );
}

const table = (schema: Json) => ['| member | type | meaning |', '|---|---|---|', ...rows(schema)].join('\n');

export function recordTypesMarkdown(): string {
  const out: string[] = [];
  out.push('| type | payloadSchema | subject | what it records |', '|---|---|---|---|');
  const anchor = (c: (typeof RECORD_CONTRACTS)[number]) => `${c.type.replace(/\./g, '')}${c.version > 1 ? `-version-${c.version}` : ''}`;
  const heading = (c: (typeof RECORD_CONTRACTS)[number]) => `${c.type}${c.version > 1 ? ` (version ${c.version})` : ''}`;
  for (const c of RECORD_CONTRACTS) out.push(`| [\`${c.type}\`](#${anchor(c)}) | \`${c.payloadSchema}\` | ${c.subject.map((s) => `\`${s}\``).join(', ') || '—'} | ${esc(c.description)} |`);
  for (const c of RECORD_CONTRACTS) {
    out.push('', `#### ${heading(c)}`, '', `\`${c.payloadSchema}\`${c.subject.length > 0 ? `, subject ${c.subject.map((s) => `\`${s}\``).join(', ')}` : ''}. ${c.description}`, '', table(c.payload as unknown as Json));
  }
  out.push('', '#### Shared shapes');
  for (const schema of [Signature, ShiftRef, HoldTarget, CalibrationStatus, TargetBasis] as TSchema[]) {
    const json = schema as unknown as Json;
    out.push('', `##### ${String(json['title'])}`, '', table(json));
  }
  return out.join('\n');
}

export const RECORD_TYPES_BEGIN = '<!-- record-types:begin (generated from src/records by scripts/spec-record-types.js; do not edit) -->';
export const RECORD_TYPES_END = '<!-- record-types:end -->';

/** The README with its generated section replaced by the catalog's. */
export function withRecordTypes(readme: string): string {
  const begin = readme.indexOf(RECORD_TYPES_BEGIN);
  const end = readme.indexOf(RECORD_TYPES_END);
  if (begin < 0 || end < begin) throw new Error('README.md has no record-types markers');
  return `${readme.slice(0, begin + RECORD_TYPES_BEGIN.length)}\n${recordTypesMarkdown()}\n${readme.slice(end)}`;
}
