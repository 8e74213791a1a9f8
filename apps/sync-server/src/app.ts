import Fastify, { type FastifyInstance } from 'fastify';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import { MAX_BATCH_BYTES } from '@lineside/sync-protocol';
import type { DatabaseOptions } from './db/engine.js';
import type { ServerKeyProvider } from './security/server-key-store.js';
import { authPlugin } from './plugins/auth.js';
import { bodyPlugin } from './plugins/body.js';
import { checksSweepPlugin } from './plugins/checks-sweep.js';
import { databasePlugin } from './plugins/database.js';
import { errorsPlugin } from './plugins/errors.js';
import { headersPlugin } from './plugins/headers.js';
import { openapiPlugin } from './plugins/openapi.js';
import { throttlePlugin, type ThrottleLimits } from './plugins/throttle.js';
import { auditRoutes } from './routes/audit/index.js';
import { batchRecordExportsRoutes } from './routes/batch-record-exports/index.js';
import { docsRoutes } from './routes/docs/index.js';
import { enrollmentCodesRoutes } from './routes/enrollment-codes/index.js';
import { healthRoutes } from './routes/health/index.js';
import { kiosksRoutes } from './routes/kiosks/index.js';
import { stationsRoutes } from './routes/stations/index.js';
import { kpisRoutes } from './routes/kpis/index.js';
import { usersRoutes } from './routes/users/index.js';
import { verifyPlugin } from './plugins/verify.js';
import { masterDataRoutes } from './routes/master-data/index.js';
import { equipmentRoutes } from './routes/equipment/index.js';
import { recipesRoutes } from './routes/recipes/index.js';
import { pagesRoutes } from './routes/pages/index.js';
import { recordsRoutes } from './routes/records/index.js';
import { reviewRoutes } from './routes/review/index.js';
import { sessionsRoutes } from './routes/sessions/index.js';
import { syncRoutes } from './routes/sync/index.js';
import { webRoutes } from './routes/web/index.js';
import { loggableRequest } from './log-redaction.js';

export interface AppOptions {
  readonly database: DatabaseOptions;
  /** The server clock; tests pass a fixed or stepping clock. */
  readonly now?: () => Date;
  readonly logger?: boolean | object;
  /** Largest accepted request body in bytes (default: the push limit, 2 MB). */
  readonly bodyLimit?: number;
  /** Worker threads verifying push signatures (default 0: on the event loop; needs the compiled dist). */
  readonly verifyWorkers?: number;
  /** The verify worker's module (default the compiled one); tests give one that can be made to die. */
  readonly verifyWorkerUrl?: URL;
  /** How often records left unchecked by a stopped server are checked (default 60 s; 0: at start only). */
  readonly checksSweepMs?: number;
  /** PEM certificate and key: the server speaks HTTPS only (lineside-server --tls-cert/--tls-key). */
  readonly https?: { readonly cert: string; readonly key: string };
  /** Where the server's private signing key is kept (default: `keys/` beside the SQLite file; required on PostgreSQL). */
  readonly serverKeys?: ServerKeyProvider;
  /** The built web app (default: dist/web of this package); tests may point elsewhere. */
  readonly webRoot?: string;
  /** Sign-in and enrollment throttling and the central account lockout (defaults: DEFAULT_THROTTLE). */
  readonly throttle?: Partial<ThrottleLimits>;
}

/** The whole server as a plugin-composed app that never listens (fastify/demo's app.ts). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // Request lines keep the path and drop query values: a secret sent in a query string stays out of the log.
    logger: options.logger ? { ...(options.logger === true ? {} : options.logger), serializers: { req: loggableRequest } } : false,
    bodyLimit: options.bodyLimit ?? MAX_BATCH_BYTES,
    // Error bodies are ours; ajv's own coercion stays off because TypeBox validates.
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
    ...(options.https ? { https: { cert: options.https.cert, key: options.https.key } } : {}),
  });
  app.setValidatorCompiler(TypeBoxValidatorCompiler);

  await app.register(errorsPlugin);
  await app.register(headersPlugin, { https: options.https !== undefined });
  await app.register(bodyPlugin);
  await app.register(databasePlugin, { database: options.database, now: options.now ?? (() => new Date()), ...(options.serverKeys ? { serverKeys: options.serverKeys } : {}) });
  await app.register(authPlugin);
  await app.register(throttlePlugin, { ...(options.throttle ? { limits: options.throttle } : {}) });
  await app.register(verifyPlugin, { workers: options.verifyWorkers ?? 0, ...(options.verifyWorkerUrl ? { workerUrl: options.verifyWorkerUrl } : {}) });
  await app.register(checksSweepPlugin, { intervalMs: options.checksSweepMs ?? 60_000 });
  await app.register(openapiPlugin);

  await app.register(healthRoutes);
  await app.register(syncRoutes, { prefix: '/sync/v1' });
  await app.register(sessionsRoutes, { prefix: '/api/v1/sessions' });
  await app.register(enrollmentCodesRoutes, { prefix: '/api/v1/enrollment-codes' });
  await app.register(kiosksRoutes, { prefix: '/api/v1/kiosks' });
  await app.register(stationsRoutes, { prefix: '/api/v1/stations' });
  await app.register(recordsRoutes, { prefix: '/api/v1/records' });
  await app.register(masterDataRoutes, { prefix: '/api/v1/master-data' });
  await app.register(recipesRoutes, { prefix: '/api/v1/recipes' });
  await app.register(equipmentRoutes, { prefix: '/api/v1/equipment' });
  await app.register(usersRoutes, { prefix: '/api/v1/users' });
  await app.register(kpisRoutes, { prefix: '/api/v1/kpis' });
  await app.register(auditRoutes, { prefix: '/api/v1/audit' });
  await app.register(reviewRoutes, { prefix: '/api/v1' });
  await app.register(batchRecordExportsRoutes, { prefix: '/api/v1/batch-records' });
  await app.register(pagesRoutes);
  await app.register(docsRoutes);
  await app.register(webRoutes, { ...(options.webRoot ? { root: options.webRoot } : {}) });
  await app.ready();
  return app;
}
