import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';

/**
 * A test that needs a system tool skips outside CI with the reason, and fails under CI=true:
 * nothing required may be silently skipped in CI.
 */
export function missingTool(name: 'socat' | 'chromium' | 'postgres'): string | undefined {
  switch (name) {
    case 'socat':
      return commandExists('socat') ? undefined : 'socat is not installed (apt-get install socat)';
    case 'chromium':
      return existsSync(chromiumPath()) ? undefined : `Chromium not found at ${chromiumPath()} (apt-get install chromium)`;
    case 'postgres':
      return undefined; // reachability is checked asynchronously by pgReachable()
  }
}

export function chromiumPath(): string {
  return process.env.LINESIDE_CHROMIUM ?? '/usr/bin/chromium';
}

export function commandExists(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Returns a skip reason, or throws under CI so that the run fails. */
export function requireTool(name: 'socat' | 'chromium'): string | undefined {
  const missing = missingTool(name);
  if (missing && process.env.CI === 'true') throw new Error(`required for CI: ${missing}`);
  return missing;
}

export const PG_URL = process.env.LINESIDE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function pgReachable(url = PG_URL): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port || 5432) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];
