import { describe, expect, expectTypeOf, it } from 'vitest';
import { Compile } from 'typebox/compile';
import type { SignedRecord } from './envelope.js';
import { EnrollResponseSchema, ErrorBodySchema, PushRequestSchema, SignedRecordSchema, type EnrollResponse, type SignedRecordWire } from './schemas.js';
import vector from '../test-vectors/weighing-recorded.json' with { type: 'json' };

describe('wire schemas', () => {
  const record = { ...vector.unsigned, sig: vector.sig };

  it('accept the worked example and type it as a SignedRecord', () => {
    expect(Compile(SignedRecordSchema).Check(record)).toBe(true);
    expect(Compile(PushRequestSchema).Check({ kioskId: 'K-DISP-1', keyId: 'K-DISP-1#1', records: [record] })).toBe(true);
    expectTypeOf<SignedRecordWire>().toExtend<SignedRecord>();
    expectTypeOf<EnrollResponse['status']>().toEqualTypeOf<'pending' | 'active' | 'revoked' | 'quarantined'>();
  });

  it('refuse unknown members, float-free violations and bad enums, naming the path', () => {
    const check = Compile(SignedRecordSchema);
    expect(check.Check({ ...record, extra: 1 })).toBe(false);
    expect([...check.Errors({ ...record, seq: 0 })].map((e) => e.instancePath)).toContain('/seq');
    expect(check.Check({ ...record, alg: 'RSA' })).toBe(false);
    expect(check.Check({ ...record, prevHash: 'sha256:xyz' })).toBe(false);
    expect(Compile(EnrollResponseSchema).Check({ kioskId: 'K', keyId: 'K#1', stationId: 'S', status: 'sleeping', serverTime: '2026-11-25T08:00:00Z' })).toBe(false);
    expect(Compile(ErrorBodySchema).Check({ status: 'error', reason: 'seq-gap', message: 'x', expectedSeq: 4 })).toBe(true);
    expect(Compile(ErrorBodySchema).Check({ status: 'error', reason: 'made-up', message: 'x' })).toBe(false);
  });
});
