import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export const BROWSER_TOKEN_FILE = 'browser-token';

/**
 * Browser mode's page token, new at every start, kept in a 0600 file in the data folder and never
 * printed: the kiosk's output often ends up in a journal or a service log that others can read.
 */
export function writeBrowserToken(dataDir: string): { token: string; file: string } {
  const token = randomBytes(24).toString('base64url');
  const file = path.join(dataDir, BROWSER_TOKEN_FILE);
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, file };
}
