import type { PullResponse } from '@lineside/sync-protocol';
import { importPublicKey, verifyObjectSignature } from '@lineside/sync-protocol/node';

export type PullCheck = { readonly ok: true } | { readonly ok: false; readonly code: 'bad-pull'; readonly message: string };

/**
 * A master-data page counts only if the server's key signed it, it starts at the cursor asked for,
 * and its changes lie in (from, to] in commit order: otherwise nothing of it is applied.
 */
export function checkPullPage(page: PullResponse, expected: { cursor: number; serverKeyId: string; serverPublicKey: string }): PullCheck {
  const fail = (message: string): PullCheck => ({ ok: false, code: 'bad-pull', message: `master-data page from version ${page.from}: ${message}` });
  if (page.serverKeyId !== expected.serverKeyId) return fail(`signed by server key ${page.serverKeyId}, but the known server key is ${expected.serverKeyId}`);
  if (!verifyObjectSignature(page, importPublicKey(expected.serverPublicKey))) return fail(`signature does not verify with server key ${expected.serverKeyId}`);
  if (page.from !== expected.cursor) return fail(`answers cursor ${page.from}, but the kiosk asked from ${expected.cursor}`);
  if (page.to < page.from) return fail(`ends at version ${page.to}, before it starts`);
  let previous = page.from;
  for (const change of page.changes) {
    if (change.version <= page.from || change.version > page.to) return fail(`${change.entity} ${change.id} has version ${change.version}, outside ${page.from}..${page.to}`);
    if (change.version < previous) return fail(`${change.entity} ${change.id} version ${change.version} comes after version ${previous}: not in commit order`);
    previous = change.version;
  }
  if (!page.complete && page.to === page.from) return fail('is incomplete but moves the cursor nowhere');
  return { ok: true };
}
