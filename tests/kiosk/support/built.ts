import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/processes.js';

export const kioskBin = path.join(repoRoot, 'apps/kiosk/dist/core/bin.js');
export const kioskRendererIndex = path.join(repoRoot, 'apps/kiosk/dist/renderer/index.html');

/** These tests run the built kiosk, as an operator would; say how to build when it is missing. */
export function requireBuiltKiosk(): void {
  if (!existsSync(kioskBin)) throw new Error(`${kioskBin} is missing: run npx tsc -b apps/kiosk (npm test builds first)`);
  if (!existsSync(kioskRendererIndex)) throw new Error(`${kioskRendererIndex} is missing: run npx vite build --config apps/kiosk/vite.config.ts`);
}
