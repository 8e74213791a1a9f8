import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, type SignedAuditEntry } from '@lineside/sync-protocol';
import { importPublicKey, verifyAuditChain } from '@lineside/sync-protocol/node';
import { appendAudit } from '../../apps/sync-server/src/db/audit.js';
import type { ServerUnderTest } from './support/server.js';
import { onEachEngine } from './support/suite.js';
import { signedLotStatus } from './support/lots.js';

interface AuditPage {
  entries: SignedAuditEntry[];
  total: number;
  nextBeforeSeq: number | null;
  verification: { ok: boolean; checked: number; headSeq: number; headHash: string; failedSeq?: number; problem?: string; message?: string } | null;
}

async function audit(server: ServerUnderTest, query = '', as = 'quinn.qa'): Promise<AuditPage> {
  const response = await server.as(as, 'GET', `/api/v1/audit${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as AuditPage;
}

/** Every entry, oldest first, read through the API page by page. */
async function wholeLog(server: ServerUnderTest): Promise<SignedAuditEntry[]> {
  const all: SignedAuditEntry[] = [];
  let before: number | null | undefined;
  do {
    const page = await audit(server, `?limit=7&verify=false${before ? `&beforeSeq=${before}` : ''}`);
    all.push(...page.entries);
    before = page.nextBeforeSeq;
  } while (before);
  return all.reverse();
}

/** An attacker with write access to the database: the append-only triggers are out of the way for `run`. */
async function tamper(server: ServerUnderTest, run: () => Promise<unknown>): Promise<void> {
  const db = server.app.db;
  if (server.app.engine === 'sqlite') {
    await sql.raw('DROP TRIGGER audit_no_update').execute(db);
    await sql.raw('DROP TRIGGER audit_no_delete').execute(db);
    await sql.raw('DROP TRIGGER audit_sign_once').execute(db);
    try {
      await run();
    } finally {
      await sql.raw(`CREATE TRIGGER audit_no_update BEFORE UPDATE OF audit_id, at, actor, action, target, reason, details, seq, prev_hash, hash ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END`).execute(db);
      await sql.raw(`CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused'); END`).execute(db);
      await sql.raw(`CREATE TRIGGER audit_sign_once BEFORE UPDATE OF sig, signed_by ON audit_log WHEN OLD.sig IS NOT NULL OR OLD.seq > (SELECT backfilled_to FROM audit_head WHERE id = 1) BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: a signature is written once, with the entry'); END`).execute(db);
    }
    return;
  }
  await sql.raw('ALTER TABLE audit_log DISABLE TRIGGER USER').execute(db);
  try {
    await run();
  } finally {
    await sql.raw('ALTER TABLE audit_log ENABLE TRIGGER USER').execute(db);
  }
}

