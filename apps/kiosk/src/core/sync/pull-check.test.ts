import { sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalize, type PullResponse } from '@lineside/sync-protocol';
import { generateKioskKey, importPrivateKey } from '@lineside/sync-protocol/node';
import { checkPullPage } from './pull-check.js';

const server = generateKioskKey();
const other = generateKioskKey();

function signed(unsigned: Omit<PullResponse, 'sig'>, pem = server.privateKeyPem): PullResponse {
  return { ...unsigned, sig: sign(null, Buffer.from(canonicalize(unsigned), 'utf8'), importPrivateKey(pem)).toString('base64url') };
}

const page = (over: Partial<Omit<PullResponse, 'sig'>> = {}) =>
  signed({
    from: 3,
    to: 5,
    complete: true,
    changes: [
      { entity: 'equipment', id: 'BAL-01', version: 4, op: 'put', data: { id: 'BAL-01' } },
      { entity: 'lot', id: 'L-1', version: 5, op: 'remove', data: null },
    ],
    serverTime: '2026-11-25T10:00:00.000Z',
    serverKeyId: 'server#1',
    ...over,
  });
const expected = { cursor: 3, serverKeyId: 'server#1', serverPublicKey: server.publicKey };

describe('checkPullPage', () => {
  it('accepts a page the server key signed, from the cursor asked, in commit order', () => {
    expect(checkPullPage(page(), expected)).toEqual({ ok: true });
  });

  it('refuses a page whose contents were changed after signing', () => {
    const tampered = { ...page(), changes: [{ entity: 'equipment', id: 'BAL-01', version: 4, op: 'put' as const, data: { id: 'BAL-99' } }] };
    expect(checkPullPage(tampered, expected)).toMatchObject({ ok: false, code: 'bad-pull', message: expect.stringMatching(/signature does not verify with server key server#1/) });
  });

  it('refuses a page signed by another key or naming another key id', () => {
    expect(checkPullPage(signed({ ...page(), serverKeyId: 'server#1' }, other.privateKeyPem), expected)).toMatchObject({ ok: false, message: expect.stringMatching(/does not verify/) });
    expect(checkPullPage(page({ serverKeyId: 'server#2' }), expected)).toMatchObject({ ok: false, message: expect.stringMatching(/signed by server key server#2, but the known server key is server#1/) });
  });

  it('refuses a page for another cursor, changes outside (from, to] or out of order', () => {
    expect(checkPullPage(page({ from: 2 }), expected)).toMatchObject({ ok: false, message: expect.stringMatching(/answers cursor 2, but the kiosk asked from 3/) });
    const outside = page({ changes: [{ entity: 'lot', id: 'L-1', version: 9, op: 'remove', data: null }] });
    expect(checkPullPage(outside, expected)).toMatchObject({ ok: false, message: expect.stringMatching(/lot L-1 has version 9, outside 3\.\.5/) });
    const backwards = page({
      changes: [
        { entity: 'lot', id: 'L-1', version: 5, op: 'remove', data: null },
        { entity: 'lot', id: 'L-2', version: 4, op: 'remove', data: null },
      ],
    });
    expect(checkPullPage(backwards, expected)).toMatchObject({ ok: false, message: expect.stringMatching(/not in commit order/) });
  });

  it('refuses an incomplete page that does not move the cursor (it would loop forever)', () => {
    expect(checkPullPage(page({ to: 3, complete: false, changes: [] }), expected)).toMatchObject({ ok: false, message: expect.stringMatching(/moves the cursor nowhere/) });
  });
});
