import type { FastifyPluginAsync } from 'fastify';

export const docsRoutes: FastifyPluginAsync = async (app) => {
  app.get('/docs/json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/docs', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lineside API</title></head><body><h1>Lineside sync server API</h1><p>The OpenAPI 3 document: <a href="/docs/json">/docs/json</a></p></body></html>'),
  );
};
