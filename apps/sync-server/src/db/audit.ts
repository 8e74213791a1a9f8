import type { Db } from './types.js';

export async function appendAudit(
  db: Db,
  entry: { at: string; actor: string; action: string; target: string; reason?: string | null; details?: unknown },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ at: entry.at, actor: entry.actor, action: entry.action, target: entry.target, reason: entry.reason ?? null, details: JSON.stringify(entry.details ?? {}) })
    .execute();
}
