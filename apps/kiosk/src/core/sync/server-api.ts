import type { KeyObject } from 'node:crypto';
import { Compile } from 'typebox/compile';
import {
  EnrollResponseSchema,
  ErrorBodySchema,
  KioskStateResponseSchema,
  PullResponseSchema,
  PushResponseSchema,
  ServerKeyResponseSchema,
  type EnrollRequest,
  type EnrollResponse,
  type KioskStateResponse,
  type PullResponse,
  type PushResponse,
  type ServerKeyResponse,
} from '@lineside/sync-protocol';
import { signRequest } from '@lineside/sync-protocol/node';

/** One HTTP exchange with the sync server, with the kiosk clock read just before and after (t1, t4). */
export type Exchange<T> =
  | { readonly ok: true; readonly status: number; readonly body: T; readonly t1: number; readonly t4: number }
  | { readonly ok: false; readonly kind: 'network'; readonly code: 'server-unreachable'; readonly message: string }
  | {
      readonly ok: false;
      readonly kind: 'http';
      readonly status: number;
      /** The server's reason code, or 'bad-response' when the answer did not follow the contract. */
      readonly code: string;
      readonly message: string;
      readonly details: Record<string, unknown>;
      readonly t1: number;
      readonly t4: number;
    };

export type { EnrollResponse, KioskStateResponse, ServerKeyResponse };


const checkEnroll = Compile(EnrollResponseSchema);
const checkKioskState = Compile(KioskStateResponseSchema);
const checkPush = Compile(PushResponseSchema);
const checkServerKey = Compile(ServerKeyResponseSchema);
const checkPull = Compile(PullResponseSchema);
const checkError = Compile(ErrorBodySchema);

export interface RequestSigner {
  readonly keyId: string;
  readonly privateKey: KeyObject;
}

export interface ServerApiOptions {
  readonly baseUrl: string;
  readonly wallMs: () => number;
  readonly timeoutMs?: number;
}

/** The kiosk side of http-contract.md: every answer is validated against the shared schemas. */
export function createServerApi(options: ServerApiOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function exchange<T>(
    method: 'GET' | 'POST',
    path: string,
    check: { Check(value: unknown): boolean },
    okStatus: readonly number[],
    body: string | undefined,
    signer: RequestSigner | undefined,
  ): Promise<Exchange<T>> {
    const url = new URL(base + path);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const t1 = options.wallMs();
    if (signer) {
      headers.authorization = signRequest({ method, pathWithQuery: url.pathname + url.search, ...(body !== undefined ? { body } : {}) }, signer.keyId, signer.privateKey, new Date(t1));
    }
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      return { ok: false, kind: 'network', code: 'server-unreachable', message: `sync server ${base} is unreachable: ${why}` };
    }
    const t4 = options.wallMs();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, kind: 'http', status: response.status, code: 'bad-response', message: `${method} ${path} answered HTTP ${response.status} with a body that is not JSON`, details: {}, t1, t4 };
    }
    if (okStatus.includes(response.status)) {
      if (check.Check(json)) return { ok: true, status: response.status, body: json as T, t1, t4 };
      return { ok: false, kind: 'http', status: response.status, code: 'bad-response', message: `${method} ${path} answered HTTP ${response.status} with a body that does not match the contract`, details: {}, t1, t4 };
    }
    if (checkError.Check(json)) {
      const { status: _s, reason, message, ...details } = json as { status: 'error'; reason: string; message: string } & Record<string, unknown>;
      return { ok: false, kind: 'http', status: response.status, code: reason, message, details, t1, t4 };
    }
    return { ok: false, kind: 'http', status: response.status, code: 'bad-response', message: `${method} ${path} answered HTTP ${response.status} without an error body`, details: {}, t1, t4 };
  }

  return {
    baseUrl: base,
    enroll(request: EnrollRequest): Promise<Exchange<EnrollResponse>> {
      return exchange<EnrollResponse>('POST', '/sync/v1/enroll', checkEnroll, [200, 201], JSON.stringify(request), undefined);
    },
    kioskState(signer: RequestSigner): Promise<Exchange<KioskStateResponse>> {
      return exchange<KioskStateResponse>('GET', '/sync/v1/kiosk', checkKioskState, [200], undefined, signer);
    },
    /** `body` is sent byte for byte as given: retries pass the same string. */
    push(body: string, signer: RequestSigner): Promise<Exchange<PushResponse>> {
      return exchange<PushResponse>('POST', '/sync/v1/push', checkPush, [200], body, signer);
    },
    /** One page of master-data changes after `cursor` (the server caps `limit` at 5000). */
    pull(cursor: number, limit: number, signer: RequestSigner): Promise<Exchange<PullResponse>> {
      return exchange<PullResponse>('GET', `/sync/v1/pull?cursor=${cursor}&limit=${limit}`, checkPull, [200], undefined, signer);
    },
    serverKey(): Promise<Exchange<ServerKeyResponse>> {
      return exchange<ServerKeyResponse>('GET', '/sync/v1/server-key', checkServerKey, [200], undefined, undefined);
    },
  };
}
export type ServerApi = ReturnType<typeof createServerApi>;
