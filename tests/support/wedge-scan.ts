import type { Page } from 'playwright-core';

/**
 * A keyboard-wedge scanner reading `text`: every key and Enter in one burst, as a scanner sends them.
 * Playwright's `keyboard.type` makes one CDP call per key, and on a loaded machine it spaced them like a
 * person's typing, which the kiosk rightly refuses as not a scan (that refusal has its own test).
 */
export async function wedgeScan(page: Page, text: string): Promise<void> {
  await page.evaluate((keys) => {
    for (const key of [...keys, 'Enter']) document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  }, text);
}
