import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { latestRecords } from '../../db/records.js';
import { deleteSession } from '../../db/sessions.js';
import { readCookie, SESSION_COOKIE } from '../../plugins/auth.js';
import { tokenHash } from '../../security/tokens.js';
import { REVIEWER_ROLES } from '../records/index.js';
import { toRecordViews } from '../records/view.js';
import { signIn, SESSION_HOURS } from '../sessions/sign-in.js';
import { describeActor, describePayload } from './describe.js';
import { html, page } from './html.js';

/** Only same-site paths: a crafted ?next= must not send a signed-in supervisor elsewhere. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/records';
}

function loginPage(next: string, error?: string): string {
  return page(
    'Sign in',
    html`<h1>Lineside — sign in</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form class="login" method="post" action="/login">
  <input type="hidden" name="next" value="${next}">
  <label>User id <input name="userId" autocomplete="username" required></label>
  <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">Sign in</button>
</form>`,
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
      schema: {
        hide: true,
        body: Type.Object({ userId: Type.String({ maxLength: 128 }), password: Type.String({ maxLength: 1024 }), next: Type.Optional(Type.String({ maxLength: 500 })) }),
      },
    },
    async (request, reply) => {
      const next = safeNext(request.body.next);
      const outcome = await signIn(app, request, request.body.userId, request.body.password);
      if (!outcome.ok && outcome.throttled) {
        reply.header('retry-after', String(outcome.throttled.retryAfterSeconds));
        return reply.code(429).type('text/html; charset=utf-8').send(loginPage(next, `Too many attempts: try again in ${outcome.throttled.retryAfterSeconds} seconds.`));
      }
      if (!outcome.ok) return reply.code(401).type('text/html; charset=utf-8').send(loginPage(next, 'The user id or the password is wrong, or the account is locked after repeated failures.'));
      reply.header('set-cookie', `${SESSION_COOKIE}=${encodeURIComponent(outcome.session.token)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_HOURS * 3600}${request.protocol === 'https' ? '; Secure' : ''}`);
      return reply.redirect(next, 303);
    },
  );

  app.post('/logout', { schema: { hide: true } }, async (request, reply) => {
    // The session ends on the server, not only in this browser: a copied cookie stops working too.
    const token = readCookie(request, SESSION_COOKIE);
    if (token) await deleteSession(app.db, tokenHash(token));
    reply.header('set-cookie', `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0${request.protocol === 'https' ? '; Secure' : ''}`);
    return reply.redirect('/login', 303);
  });

  app.get(
    '/records',
    {
      preHandler: app.requireUser(REVIEWER_ROLES, { page: true }),
      schema: { hide: true, querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, default: 200 })) }) },
    },
    async (request, reply) => {
      const records = await toRecordViews(app.db, await latestRecords(app.db, request.query.limit ?? 200));
      const rows = records.map(
        (r) => html`<tr data-kiosk-id="${r.kioskId}" data-seq="${r.seq}" data-type="${r.type}" data-key-id="${r.keyId}">
  <td class="id">${r.kioskId}</td><td>${r.seq}</td><td class="time"><time datetime="${r.occurredAt}">${r.occurredAt}</time><br><small>received ${r.receivedAt}</small></td>
  <td>${r.type}</td><td>${describeActor(r.actor)}</td><td class="values">${describePayload(r)}</td><td><code>${r.keyId}</code></td>
  <td class="ok">signature verified ✓</td><td><code title="${r.hash}">${r.hash.slice(0, 19)}…</code></td>
  <td>${r.flags.map((f) => html`<div class="flag" data-flag="${f.code}" title="${f.code}">${f.message}</div>`)}${r.checksPending ? html`<div class="flag pending" data-flag="CHECKS_PENDING">Business checks not run yet — flags unknown</div>` : ''}</td>
</tr>`,
      );
      const body = html`<h1>Received records</h1>
<form class="logout" method="post" action="/logout"><button type="submit">Sign out</button></form>
<p>Signed in as ${request.user!.displayName} (${request.user!.roles.join(', ')}). ${records.length} record${records.length === 1 ? '' : 's'}, newest first.</p>
<table>
<thead><tr><th>Kiosk</th><th>Seq</th><th>Time</th><th>Type</th><th>Who</th><th>Values</th><th>Key</th><th>Signature</th><th>Hash</th><th>Flags</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
      return reply.type('text/html; charset=utf-8').send(page('Received records', body));
    },
  );
};
