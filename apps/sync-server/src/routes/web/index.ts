import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Role } from '../../db/users.js';
import { APP_ROLES, WEB_AREAS, type WebRole } from '../../web-access.js';
import { errorPage } from '../pages/error-pages.js';

// The web app's roles are the server's roles: a role added to one and not the other fails to compile.
const sameRoles: [Role, WebRole] extends [WebRole, Role] ? true : never = true;
void sameRoles;

/** Where `vite build --config apps/sync-server/vite.web.config.ts` puts the app (same depth from src/ and dist/). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

/**
 * The central web app: hashed assets under /assets/ (cached for good), and index.html for every path
 * of the app, each gated by the roles of its area, so a browser gets the sign-in form or a 403 page
 * from the server itself, never an empty app that then fails.
 */
export const webRoutes: FastifyPluginAsync<{ root?: string }> = async (app, options) => {
  const root = options.root ?? DEFAULT_WEB_ROOT;
  const built = existsSync(`${root}/index.html`);
  if (built && existsSync(`${root}/assets`)) {
    await app.register(fastifyStatic, { root: `${root}/assets`, prefix: '/assets/', maxAge: '365d', immutable: true, index: false, wildcard: true });
  }
  // Read per request: a rebuild while the server runs is picked up, and it is one small file.
  const indexHtml = async () =>
    built ? await readFile(`${root}/index.html`, 'utf8') : errorPage(503, 'The central web app is not built on this server: run npm run build, then reload this page.');

  const serveApp = (roles: readonly Role[]) => ({
    config: { page: true },
    schema: { hide: true },
    preHandler: app.requireUser(roles),
    handler: async (_request: unknown, reply: FastifyReply) =>
      reply
        .code(built ? 200 : 503)
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(await indexHtml()),
  });

  app.get('/', serveApp(APP_ROLES));
  for (const [area, roles] of Object.entries(WEB_AREAS)) {
    app.get(area, serveApp(roles));
    app.get(`${area}/*`, serveApp(roles));
  }
};
