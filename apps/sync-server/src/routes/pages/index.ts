import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { deleteSession } from '../../db/sessions.js';
import { clearedSessionCookie, crossSiteReason, readCookie, SESSION_COOKIE, sessionCookie } from '../../plugins/auth.js';
import { refuse } from '../../plugins/errors.js';
import { tokenHash } from '../../security/tokens.js';
import { signIn, SESSION_HOURS } from '../sessions/sign-in.js';
import { html, page } from './html.js';

/** Only same-site paths: a crafted ?next= must not send a signed-in supervisor elsewhere. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

function loginPage(next: string, error?: string): string {
  return page(
    'Sign in',
    html`<header class="bar"><span class="brand">Lineside</span></header>
<main class="login">
<h1>Sign in</h1>
<p>Batch record review, records, KPIs and master data of the plant.</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form class="login" method="post" action="/login">
  <input type="hidden" name="next" value="${next}">
  <label>User id <input name="userId" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus></label>
  <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">Sign in</button>
</form>
</main>`,
  );
}

export const pagesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/login',
    { schema: { hide: true, querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 500 })) }) } },
    async (request, reply) => reply.type('text/html; charset=utf-8').send(loginPage(safeNext(request.query.next))),
  );

  app.post(
    '/login',
    {
      config: { page: true },
      schema: {
        hide: true,
        body: Type.Object({ userId: Type.String({ maxLength: 128 }), password: Type.String({ maxLength: 1024 }), next: Type.Optional(Type.String({ maxLength: 500 })) }),
      },
    },
    async (request, reply) => {
      // Login CSRF: another site must not sign this browser in under someone else's account.
      const crossSite = crossSiteReason(request);
      if (crossSite) return refuse(reply, 403, 'forbidden', `sign-in refused: ${crossSite}`);
      const next = safeNext(request.body.next);
      const outcome = await signIn(app, request, request.body.userId, request.body.password);
      if (!outcome.ok && outcome.throttled) {
        reply.header('retry-after', String(outcome.throttled.retryAfterSeconds));
        return reply.code(429).type('text/html; charset=utf-8').send(loginPage(next, `Too many attempts: try again in ${outcome.throttled.retryAfterSeconds} seconds.`));
      }
      if (!outcome.ok) return reply.code(401).type('text/html; charset=utf-8').send(loginPage(next, 'The user id or the password is wrong, or the account is locked after repeated failures.'));
      reply.header('set-cookie', sessionCookie(request, outcome.session.token, SESSION_HOURS * 3600));
      return reply.redirect(next, 303);
    },
  );

  app.post('/logout', { schema: { hide: true }, config: { page: true } }, async (request, reply) => {
    const crossSite = crossSiteReason(request);
    if (crossSite) return refuse(reply, 403, 'forbidden', `sign-out refused: ${crossSite}`);
    // The session ends on the server, not only in this browser: a copied cookie stops working too.
    const token = readCookie(request, SESSION_COOKIE);
    if (token) await deleteSession(app.db, tokenHash(token));
    reply.header('set-cookie', clearedSessionCookie(request));
    return reply.redirect('/login', 303);
  });
};
