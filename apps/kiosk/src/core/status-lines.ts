import type { SyncStatusView } from '../shared/api.js';

/** One human line about sync; printed when it changes (not on every counter tick). */
export function describeSync(view: SyncStatusView): string {
  const where = view.online ? 'online' : 'offline';
  const error = view.lastError ? ` — ${view.lastError.message}` : '';
  return `Sync: ${view.phase}, ${where}${error}`;
}
