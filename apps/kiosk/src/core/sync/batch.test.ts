import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../store/records.js';
import { buildBatch } from './batch.js';

const stored = (seq: number, body = `{"seq":${seq}}`, keyId = 'K-1#1'): StoredRecord => ({ seq, id: `id-${seq}`, type: 't.x', keyId, hash: `h${seq}`, prevHash: `h${seq - 1}`, occurredAt: '', body });

describe('push batches', () => {
  it('is the exact JSON of the push request with the stored record texts inside', () => {
    const batch = buildBatch('K-1', [stored(1), stored(2)], (r) => r.keyId);
    expect(batch).toMatchObject({ fromSeq: 1, toSeq: 2, count: 2, keyId: 'K-1#1' });
    if (!batch || 'error' in batch) throw new Error('no batch');
    expect(JSON.parse(batch.body)).toEqual({ kioskId: 'K-1', keyId: 'K-1#1', records: [{ seq: 1 }, { seq: 2 }] });
  });

  it('stops at the record limit, at the byte limit, and where the key changes', () => {
    const many = Array.from({ length: 600 }, (_, i) => stored(i + 1));
    expect(buildBatch('K-1', many, (r) => r.keyId)).toMatchObject({ count: 500, toSeq: 500 });
    const big = [stored(1, `{"p":"${'x'.repeat(60)}"}`), stored(2, `{"p":"${'y'.repeat(60)}"}`)];
    const limited = buildBatch('K-1', big, (r) => r.keyId, { maxRecords: 500, maxBytes: 150 });
    expect(limited).toMatchObject({ count: 1, toSeq: 1 });
    if (limited && !('error' in limited)) expect(Buffer.byteLength(limited.body)).toBeLessThanOrEqual(150);
    expect(buildBatch('K-1', [stored(1), stored(2, undefined, 'K-1#2')], (r) => r.keyId)).toMatchObject({ count: 1, keyId: 'K-1#1' });
  });

  it('names the record that can never fit', () => {
    expect(buildBatch('K-1', [stored(7, `{"p":"${'x'.repeat(500)}"}`)], (r) => r.keyId, { maxRecords: 500, maxBytes: 100 })).toEqual({
      error: 'record seq 7 alone is larger than the 100-byte push limit',
    });
    expect(buildBatch('K-1', [], (r) => r.keyId)).toBeNull();
  });
});
