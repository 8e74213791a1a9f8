import type { FastifyRequest } from 'fastify';

/**
 * A URL as the log may show it: the path, and of the query string only the parameter names. A client
 * may put a secret in a query string (an enrollment code, a session token); the log is read by more
 * people than the secret was meant for.
 */
export function loggableUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const names = [...new URLSearchParams(url.slice(at + 1)).keys()];
  return `${url.slice(0, at)}?${names.map((name) => `${encodeURIComponent(name)}=…`).join('&')}`;
}

/** Fastify's request log line without query values (its default serializer logs the whole URL). */
export function loggableRequest(request: FastifyRequest): Record<string, unknown> {
  return { method: request.method, url: loggableUrl(request.url), host: request.host, remoteAddress: request.ip };
}