onEachEngine('the server audit log: signed and hash-chained', (server) => {
  it('chains and signs what every existing caller writes: seeding, enrollment, approval, revocation, master-data changes, deactivation', async () => {
    const kiosk = await server.freshKiosk();
    expect((await server.as('ada.admin', 'POST', `/api/v1/kiosks/${kiosk.kioskId}/revoke`, { reason: 'booth PC stolen' })).statusCode).toBe(200);
    const changed = await signedLotStatus(server, 'MCC-118', 'on-hold', 'supplier complaint SC-12');
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await server.as('ada.admin', 'POST', '/api/v1/users/oscar.operator/deactivate', { reason: 'left the company' })).statusCode).toBe(200);

    const log = await wholeLog(server);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    expect(log[0]!.prevHash).toBe(GENESIS_HASH);
    const actions = log.map((e) => `${e.action} ${e.target}`);
    expect(actions).toEqual(
      expect.arrayContaining(['master-data.seeded demo-plant', 'enrollment-code.issued ' + kiosk.kioskId, 'kiosk.enrolled ' + kiosk.kioskId, 'kiosk.approved ' + kiosk.kioskId, 'kiosk.revoked ' + kiosk.kioskId, 'master-data.changed lot/MCC-118', 'user.deactivated user/oscar.operator']),
    );
    expect(log.find((e) => e.action === 'kiosk.revoked')).toMatchObject({ actor: 'ada.admin', reason: 'booth PC stolen', details: { keyId: kiosk.keyId } });

    // Checked here from the protocol alone, with nothing but the server's public key.
    const keys = new Map([[server.app.serverKey.keyId, importPublicKey(server.app.serverKey.publicKey)]]);
    const independent = verifyAuditChain(log, keys);
    expect(independent).toEqual({ ok: true, checked: log.length, head: { seq: log.length, hash: log.at(-1)!.hash } });
    expect(log.every((e) => e.serverKeyId === server.app.serverKey.keyId)).toBe(true);

    const verified = await audit(server);
    expect(verified.verification).toEqual({ ok: true, checked: log.length, headSeq: log.length, headHash: log.at(-1)!.hash });
  });

  it('filters by actor, action and target (exact or a prefix with *) and by time, and pages newest first', async () => {
    const byAdmin = await audit(server, '?actor=ada.admin&limit=500&verify=false');
    expect(byAdmin.entries.length).toBeGreaterThan(2);
    expect(byAdmin.entries.every((e) => e.actor === 'ada.admin')).toBe(true);
    expect(byAdmin.total).toBe(byAdmin.entries.length);
    const kioskActs = await audit(server, '?action=kiosk.*&limit=500&verify=false');
    expect(new Set(kioskActs.entries.map((e) => e.action))).toEqual(new Set(['kiosk.enrolled', 'kiosk.approved', 'kiosk.revoked']));
    const users = await audit(server, '?target=user/*&verify=false');
    expect(users.entries.map((e) => e.target)).toContain('user/oscar.operator');
    expect(users.entries.every((e) => e.target.startsWith('user/'))).toBe(true);
    expect((await audit(server, '?target=user/oscar.operator&verify=false')).entries.map((e) => e.action)).toEqual(['user.deactivated']);
    expect((await audit(server, '?target=user/oscar&verify=false')).entries).toEqual([]);

    const before = (await audit(server, '?verify=false&limit=1')).total;
    server.advance(60_000);
    const since = server.clock.toISOString();
    expect((await server.as('ada.admin', 'POST', '/api/v1/enrollment-codes', { reason: 'test: enroll a kiosk', stationId: 'DISP-1' })).statusCode).toBe(201);
    const recent = await audit(server, `?from=${encodeURIComponent(since)}&verify=false`);
    expect(recent.entries.map((e) => e.action)).toEqual(['enrollment-code.issued']);
    expect((await audit(server, `?to=${encodeURIComponent(since)}&verify=false&limit=500`)).total).toBe(before);

    const first = await audit(server, '?limit=2&verify=false');
    expect(first.entries[0]!.seq).toBeGreaterThan(first.entries[1]!.seq);
    const second = await audit(server, `?limit=2&verify=false&beforeSeq=${first.nextBeforeSeq}`);
    expect(second.entries[0]!.seq).toBe(first.entries[1]!.seq - 1);
    expect((await audit(server, '?limit=2&verify=false&offset=2')).entries).toEqual(second.entries);
  });

  it('is for QA, supervisors and admins; bad filters get a 400 naming the field', async () => {
    const operator = await server.as('olivia.operator', 'GET', '/api/v1/audit');
    expect(operator.statusCode).toBe(403);
    expect(operator.json()).toMatchObject({ reason: 'forbidden' });
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(401);
    for (const user of ['sam.supervisor', 'ada.admin']) expect((await server.as(user, 'GET', '/api/v1/audit?limit=1')).statusCode).toBe(200);
    const badTime = await server.as('quinn.qa', 'GET', '/api/v1/audit?from=2026-02-30T00:00:00Z');
    expect(badTime.statusCode).toBe(400);
    expect(badTime.json()).toMatchObject({ reason: 'invalid-body', message: expect.stringContaining('querystring/from has day 30') });
    const badLimit = await server.as('quinn.qa', 'GET', '/api/v1/audit?limit=0');
    expect(badLimit.statusCode).toBe(400);
    expect(badLimit.json()).toMatchObject({ message: expect.stringContaining('querystring/limit') });
    expect((await server.as('quinn.qa', 'GET', '/api/v1/audit?colour=red')).statusCode).toBe(400);
  });

  it('refuses UPDATE and DELETE of an entry, and a second signature', async () => {
    const db = server.app.db;
    await expect(db.updateTable('audit_log').set({ reason: 'nothing happened' }).where('seq', '=', 2).execute()).rejects.toThrow(/append-only/);
    await expect(db.updateTable('audit_log').set({ sig: 'AAAA' }).where('seq', '=', 2).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').where('seq', '=', 2).execute()).rejects.toThrow(/append-only/);
    if (server.app.engine === 'postgres') await expect(sql.raw('TRUNCATE audit_log').execute(db)).rejects.toThrow(/append-only/);
    expect((await audit(server)).verification?.ok).toBe(true);
  });

  it('names the first entry that was edited, re-hashed, re-signed with another key, removed, or added around the chain', async () => {
    const db = server.app.db;
    const row = await db.selectFrom('audit_log').selectAll().where('action', '=', 'kiosk.revoked').executeTakeFirstOrThrow();
    const seq = Number(row.seq);

    // An edited reason: the entry's hash no longer matches its content.
    await tamper(server, () => db.updateTable('audit_log').set({ reason: 'routine retirement' }).where('seq', '=', seq).execute());
    let result = (await audit(server)).verification!;
    expect(result).toMatchObject({ ok: false, failedSeq: seq, problem: 'hash-mismatch', checked: seq - 1 });
    expect(result.message).toContain(`audit entry seq ${seq}`);
    await tamper(server, () => db.updateTable('audit_log').set({ reason: row.reason }).where('seq', '=', seq).execute());
    expect((await audit(server)).verification?.ok).toBe(true);

    // Edited and re-hashed: the server's signature no longer verifies.
    const entry = (await audit(server, `?target=${encodeURIComponent(row.target)}&action=kiosk.revoked&verify=false`)).entries[0]!;
    const { auditEntryHash } = await import('@lineside/sync-protocol/node');
    const forgedHash = auditEntryHash({ ...entry, reason: 'routine retirement' });
    await tamper(server, () => db.updateTable('audit_log').set({ reason: 'routine retirement', hash: forgedHash }).where('seq', '=', seq).execute());
    result = (await audit(server)).verification!;
    expect(result).toMatchObject({ ok: false, failedSeq: seq, problem: 'bad-signature' });
    await tamper(server, () => db.updateTable('audit_log').set({ reason: row.reason, hash: row.hash }).where('seq', '=', seq).execute());

    // Removed: the next entry's seq and prevHash no longer follow.
    await tamper(server, () => db.deleteFrom('audit_log').where('seq', '=', seq).execute());
    result = (await audit(server)).verification!;
    expect(result).toMatchObject({ ok: false, failedSeq: seq + 1, problem: 'broken-chain' });
    await tamper(server, () => db.insertInto('audit_log').values(row).execute());
    expect((await audit(server)).verification?.ok).toBe(true);

    // An entry slipped in at the end without moving the head (not written through appendAudit).
    const head = (await audit(server)).verification!;
    await tamper(server, () => db.insertInto('audit_log').values({ ...row, audit_id: undefined as never, seq: head.headSeq + 1, prev_hash: head.headHash, hash: row.hash }).execute());
    result = (await audit(server)).verification!;
    expect(result).toMatchObject({ ok: false, failedSeq: head.headSeq + 1, problem: 'hash-mismatch' });
    await tamper(server, () => db.deleteFrom('audit_log').where('seq', '=', head.headSeq + 1).execute());

    // The last entry cut off: the head remembers it.
    const last = await db.selectFrom('audit_log').selectAll().where('seq', '=', head.headSeq).executeTakeFirstOrThrow();
    await tamper(server, () => db.deleteFrom('audit_log').where('seq', '=', head.headSeq).execute());
    result = (await audit(server)).verification!;
    expect(result).toMatchObject({ ok: false, failedSeq: head.headSeq, problem: 'broken-chain' });
    expect(result.message).toContain('missing');
    await tamper(server, () => db.insertInto('audit_log').values(last).execute());
    expect((await audit(server)).verification?.ok).toBe(true);
  });

  it('serialises concurrent appends: many at once still make one gap-free chain', async () => {
    const at = server.clock.toISOString();
    await Promise.all(Array.from({ length: 30 }, (_, i) => appendAudit(server.app.db, { at, actor: 'test', action: 'test.concurrent', target: `t/${i}` })));
    const verification = (await audit(server)).verification!;
    expect(verification.ok, verification.message).toBe(true);
    expect((await audit(server, '?action=test.concurrent&verify=false')).total).toBe(30);
  });
});

describe('appendAudit on a database handle without the server key', () => {
  it('refuses instead of writing an unsigned entry', async () => {
    const { Kysely, SqliteDialect } = await import('kysely');
    const SQLite = (await import('better-sqlite3')).default;
    const db = new Kysely<never>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
    try {
      await expect(appendAudit(db as never, { at: '2026-11-25T08:00:00.000Z', actor: 'x', action: 'y', target: 'z' })).rejects.toThrow(/signed by the server key/);
    } finally {
      await db.destroy();
    }
  });
});
