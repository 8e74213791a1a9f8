// The central web app in Chromium for a describe block: an in-process sync server (its own SQLite file
// unless told otherwise) with the demo plant, one Chromium, screenshots, and signing in as a demo user.
// Shared by the admin browser tests so each one states only what it checks.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { DEFAULT_WEB_ROOT } from '../../../apps/sync-server/src/routes/web/index.js';
import type { KioskCore } from '../../../apps/kiosk/src/core/kiosk.js';
import { approve, cleanupList, newEnrollCode, startCore, startInProcessServer, syncReaches } from '../../faults/support/sync-fixture.js';
import { CHROMIUM_ARGS, chromiumPath } from '../../support/tools.js';

type Server = Awaited<ReturnType<typeof startInProcessServer>>;

/** Pages load their section lazily: give the screen time to show what it should. */
export const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

/** Call inside a describe: the server and Chromium start before its tests and stop after them, even when one fails. */
export function centralWebApp(name: string) {
  const cleanups = cleanupList();
  const shots = process.env.LINESIDE_SHOTS ?? `/work/shots/${name}`;
  let server: Server | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!existsSync(path.join(DEFAULT_WEB_ROOT, 'index.html'))) throw new Error(`the web app is not built (${DEFAULT_WEB_ROOT}): run npm run build first`);
    mkdirSync(shots, { recursive: true });
    const dir = mkdtempSync(path.join(tmpdir(), `${name}-web-`));
    cleanups.add(() => rmSync(dir, { recursive: true, force: true }));
    server = await startInProcessServer(cleanups, { database: { engine: 'sqlite', file: path.join(dir, 'server.sqlite') } });
    const launched = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    browser = launched;
    cleanups.add(() => launched.close());
  }, 120_000);
  afterAll(() => cleanups.run(), 60_000);

  const started = <T>(what: T | undefined): T => {
    if (what === undefined) throw new Error('the central web app is used before its beforeAll ran');
    return what;
  };
  const theServer = (): Server => started(server);
  const theBrowser = (): Browser => started(browser);
  /** The demo user's password as the seed set it. */
  const password = (userId: string): string => started(theServer().credentials?.[userId]).password;
  /** A new 1280×800 page signed in as the user (their seeded password unless given), at `url`. */
  async function signedIn(url: string, userId: string, secret = password(userId)): Promise<Page> {
    const page = await theBrowser().newPage({ viewport: { width: 1280, height: 800 } });
    cleanups.add(() => page.close());
    await page.goto(`${theServer().url}${url}`);
    await page.fill('input[name="userId"]', userId);
    await page.fill('input[name="password"]', secret);
    await page.click('button[type="submit"]');
    await page.waitForURL((u) => u.pathname !== '/login');
    return page;
  }
  /** Signs the recipe version on screen in the e-signature dialog as "approved"; resolves to the dialog (its refusal, if any, shows in it). */
  async function signApproval(page: Page, userId: string) {
    await page.getByRole('button', { name: 'Sign approval' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[value="approved"]').check();
    await dialog.locator('input[name="userId"]').fill(userId);
    await dialog.locator('input[name="password"]').fill(password(userId));
    await dialog.getByRole('button', { name: 'Sign' }).click();
    return dialog;
  }
  /** A real kiosk core (DISP-1), enrolled and approved at this server, active with its master data; stopped with the rest. */
  async function enrolledKiosk(): Promise<KioskCore> {
    const kiosk = await startCore(cleanups, { serverUrl: theServer().url, enrollCode: await newEnrollCode(theServer().asAdmin) });
    await approve(theServer().asAdmin, kiosk);
    await syncReaches(kiosk, (v) => v.phase === 'active' && (v.masterDataVersion ?? 0) > 0, 'active with master data');
    return kiosk;
  }
  return {
    cleanups,
    enrolledKiosk,
    get server(): Server {
      return theServer();
    },
    get browser(): Browser {
      return theBrowser();
    },
    get base(): string {
      return theServer().url;
    },
    password,
    shot: (page: Page, shotName: string) => page.screenshot({ path: path.join(shots, `${shotName}.png`), fullPage: true }),
    signedIn,
    signApproval,
  };
}
