import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, type ErrorReason } from '@lineside/sync-protocol';
import { infra } from './infra.js';
import { RouteMethods } from './route-methods.js';
import { loggableUrl } from '../log-redaction.js';
import { errorPage, forbiddenHtml } from '../routes/pages/error-pages.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers a browser with a page: its failures are pages too, whatever the Accept header says. */
    page?: boolean;
  }
}

const MACHINE_PATHS = /^\/(?:api|sync)\/|^\/healthz$|^\/docs\/json$/;

/**
 * Whether a failure should be answered with a page: a browser navigating (Sec-Fetch-Mode: navigate),
 * or a client asking for HTML anywhere but the API. API clients, kiosks and the app's own fetches get JSON.
 */
export function wantsHtml(request: FastifyRequest): boolean {
  if (request.headers['sec-fetch-mode'] === 'navigate' || request.routeOptions.config?.page === true) return true;
  const path = request.url.split('?')[0]!;
  if (MACHINE_PATHS.test(path)) return false;
  return /\btext\/html\b/.test(request.headers.accept ?? '');
}

/** An unauthenticated browser goes to the sign-in form, and comes back here after it. */
export function signInRedirect(request: FastifyRequest, reply: FastifyReply) {
  const back = request.method === 'GET' && !MACHINE_PATHS.test(request.url.split('?')[0]!) ? `?next=${encodeURIComponent(request.url)}` : '';
  return reply.redirect(`/login${back}`, 303);
}

/** A signed-in user without the role: a page saying who they are and which role the page needs. */
export function forbiddenPage(reply: FastifyReply, user: { userId: string; displayName: string; roles: readonly string[] }, needs: readonly string[]) {
  return reply.code(403).type('text/html; charset=utf-8').send(forbiddenHtml(user, reply.request.url.split('?')[0]!, needs));
}

/** Sends the house error body (STYLE.md habit 7), or its page to a browser navigating (never raw JSON there). */
export function refuse(reply: FastifyReply, statusCode: number, reason: ErrorReason, message: string, details: Record<string, unknown> = {}) {
  if (statusCode === 401 && wantsHtml(reply.request)) return signInRedirect(reply.request, reply);
  if (wantsHtml(reply.request)) return reply.code(statusCode).type('text/html; charset=utf-8').send(errorPage(statusCode, message));
  return reply.code(statusCode).type('application/json; charset=utf-8').send(errorBody(reason, message, details));
}

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** One sentence naming the failing path, e.g. `body/records/0/seq must be integer`. */
export function describeValidation(context: string, issues: readonly ValidationIssue[]): string {
  // TypeBox reports an unknown member twice (the `false` schema and additionalProperties): keep the clear one.
  const useful = issues.filter((i) => i.keyword !== 'boolean');
  const parts = (useful.length > 0 ? useful : issues).slice(0, 3).map((issue) => {
    const where = `${context}${issue.instancePath ?? ''}`;
    const unknown = issue.params?.additionalProperties;
    if (issue.keyword === 'additionalProperties' && Array.isArray(unknown)) {
      return `${where} has unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${String(u)}'`).join(', ')}`;
    }
    return `${where} ${issue.message ?? 'is invalid'}`;
  });
  return `${parts.join('; ')}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''}`;
}

/** Validation issues that all lie inside one pushed record: that record is refused, not the body. */
function recordIndexOf(issues: readonly ValidationIssue[]): number | undefined {
  const indexes = new Set(issues.map((issue) => /^\/records\/(\d+)(?:\/|$)/.exec(issue.instancePath ?? '')?.[1]));
  const [only] = indexes;
  return indexes.size === 1 && only !== undefined ? Number(only) : undefined;
}

function mapError(
  error: FastifyError & { validation?: ValidationIssue[]; validationContext?: string },
  url: string | undefined,
): { statusCode: number; reason: ErrorReason; message: string; details?: Record<string, unknown> } | undefined {
  if (error.validation) {
    const index = url === '/sync/v1/push' && error.validationContext === 'body' ? recordIndexOf(error.validation) : undefined;
    if (index !== undefined) {
      return { statusCode: 400, reason: 'invalid-record', message: `record at index ${index} does not match the envelope: ${describeValidation('body', error.validation)}`, details: { index } };
    }
    return { statusCode: 400, reason: 'invalid-body', message: `invalid request: ${describeValidation(error.validationContext ?? 'body', error.validation)}` };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { statusCode: 413, reason: 'body-too-large', message: 'the request body is larger than this endpoint accepts' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { statusCode: 415, reason: 'unsupported-media-type', message: 'the content-type of the request is not accepted here: send application/json' };
    case 'LINESIDE_INVALID_RECORD':
      return { statusCode: 400, reason: 'invalid-record', message: error.message, details: { index: (error as unknown as { index: number }).index } };
    case 'LINESIDE_MALFORMED_JSON':
      return { statusCode: 400, reason: 'malformed-json', message: error.message };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { statusCode: 400, reason: 'malformed-json', message: 'the request body is not valid JSON' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { statusCode: 400, reason: 'invalid-body', message: 'the request body size does not match its Content-Length' };
  }
  const status = error.statusCode;
  if (status === 404) return { statusCode: 404, reason: 'not-found', message: error.message };
  if (status === 405) return { statusCode: 405, reason: 'method-not-allowed', message: error.message };
  if (status !== undefined && status >= 400 && status < 500) return { statusCode: status, reason: 'invalid-body', message: `invalid request: ${error.message}` };
  return undefined;
}

/** Maps every failure to the error body: a client never sees a stack trace, a bug is logged and answered 500. */
export const errorsPlugin = infra('lineside-errors', async (app) => {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const mapped = mapError(error, request.routeOptions.url);
    if (mapped) {
      // A malformed body's message quotes the body where parsing stopped, which may be a secret: not logged.
      request.log.info({ reason: mapped.reason, url: loggableUrl(request.url) }, mapped.reason === 'malformed-json' ? 'the request body is not valid JSON' : mapped.message);
      return refuse(reply, mapped.statusCode, mapped.reason, mapped.message, mapped.details);
    }
    request.log.error({ err: error, url: loggableUrl(request.url) }, 'unexpected error');
    return refuse(reply, 500, 'internal-error', `the server failed to handle ${request.method} ${request.url.split('?')[0]}; the error is logged`);
  });
  const routes = new RouteMethods();
  app.addHook('onRoute', (route) => routes.add(route.url, route.method));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = routes.allowed(path);
    // A wildcard route (the web app's /assets/*) that found no file: not found, not "method not allowed".
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      void reply.header('allow', allowed.join(', '));
      return refuse(reply, 405, 'method-not-allowed', `${path} does not answer ${request.method}; it answers ${allowed.join(', ')}`);
    }
    return refuse(reply, 404, 'not-found', `there is no ${request.method} ${path} on this server`);
  });
});
