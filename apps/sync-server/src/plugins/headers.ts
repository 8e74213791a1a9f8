import helmet from '@fastify/helmet';
import { PAGE_STYLE_HASH } from '../routes/pages/html.js';
import { infra } from './infra.js';

/**
 * Security headers on every response (@fastify/helmet). The pages are server-rendered HTML with one
 * inline style and no script, so the CSP admits nothing else: no script at all, that style by hash,
 * forms posting only here, never framed.
 */
export const headersPlugin = infra<{ https: boolean }>('lineside-headers', async (app, options) => {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'none'"],
        styleSrc: [PAGE_STYLE_HASH],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    // HSTS only means something over TLS; over plain HTTP (localhost, tests) it would only mislead.
    strictTransportSecurity: options.https ? { maxAge: 31_536_000 } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
});
