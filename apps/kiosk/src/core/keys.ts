import { chmodSync, existsSync, openSync, closeSync, readFileSync, writeSync, fsyncSync } from 'node:fs';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import { exportPublicKey, generateKioskKey, importPrivateKey, keyFingerprint } from '@lineside/sync-protocol/node';

export const KEY_FILE = 'kiosk-key.pem';

/** The kiosk's signing key: the private half stays in the core process, never sent to the UI. */
export interface KioskKey {
  readonly privateKey: KeyObject;
  /** SPKI DER, base64url: what enrollment sends. */
  readonly publicKey: string;
  readonly fingerprint: string;
  readonly file: string;
  readonly created: boolean;
}

export type LoadKeyResult = { ok: true; key: KioskKey } | { ok: false; code: 'key-unreadable' | 'key-missing'; message: string };

/**
 * Loads `<data>/kiosk-key.pem`, or makes the Ed25519 pair on first start (file mode 0600).
 * `mustExist` is set once the kiosk is enrolled: a lost key must not be silently replaced.
 */
export function loadOrCreateKey(dataDir: string, mustExist: boolean): LoadKeyResult {
  const file = path.join(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    if (mustExist) {
      return { ok: false, code: 'key-missing', message: `kiosk key ${file} is missing but this kiosk is already enrolled: restore the file or enroll again with a new data folder` };
    }
    const material = generateKioskKey();
    // 'wx' refuses to overwrite a key another process just wrote.
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, material.privateKeyPem);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(file, 0o600);
    const privateKey = importPrivateKey(material.privateKeyPem);
    return { ok: true, key: { privateKey, publicKey: material.publicKey, fingerprint: keyFingerprint(material.publicKey), file, created: true } };
  }
  let privateKey: KeyObject;
  try {
    privateKey = importPrivateKey(readFileSync(file, 'utf8'));
  } catch (error) {
    return { ok: false, code: 'key-unreadable', message: `kiosk key ${file} cannot be read as an Ed25519 PKCS#8 PEM: ${(error as Error).message}` };
  }
  const publicKey = exportPublicKey(createPublicKey(privateKey));
  return { ok: true, key: { privateKey, publicKey, fingerprint: keyFingerprint(publicKey), file, created: false } };
}
