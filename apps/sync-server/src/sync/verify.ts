import type { KeyObject } from 'node:crypto';
import type { SignedRecord } from '@lineside/sync-protocol';
import { chainLinkProblem, verifyChain } from '@lineside/sync-protocol/node';

export type ChainCheck = ReturnType<typeof verifyChain>;

/**
 * Verifies every signature of a batch and the links between its own records, anchored on the first
 * record's own prevHash: the part of the push that needs no database, so it runs before the
 * transaction (off the write lock) and may run on a worker thread. The link to the stored chain is
 * checked inside the transaction.
 */
export type BatchVerifier = (records: readonly SignedRecord[], publicKey: KeyObject) => Promise<ChainCheck>;

export function verifyBatchHere(records: readonly SignedRecord[], publicKey: KeyObject): ChainCheck {
  const first = records[0]!;
  return verifyChain(records, publicKey, { seq: first.seq - 1, hash: first.prevHash });
}

export const verifyInProcess: BatchVerifier = (records, publicKey) => Promise.resolve(verifyBatchHere(records, publicKey));

/**
 * Joins the checks of consecutive slices of one batch, each verified on its own (on different threads),
 * into the answer one pass over the whole batch gives: the first failure by position, with the same
 * reason and words, or every hash in order. Each slice was anchored on its own first record, so the link
 * from one slice to the next — seq and prevHash — is checked here.
 */
export function joinChainChecks(slices: readonly (readonly SignedRecord[])[], checks: readonly ChainCheck[]): ChainCheck {
  const hashes: string[] = [];
  let offset = 0;
  for (const [k, slice] of slices.entries()) {
    const check = checks[k]!;
    const first = slice[0];
    if (k > 0 && first) {
      const before = slices[k - 1]!;
      const broken = chainLinkProblem(first, { seq: before[before.length - 1]!.seq, hash: hashes[hashes.length - 1]! });
      if (broken) return { ok: false, index: offset, reason: 'broken-chain', message: broken };
    }
    if (!check.ok) return { ...check, index: check.index + offset };
    hashes.push(...check.hashes);
    offset += slice.length;
  }
  return { ok: true, hashes };
}
