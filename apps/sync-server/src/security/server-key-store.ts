import { mkdirSync, openSync, readFileSync, writeSync, closeSync, fsyncSync, chmodSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the server's private signing keys live: never in the database (issue 9 §4). A small
 * KMS-style interface so a plant can put the key in an HSM or a secrets manager; the file provider
 * (one 0600 PEM per key in a 0700 folder of the data folder) is the default.
 */
export interface ServerKeyProvider {
  /** Names the place in messages, e.g. the folder. */
  readonly description: string;
  /** The PKCS#8 PEM of `keyId`, or undefined when this provider holds none. */
  load(keyId: string): Promise<string | undefined>;
  /**
   * Stores a new key unless one is there already (another process won the race); answers the
   * PEM that is stored now, so every process on one data folder signs with the same key.
   */
  create(keyId: string, pem: string): Promise<string>;
}

/** `server#1` → `server-1.pem`: key ids are ours, but a file name must never climb out of the folder. */
function fileName(keyId: string): string {
  return `${keyId.replace(/[^A-Za-z0-9_-]/g, '-')}.pem`;
}

export function fileKeyProvider(folder: string): ServerKeyProvider {
  const dir = path.resolve(folder);
  return {
    description: `the key folder ${dir}`,
    async load(keyId) {
      try {
        return readFileSync(path.join(dir, fileName(keyId)), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async create(keyId, pem) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, fileName(keyId));
      let fd: number;
      try {
        // wx: exclusive create, so of two processes starting at once exactly one writes the key.
        fd = openSync(file, 'wx', 0o600);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8');
        throw error;
      }
      try {
        writeSync(fd, pem);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      chmodSync(file, 0o600); // whatever the umask
      return pem;
    },
  };
}

/** Keys only for the life of the process: for a `:memory:` database, which dies with it anyway. */
export function memoryKeyProvider(): ServerKeyProvider {
  const keys = new Map<string, string>();
  return {
    description: 'process memory',
    async load(keyId) {
      return keys.get(keyId);
    },
    async create(keyId, pem) {
      if (!keys.has(keyId)) keys.set(keyId, pem);
      return keys.get(keyId)!;
    },
  };
}
