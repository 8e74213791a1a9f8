import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Finds the Electron binary without requiring 'electron' (its index.js tries to download the
 * binary when missing, which fails off-line).
 */
export function findElectronBinary(): { ok: true; path: string } | { ok: false; reason: string } {
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve('electron/package.json');
  } catch {
    return { ok: false, reason: 'the electron package is not installed' };
  }
  const dir = path.dirname(packageJson);
  const pathTxt = path.join(dir, 'path.txt');
  if (!existsSync(pathTxt)) return { ok: false, reason: `${pathTxt} is missing, so the Electron download never completed` };
  const binary = path.join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  if (!existsSync(binary)) return { ok: false, reason: `${binary} does not exist` };
  return { ok: true, path: binary };
}
