import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_FILE, loadOrCreateKey } from './keys.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lineside-kiosk-keys-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('kiosk key', () => {
  it('is made on first start as a 0600 file and the same key is loaded afterwards', () => {
    const dir = tempDir();
    const first = loadOrCreateKey(dir, false);
    if (!first.ok) throw new Error(first.message);
    expect(first.key.created).toBe(true);
    expect(statSync(path.join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    const again = loadOrCreateKey(dir, true);
    expect(again).toMatchObject({ ok: true, key: { created: false, publicKey: first.key.publicKey, fingerprint: first.key.fingerprint } });
  });

  it('is never silently replaced once the kiosk is enrolled, and a damaged file is named', () => {
    const dir = tempDir();
    expect(loadOrCreateKey(dir, true)).toEqual({ ok: false, code: 'key-missing', message: expect.stringContaining(`${path.join(dir, KEY_FILE)} is missing`) });
    writeFileSync(path.join(dir, KEY_FILE), 'not a key');
    expect(loadOrCreateKey(dir, false)).toMatchObject({ ok: false, code: 'key-unreadable', message: expect.stringContaining('cannot be read as an Ed25519 PKCS#8 PEM') });
  });
});
