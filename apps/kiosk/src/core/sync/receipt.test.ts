import { sign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalize, type Receipt } from '@lineside/sync-protocol';
import { generateKioskKey, importPrivateKey } from '@lineside/sync-protocol/node';
import { openTestStore, weighingDraft } from '../../../../../tests/kiosk/support/kiosk-fixture.js';
import { checkReceipt } from './receipt.js';

const serverKey = generateKioskKey();
const signReceipt = (receipt: Omit<Receipt, 'sig'>): Receipt => ({ ...receipt, sig: sign(null, Buffer.from(canonicalize(receipt)), importPrivateKey(serverKey.privateKeyPem)).toString('base64url') });

const stores: Array<ReturnType<typeof openTestStore>> = [];
afterEach(() => stores.splice(0).forEach((s) => s.cleanup()));

describe('push receipts', () => {
  it('counts only a receipt signed by the server key, for this kiosk, naming a hash this kiosk holds', () => {
    const store = openTestStore();
    stores.push(store);
    const appended = store.log.append(weighingDraft('1.000'));
    if (!appended.ok) throw new Error(appended.message);
    const expected = { kioskId: 'K-DISP-1', serverKeyId: 'server#1', serverPublicKey: serverKey.publicKey, records: store.records };
    const fields = { kioskId: 'K-DISP-1', ackedSeq: 1, ackedHash: appended.appended.hash, serverTime: '2026-11-25T08:00:00.000Z', serverKeyId: 'server#1' };
    const good = signReceipt(fields);
    expect(checkReceipt(good, expected)).toEqual({ ok: true });

    expect(checkReceipt({ ...good, ackedSeq: 1, serverTime: '2026-11-25T08:00:01.000Z' }, expected)).toMatchObject({ ok: false, message: expect.stringContaining('signature does not verify') });
    expect(checkReceipt(signReceipt({ ...fields, serverKeyId: 'server#2' }), expected)).toMatchObject({ ok: false, message: expect.stringContaining('known server key is server#1') });
    expect(checkReceipt(signReceipt({ ...fields, kioskId: 'K-GRAN-1' }), expected)).toMatchObject({ ok: false, message: expect.stringContaining('not this kiosk K-DISP-1') });
    expect(checkReceipt(signReceipt({ ...fields, ackedSeq: 2 }), expected)).toMatchObject({ ok: false, message: expect.stringContaining('seq 2, which this kiosk never wrote') });
    expect(checkReceipt(signReceipt({ ...fields, ackedHash: `sha256:${'f'.repeat(64)}` }), expected)).toMatchObject({ ok: false, code: 'bad-receipt', message: expect.stringContaining("this kiosk's record has") });
  });
});
