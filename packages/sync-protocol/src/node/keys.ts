import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** A kiosk's key pair as stored on disk: PKCS#8 PEM private key, SPKI DER public key in base64url. */
export interface KioskKeyMaterial {
  readonly privateKeyPem: string;
  readonly publicKey: string;
}

export function generateKioskKey(): KioskKeyMaterial {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: exportPublicKey(publicKey),
  };
}

export function exportPublicKey(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'der' }).toString('base64url');
}

/** Imports a public key given as base64url SPKI DER; throws a KeyFormatError naming the problem. */
export function importPublicKey(spkiBase64Url: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(spkiBase64Url, 'base64url'), format: 'der', type: 'spki' });
  } catch (error) {
    throw new KeyFormatError(`public key is not base64url SPKI DER: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new KeyFormatError(`public key is ${key.asymmetricKeyType}, not ed25519`);
  return key;
}

export function importPrivateKey(pkcs8Pem: string): KeyObject {
  const key = createPrivateKey({ key: pkcs8Pem, format: 'pem' });
  if (key.asymmetricKeyType !== 'ed25519') throw new KeyFormatError(`private key is ${key.asymmetricKeyType}, not ed25519`);
  return key;
}

/** Short, stable fingerprint of a public key: first 16 hex of SHA-256 over the SPKI DER. */
export function keyFingerprint(spkiBase64Url: string): string {
  return createHash('sha256').update(Buffer.from(spkiBase64Url, 'base64url')).digest('hex').slice(0, 16);
}

export class KeyFormatError extends Error {
  override name = 'KeyFormatError';
}
