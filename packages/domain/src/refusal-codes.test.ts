import { describe, expect, it } from 'vitest';
import * as domain from './index.js';

const lists = Object.entries(domain).filter(([name]) => name.endsWith('_REFUSAL_CODES')) as [string, readonly string[]][];

describe('refusal code vocabularies', () => {
  it('every aggregate publishes one, kebab-case and without duplicates', () => {
    expect(lists.map(([name]) => name).sort()).toEqual([
      'DEVIATION_REFUSAL_CODES',
      'EQUIPMENT_REFUSAL_CODES',
      'HOLD_REFUSAL_CODES',
      'LABEL_REFUSAL_CODES',
      'LOT_REFUSAL_CODES',
      'ORDER_REFUSAL_CODES',
      'SIGNATURE_REFUSAL_CODES',
      'SIGNER_REFUSAL_CODES',
      'SSCC_REFUSAL_CODES',
      'STATION_REFUSAL_CODES',
      'USABILITY_REFUSAL_CODES',
      'WEIGHING_REFUSAL_CODES',
    ]);
    for (const [name, codes] of lists) {
      expect(new Set(codes).size, name).toBe(codes.length);
      for (const code of codes) expect(code, name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
    }
  });

  it('DOMAIN_EVENT_TYPES names every event once', () => {
    expect(new Set(domain.DOMAIN_EVENT_TYPES).size).toBe(domain.DOMAIN_EVENT_TYPES.length);
    expect(domain.DOMAIN_EVENT_TYPES).toContain('WeighingRecorded');
  });
});
