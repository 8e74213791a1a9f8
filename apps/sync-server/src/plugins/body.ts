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

// Same guard as fastify's secure-json-parse: such keys could poison prototypes further down.
const POISON = /"(?:__proto__|constructor)"\s*:/;

export const bodyPlugin = infra('lineside-body', async (app) => {
  // Only JSON (and the login form) are accepted; anything else is 415 before any handler runs.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    request.rawBody = raw;
    if (raw.length === 0) return done(new MalformedBodyError('the request body is empty but its content-type is application/json'), undefined);
    const text = raw.toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return done(new MalformedBodyError(`the request body is not valid JSON: ${(error as Error).message}`), undefined);
    }
    if (POISON.test(text)) return done(new MalformedBodyError('the request body has a __proto__ or constructor key, which is refused'), undefined);
    done(null, parsed);
  });
  // The login form of the supervisor's page posts url-encoded fields.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
});
