import type { KeyObject } from 'node:crypto';
import type { ServerKeyResponse, ServerKeyRotation } from '../schemas.js';
import { importPublicKey } from './keys.js';
import { signObject, verifyObjectSignature } from './server-signed.js';

export interface ServerKeyRef {
  readonly keyId: string;
  readonly publicKey: string;
}

/** The rotation statement a server signs with its old key when it starts signing with a new one. */
export function signServerKeyRotation(previous: { readonly keyId: string; readonly privateKey: KeyObject }, next: ServerKeyRef, rotatedAt: string): ServerKeyRotation {
  return signObject({ previousKeyId: previous.keyId, serverKeyId: next.keyId, publicKey: next.publicKey, rotatedAt }, previous.privateKey);
}

export type ServerKeyTrust = { readonly ok: true; readonly key: ServerKeyRef } | { readonly ok: false; readonly message: string };

/**
 * Whether a served server key may replace the pinned one: it is the pinned key, or a chain of
 * rotation statements leads from the pinned key to it, each signed by the key before it.
 */
export function trustServedServerKey(pinned: ServerKeyRef, served: ServerKeyResponse): ServerKeyTrust {
  if (served.serverKeyId === pinned.keyId) {
    return served.publicKey === pinned.publicKey ? { ok: true, key: pinned } : { ok: false, message: `the server presents key ${served.serverKeyId} with a public key other than the one pinned for that id` };
  }
  let current: ServerKeyRef = pinned;
  const byPrevious = new Map<string, ServerKeyRotation>();
  for (const rotation of served.rotations ?? []) byPrevious.set(rotation.previousKeyId, rotation);
  for (let hops = 0; hops <= byPrevious.size; hops++) {
    const rotation = byPrevious.get(current.keyId);
    if (!rotation) break;
    let previousKey: KeyObject;
    try {
      previousKey = importPublicKey(current.publicKey);
    } catch {
      break;
    }
    if (!verifyObjectSignature(rotation, previousKey)) {
      return { ok: false, message: `the rotation from server key ${current.keyId} to ${rotation.serverKeyId} is not signed by ${current.keyId}` };
    }
    current = { keyId: rotation.serverKeyId, publicKey: rotation.publicKey };
    if (current.keyId === served.serverKeyId) {
      return current.publicKey === served.publicKey ? { ok: true, key: current } : { ok: false, message: `server key ${served.serverKeyId} differs from the key its signed rotation names` };
    }
  }
  return { ok: false, message: `the server presents key ${served.serverKeyId}, and no rotation signed by the pinned key ${pinned.keyId} leads to it` };
}
