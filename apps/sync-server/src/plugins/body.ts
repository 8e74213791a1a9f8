import { formatJsonPath, parseIJson } from '@lineside/sync-protocol';
import { infra } from './infra.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The exact body bytes: kiosk request signatures cover them, not a re-serialisation. */
    rawBody?: Buffer;
  }
}

export class MalformedBodyError extends Error {
  override name = 'MalformedBodyError';
  readonly statusCode = 400;
  readonly code = 'LINESIDE_MALFORMED_JSON';
}

/** A push body whose JSON fault lies inside one record: refused as that record (`invalid-record`). */
export class InvalidRecordBodyError extends Error {
  override name = 'InvalidRecordBodyError';
  readonly statusCode = 400;
  readonly code = 'LINESIDE_INVALID_RECORD';
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

const PUSH_URL = '/sync/v1/push';
const UTF8 = new TextDecoder('utf-8', { fatal: true });

// Same guard as fastify's secure-json-parse: such keys could poison prototypes further down.
const POISON = /"(?:__proto__|constructor)"\s*:/;

export const bodyPlugin = infra('lineside-body', async (app) => {
  // Only JSON (and the login form) are accepted; anything else is 415 before any handler runs.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    request.rawBody = raw;
    if (raw.length === 0) return done(new MalformedBodyError('the request body is empty but its content-type is application/json'), undefined);
    let text: string;
    try {
      text = UTF8.decode(raw);
    } catch {
      return done(new MalformedBodyError('the request body is not valid JSON: it is not UTF-8 text'), undefined);
    }
    // I-JSON, parsed without recursion: a deep, repeated-name or out-of-range body is refused here, before
    // any recursive code (schema check, canonical form, a worker's structured clone) sees it.
    const parsed = parseIJson(text);
    if (!parsed.ok) {
      const [first, index] = parsed.path;
      if (parsed.kind === 'i-json' && request.routeOptions.url === PUSH_URL && first === 'records' && typeof index === 'number') {
        return done(new InvalidRecordBodyError(`record at index ${index}: ${formatJsonPath(parsed.path)}: ${parsed.message}`, index), undefined);
      }
      return done(new MalformedBodyError(`the request body is not valid JSON (I-JSON, RFC 7493): ${formatJsonPath(parsed.path)}: ${parsed.message}`), undefined);
    }
    if (POISON.test(text)) return done(new MalformedBodyError('the request body has a __proto__ or constructor key, which is refused'), undefined);
    done(null, parsed.value);
  });
  // The login form of the supervisor's page posts url-encoded fields.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
});
