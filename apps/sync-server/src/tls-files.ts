import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface TlsFiles {
  readonly cert: string;
  readonly key: string;
}

type Read = { ok: true; text: string } | { ok: false; code: 'tls-file-unreadable'; message: string };

function readPem(flag: string, file: string): Read {
  try {
    return { ok: true, text: readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable by this user' : code === 'EISDIR' ? 'is a folder, not a file' : (error as Error).message;
    return { ok: false, code: 'tls-file-unreadable', message: `${flag} ${file} ${reason}` };
  }
}

/** Reads --tls-cert/--tls-key and checks they are a PEM certificate and the PEM private key that matches it. */
export function readTlsFiles(certFile: string, keyFile: string): { ok: true; value: TlsFiles } | { ok: false; code: 'tls-file-unreadable' | 'tls-not-pem' | 'tls-key-mismatch'; message: string } {
  const cert = readPem('--tls-cert', certFile);
  if (!cert.ok) return cert;
  const key = readPem('--tls-key', keyFile);
  if (!key.ok) return key;
  let certificate: X509Certificate;
  try {
    if (!cert.text.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no BEGIN CERTIFICATE block');
    certificate = new X509Certificate(cert.text);
  } catch {
    return { ok: false, code: 'tls-not-pem', message: `--tls-cert ${certFile} is not a PEM certificate (-----BEGIN CERTIFICATE-----)` };
  }
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key.text)) throw new Error('no BEGIN PRIVATE KEY block');
    privateKey = createPrivateKey(key.text);
  } catch {
    return { ok: false, code: 'tls-not-pem', message: `--tls-key ${keyFile} is not an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)` };
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    return { ok: false, code: 'tls-key-mismatch', message: `--tls-key ${keyFile} is not the private key of the certificate in ${certFile}` };
  }
  return { ok: true, value: { cert: cert.text, key: key.text } };
}
