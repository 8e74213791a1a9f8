import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportPublicKey } from '@lineside/sync-protocol/node';
import { buildApp } from '../../apps/sync-server/src/app.js';
import { fileKeyProvider } from '../../apps/sync-server/src/security/server-key-store.js';
import { PG_URL, pgReachable } from '../support/tools.js';

const reachable = await pgReachable();
const mode = (file: string) => statSync(file).mode & 0o777;
const publicOf = (pem: string) => exportPublicKey(createPublicKey(createPrivateKey(pem)));

describe("the server's signing key is kept out of the database", () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lineside-key-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('a new server writes it to a 0600 file in a 0700 folder beside the 0600 database, and the database holds only the public key', async () => {
    const dir = newDir();
    const file = path.join(dir, 'lineside.sqlite');
    const app = await buildApp({ database: { engine: 'sqlite', file } });
    try {
      const keyFile = path.join(dir, 'keys', 'server-1.pem');
      expect(mode(keyFile)).toBe(0o600);
      expect(mode(path.join(dir, 'keys'))).toBe(0o700);
      expect(mode(file)).toBe(0o600);
      if (existsSync(`${file}-wal`)) expect(mode(`${file}-wal`)).toBe(0o600);
      const rows = await app.db.selectFrom('server_keys').selectAll().execute();
      expect(rows.map((r) => ({ keyId: r.key_id, privateKeyPem: r.private_key_pem }))).toEqual([{ keyId: 'server#1', privateKeyPem: '' }]);
      // No column of any table holds a private key.
      const dump = JSON.stringify(await app.db.selectFrom('server_keys').selectAll().execute());
      expect(dump).not.toContain('PRIVATE KEY');
      const served = (await app.inject({ method: 'GET', url: '/sync/v1/server-key' })).json();
      expect(served).toEqual({ serverKeyId: 'server#1', publicKey: publicOf(readFileSync(keyFile, 'utf8')), rotations: [] });
    } finally {
      await app.close();
    }
  });

  it('an existing database with the key in the clear keeps working: the same key moves to the file and the column is blanked', async () => {
    const dir = newDir();
    const file = path.join(dir, 'lineside.sqlite');
    const first = await buildApp({ database: { engine: 'sqlite', file } });
    const keyFile = path.join(dir, 'keys', 'server-1.pem');
    const pem = readFileSync(keyFile, 'utf8');
    const before = (await first.inject({ method: 'GET', url: '/sync/v1/server-key' })).json();
    // What a database of the earlier version looks like: the private key in the row, no file.
    await first.db.updateTable('server_keys').set({ private_key_pem: pem }).execute();
    await first.close();
    rmSync(path.join(dir, 'keys'), { recursive: true });

    const upgraded = await buildApp({ database: { engine: 'sqlite', file } });
    try {
      expect(readFileSync(keyFile, 'utf8')).toBe(pem);
      expect(mode(keyFile)).toBe(0o600);
      expect((await upgraded.db.selectFrom('server_keys').select('private_key_pem').executeTakeFirstOrThrow()).private_key_pem).toBe('');
      expect((await upgraded.inject({ method: 'GET', url: '/sync/v1/server-key' })).json()).toEqual(before);
    } finally {
      await upgraded.close();
    }
  });

  it('refuses to start, naming the folder, when the key file is missing or belongs to another server', async () => {
    const dir = newDir();
    const file = path.join(dir, 'lineside.sqlite');
    await (await buildApp({ database: { engine: 'sqlite', file } })).close();
    rmSync(path.join(dir, 'keys'), { recursive: true });
    await expect(buildApp({ database: { engine: 'sqlite', file } })).rejects.toThrow(/server key server#1 is not in the key folder .*keys/);
    const other = newDir();
    await (await buildApp({ database: { engine: 'sqlite', file: path.join(other, 'lineside.sqlite') } })).close();
    await expect(buildApp({ database: { engine: 'sqlite', file }, serverKeys: fileKeyProvider(path.join(other, 'keys')) })).rejects.toThrow(/does not match the public key in the database/);
  });

  it.skipIf(!reachable)('on PostgreSQL the key needs a folder and is never written to the database', async () => {
    const schema = `lt_key_${process.pid}_${Date.now() % 100000}`;
    await expect(buildApp({ database: { engine: 'postgres', url: PG_URL, schema } })).rejects.toThrow(/PostgreSQL needs a folder for its signing key/);
    const dir = newDir();
    const app = await buildApp({ database: { engine: 'postgres', url: PG_URL, schema }, serverKeys: fileKeyProvider(dir) });
    try {
      expect(mode(path.join(dir, 'server-1.pem'))).toBe(0o600);
      expect((await app.db.selectFrom('server_keys').select('private_key_pem').executeTakeFirstOrThrow()).private_key_pem).toBe('');
    } finally {
      await app.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await app.close();
    }
  });
});
