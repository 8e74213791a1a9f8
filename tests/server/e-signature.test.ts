import type { FastifyRequest } from 'fastify';
import { expect, it } from 'vitest';
import { findUser } from '../../apps/sync-server/src/db/users.js';
import { checkESignature } from '../../apps/sync-server/src/security/e-signature.js';
import { onEachEngine } from './support/suite.js';

// Part 11 §11.200 at the server: user id and password re-entered at the moment of signing, by the
// session's own user, with wrong passwords counted toward the central lockout like sign-in.
let nextAddress = 1;

onEachEngine('central e-signature check', (server) => {
  /** A request as a route sees it after requireUser: the signed-in user and the caller's address. */
  async function requestOf(userId: string): Promise<FastifyRequest> {
    const user = await findUser(server.app.db, userId);
    return { user, ip: `10.40.0.${nextAddress++}`, body: {}, headers: {}, url: '/api/v1/test', method: 'POST', routeOptions: { config: {} } } as unknown as FastifyRequest;
  }

  it('the right password of the signed-in user gives the printed name, the meaning and the server time', async () => {
    const outcome = await checkESignature(server.app, await requestOf('sam.supervisor'), { userId: 'sam.supervisor', password: server.credentials['sam.supervisor']!.password, meaning: 'reviewed' });
    expect(outcome).toEqual({ ok: true, signature: { userId: 'sam.supervisor', printedName: 'Sam Supervisor', meaning: 'reviewed', signedAt: server.clock.toISOString(), components: 'id-and-password' } });
  });

  it("another person's id and password in my session is refused, even when right", async () => {
    const outcome = await checkESignature(server.app, await requestOf('sam.supervisor'), { userId: 'quinn.qa', password: server.credentials['quinn.qa']!.password, meaning: 'reviewed' });
    expect(outcome).toMatchObject({ ok: false, statusCode: 403, message: expect.stringContaining('not the signed-in user sam.supervisor') });
  });

  it('five wrong passwords lock the account centrally: the right password then signs nothing, and sign-in is refused too', async () => {
    const request = await requestOf('quinn.qa');
    for (let i = 0; i < 5; i++) {
      const wrong = await checkESignature(server.app, request, { userId: 'quinn.qa', password: `wrong-${i}`, meaning: 'approved' });
      expect(wrong).toMatchObject({ ok: false, statusCode: 403, message: 'the password re-entered for quinn.qa is wrong: the signature is not applied' });
    }
    const right = await checkESignature(server.app, await requestOf('quinn.qa'), { userId: 'quinn.qa', password: server.credentials['quinn.qa']!.password, meaning: 'approved' });
    expect(right).toMatchObject({ ok: false, statusCode: 403, message: expect.stringContaining('is locked after repeated wrong passwords') });
    const signIn = await server.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { userId: 'quinn.qa', password: server.credentials['quinn.qa']!.password }, remoteAddress: '10.41.0.1' });
    expect(signIn.statusCode).toBe(401);
    const audit = await server.app.db.selectFrom('audit_log').select(['action', 'target']).where('action', '=', 'user.sign-in-locked').execute();
    expect(audit).toContainEqual({ action: 'user.sign-in-locked', target: 'user/quinn.qa' });
  });

  it('a right password clears a run of wrong ones, as at sign-in', async () => {
    const request = await requestOf('olivia.operator');
    await checkESignature(server.app, request, { userId: 'olivia.operator', password: 'nope', meaning: 'performed' });
    const before = await findUser(server.app.db, 'olivia.operator');
    expect(before?.failedSignIns).toBe(1);
    expect(await checkESignature(server.app, request, { userId: 'olivia.operator', password: server.credentials['olivia.operator']!.password, meaning: 'performed' })).toMatchObject({ ok: true });
    expect((await findUser(server.app.db, 'olivia.operator'))?.failedSignIns).toBe(0);
  });
});
