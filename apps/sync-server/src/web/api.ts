/**
 * The web app's one way to the server's API. JSON in and out; the session cookie goes along by itself
 * (same origin) and every state change carries the session's CSRF token; a 401 sends the browser to
 * the sign-in form and back; a refusal is thrown as an ApiError carrying the server's own sentence.
 */
import { CSRF_HEADER, type WebRole } from '../web-access.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The server's stable code (`forbidden`, `conflict`, …) or `network` when no answer came. */
    readonly reason: string,
    message: string,
    /** The whole error body, for pages that show more than the sentence (e.g. a list of refusals). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Me {
  readonly userId: string;
  readonly displayName: string;
  readonly roles: readonly WebRole[];
  readonly csrfToken?: string;
  /** The password was set by an administrator: the app shows only the form to set one's own. */
  readonly mustChangePassword?: boolean;
}

let csrfToken: string | undefined;

export type Query = Record<string, string | number | boolean | undefined | null>;

/** `/api/v1/records?kioskId=K-1&limit=50`: empty and undefined values are left out. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Where the sign-in form sends the browser back to: the page it is on. */
export function signInUrl(): string {
  return `/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`;
}

async function call<T>(method: string, path: string, options: { query?: Query; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', `The server did not answer ${method} ${path}: check the network connection and try again.`);
  }
  if (response.status === 401) {
    window.location.assign(signInUrl());
    throw new ApiError(401, 'unauthenticated', 'Your session has ended: sign in again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const fields = (body ?? {}) as Record<string, unknown>;
    const message = typeof fields['message'] === 'string' ? fields['message'] : `${method} ${path} failed with HTTP ${response.status}`;
    throw new ApiError(response.status, typeof fields['reason'] === 'string' ? fields['reason'] : 'http-error', message, fields);
  }
  return body as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => call<T>('GET', path, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) }),
  post: <T>(path: string, body?: unknown) => call<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body: unknown) => call<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => call<T>('PATCH', path, { body }),
  delete: <T>(path: string) => call<T>('DELETE', path),
};

/** The signed-in user and the session's CSRF token; every later change sends it. */
export async function loadSession(): Promise<Me> {
  const me = await api.get<Me>('/api/v1/sessions/current');
  csrfToken = me.csrfToken;
  return me;
}

export async function signOut(): Promise<void> {
  try {
    await api.delete('/api/v1/sessions/current');
  } finally {
    csrfToken = undefined;
    window.location.assign('/login');
  }
}
