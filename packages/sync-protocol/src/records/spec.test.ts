import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECORD_CONTRACTS } from './catalog.js';
import { recordTypesMarkdown, RECORD_TYPES_BEGIN, RECORD_TYPES_END, withRecordTypes } from './spec.js';

// The spec's "Record types" section is generated from the catalog: it cannot drift from what the kiosk builds and the server checks.
describe('the spec lists every record type with its payload', () => {
  const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');

  it('README.md holds exactly the generated section (node scripts/spec-record-types.js rewrites it)', () => {
    expect(readme).toContain(RECORD_TYPES_BEGIN);
    expect(readme).toContain(RECORD_TYPES_END);
    expect(withRecordTypes(readme)).toBe(readme);
  });

  it('names every payloadSchema of the catalog and every member of its payload', () => {
    const section = recordTypesMarkdown();
    for (const c of RECORD_CONTRACTS) {
      expect(section).toContain(`\`${c.payloadSchema}\``);
      for (const member of Object.keys(c.payload.properties)) expect(section).toContain(`| \`${member}\``);
    }
  });
});
