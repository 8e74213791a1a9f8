import { afterEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '@lineside/sync-protocol';
import { importPublicKey, verifyChain } from '@lineside/sync-protocol/node';
import { openTestStore, weighingDraft } from '../../../../tests/kiosk/support/kiosk-fixture.js';
import { parseStored } from './store/records.js';

const stores: Array<ReturnType<typeof openTestStore>> = [];
const open = (options?: Parameters<typeof openTestStore>[0]) => {
  const store = openTestStore(options);
  stores.push(store);
  return store;
};
afterEach(() => {
  for (const store of stores.splice(0)) store.cleanup();
});

describe('the kiosk log', () => {
  it('appends gap-free signed records whose chain verifies with the kiosk key', () => {
    const store = open();
    const appended = ['12.345', '12.346', '0.001', '199.99999'].map((value) => {
      store.clock.advance(1000);
      const result = store.log.append(weighingDraft(value));
      if (!result.ok) throw new Error(result.message);
      return result.appended;
    });
    expect(appended.map((a) => a.seq)).toEqual([1, 2, 3, 4]);
    const all = store.records.after(0, 100).map(parseStored);
    expect(all[0]!.prevHash).toBe(GENESIS_HASH);
    const check = verifyChain(all, importPublicKey(store.key.publicKey));
    expect(check).toEqual({ ok: true, hashes: appended.map((a) => a.hash) });
    expect(all.map((r) => r.payload.value)).toEqual(['12.345', '12.346', '0.001', '199.99999']);
    expect(all[0]).toMatchObject({ kioskId: 'K-DISP-1', keyId: 'K-DISP-1#1', occurredAt: '2026-11-25T09:00:01.000+01:00', masterDataVersion: 0 });
    expect(store.log.head()).toEqual({ seq: 4, hash: appended[3]!.hash });
  });

  it('stamps a hybrid logical clock that keeps rising when the wall clock is set back', () => {
    const store = open();
    store.log.append(weighingDraft('1.000'));
    store.clock.stepWall(-60_000);
    store.log.append(weighingDraft('2.000'));
    const [first, second, third] = store.records.after(0, 10).map(parseStored);
    // The step back was recorded as a clock.anomaly in the same transaction, before the weighing.
    expect([second!.type, third!.type]).toEqual(['clock.anomaly', 'weighing.recorded']);
    expect(second!.payload).toMatchObject({ kind: 'wall-clock-step', jumpMs: '-60000' });
    expect(third!.time.hlc > first!.time.hlc).toBe(true);
  });

  it('refuses UPDATE and DELETE of records at the database itself', () => {
    const store = open();
    store.log.append(weighingDraft('5.000'));
    expect(() => store.db.prepare("UPDATE records SET body = '{}' WHERE seq = 1").run()).toThrow(/append-only: UPDATE refused/);
    expect(() => store.db.prepare('DELETE FROM records WHERE seq = 1').run()).toThrow(/append-only: DELETE refused/);
    expect(parseStored(store.records.bySeq(1)!).payload.value).toBe('5.000');
  });

  it('rolls the record back when a projection write in the same transaction fails', () => {
    const store = open();
    store.db.exec('CREATE TABLE lot_quantity (lot TEXT PRIMARY KEY, grams TEXT NOT NULL CHECK (grams NOT LIKE \'-%\'))');
    const ok = store.log.append(weighingDraft('3.000'), () => store.db.prepare("INSERT INTO lot_quantity VALUES ('PCM-2401', '3.000')").run());
    expect(ok.ok).toBe(true);
    expect(() => store.log.append(weighingDraft('4.000'), () => store.db.prepare("INSERT INTO lot_quantity VALUES ('PCM-2402', '-4.000')").run())).toThrow(/CHECK constraint/);
    expect(store.log.head().seq).toBe(1);
    const next = store.log.append(weighingDraft('4.000'));
    expect(next.ok && next.appended.seq).toBe(2);
    expect(verifyChain(store.records.after(0, 10).map(parseStored), importPublicKey(store.key.publicKey)).ok).toBe(true);
  });

  it('throws, naming the path, on a draft that breaks its record contract, and signs nothing', () => {
    const store = open();
    const draft = weighingDraft('1.000');
    expect(() => store.log.append({ ...draft, payload: { ...draft.payload, value: 1 } })).toThrow(/weighing\.recorded record that breaks its contract at \/payload\/value/);
    expect(() => store.log.append({ ...draft, type: 'weighing.made-up', payloadSchema: 'weighing.made-up@1' })).toThrow(/at \/payloadSchema/);
    expect(store.log.head().seq).toBe(0);
    expect(store.log.append(draft).ok).toBe(true);
  });

  it('refuses to sign before enrollment, naming what to do', () => {
    const store = open({ enrolled: false });
    expect(store.log.append(weighingDraft('1.000'))).toEqual({ ok: false, code: 'not-enrolled', message: expect.stringContaining('--enroll-code') });
    expect(store.log.head().seq).toBe(0);
  });

  it('writes a clock.anomaly record when the wall clock jumps against the monotonic clock', () => {
    const store = open();
    store.clock.advance(500);
    expect(store.log.checkClock()).toEqual([]);
    store.clock.advance(1000);
    store.clock.stepWall(3_600_000);
    const anomalies = store.log.checkClock();
    expect(anomalies).toHaveLength(1);
    const record = parseStored(store.records.bySeq(1)!);
    expect(record.type).toBe('clock.anomaly');
    expect(record.payload).toMatchObject({ kind: 'wall-clock-step', wallDeltaMs: '3601000', monoDeltaMs: '1000', jumpMs: '3600000' });
    // A small drift below the threshold is not an anomaly.
    store.clock.advance(1000);
    store.clock.stepWall(1500);
    expect(store.log.checkClock()).toEqual([]);
  });
});
