import type { KeyObject } from 'node:crypto';
import type { SignedRecord } from '@lineside/sync-protocol';
import { verifyChain } from '@lineside/sync-protocol/node';

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
