import helmet from '@fastify/helmet';
import { PAGE_STYLE_HASH } from '../routes/pages/html.js';
import { infra } from './infra.js';

/**
 * Security headers on every response (@fastify/helmet). The web app's scripts and styles are files
 * served from here (Vite emits no inline script), the server-rendered pages (sign-in, error pages)
 * have one inline style admitted by its hash; nothing inline runs, nothing loads from elsewhere,
 * fetches and forms go only here, never framed.
 */
export const headersPlugin = infra<{ https: boolean }>('lineside-headers', async (app, options) => {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", PAGE_STYLE_HASH],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    // HSTS only means something over TLS; over plain HTTP (localhost, tests) it would only mislead.
    strictTransportSecurity: options.https ? { maxAge: 31_536_000 } : false,
    // Nothing leaves for other sites; same-origin requests keep their Origin header, which the CSRF check reads.
    referrerPolicy: { policy: 'same-origin' },
  });
});
