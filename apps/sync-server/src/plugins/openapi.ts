import swagger from '@fastify/swagger';
import { infra } from './infra.js';

/** OpenAPI 3 built from the same TypeBox schemas that validate the routes. */
export const openapiPlugin = infra('lineside-openapi', async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Lineside sync server', version: '0.1.0', description: 'Kiosk sync (signed records, enrollment) and the admin / supervisor API.' },
      components: {
        securitySchemes: {
          kiosk: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Lineside-Ed25519 keyId="…", ts="…", sig="…" (request-auth.ts)' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
});
