import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedExchange {
  readonly method: string;
  readonly path: string;
  readonly body: string;
}

/** What to do with one request: pass it on (optionally after `hold` settles, optionally rewriting the answer) or cut the connection. */
export type ProxyDecision = { readonly action: 'forward'; readonly rewrite?: (body: string) => string; readonly hold?: Promise<void> } | { readonly action: 'drop' };

/**
 * A real HTTP hop between the kiosk and the real server that can cut a connection or alter an
 * answer, so retries and receipt checks are tested against the real server, not a fake one.
 */
export async function startFaultProxy(target: string, decide: (exchange: ProxiedExchange, index: number) => ProxyDecision = () => ({ action: 'forward' })) {
  const seen: ProxiedExchange[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const exchange = { method: request.method ?? 'GET', path: request.url ?? '/', body: Buffer.concat(chunks).toString('utf8') };
      const index = seen.push(exchange) - 1;
      const decision = decide(exchange, index);
      if (decision.action === 'drop') {
        request.socket.destroy();
        return;
      }
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type', 'accept']) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      (decision.hold ?? Promise.resolve())
        .then(() => fetch(target + exchange.path, { method: exchange.method, headers, ...(exchange.body ? { body: exchange.body } : {}) }))
        .then(async (answer) => {
          const text = await answer.text();
          response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          response.end(decision.rewrite ? decision.rewrite(text) : text);
        })
        .catch((error: unknown) => {
          response.writeHead(502, { 'content-type': 'text/plain' });
          response.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    pushes: () => seen.filter((e) => e.path === '/sync/v1/push'),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
