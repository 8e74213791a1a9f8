import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ERROR_REASONS } from '@lineside/sync-protocol';
import { onEachEngine } from './support/suite.js';

/** The reason codes of the spec's error table (packages/sync-protocol/README.md §3.2), with their HTTP status. */
function specReasons(): Map<string, number> {
  const readme = readFileSync(new URL('../../packages/sync-protocol/README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### 3.2 Errors'), readme.indexOf('### 3.3 Endpoints'));
  const rows = new Map<string, number>();
  for (const line of section.split('\n')) {
    const row = /^\| `([a-z-]+)` \| (\d{3}) \|/.exec(line);
    if (row) rows.set(row[1]!, Number(row[2]));
  }
  return rows;
}

/** Every `reason` enum in the served OpenAPI document. */
function openApiReasons(doc: unknown): Set<string>[] {
  const found: Set<string>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const properties = (node as { properties?: { reason?: { enum?: string[] } } }).properties;
      if (properties?.reason?.enum) found.push(new Set(properties.reason.enum));
      Object.values(node).forEach(walk);
    }
  };
  walk(doc);
  return found;
}

onEachEngine('the spec, the OpenAPI document and the server agree on reasons', (server) => {
  it('lists in the spec table exactly the reasons the server can send, each once with one status', () => {
    const spec = specReasons();
    expect([...spec.keys()].sort()).toEqual([...ERROR_REASONS].sort());
    for (const [reason, status] of spec) expect(status >= 400 && status < 600, reason).toBe(true);
  });

  it('serves the same reasons as the enum of every error body in /docs/json', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const enums = openApiReasons(response.json());
    expect(enums.length).toBeGreaterThan(0);
    for (const reasons of enums) expect([...reasons].sort()).toEqual([...ERROR_REASONS].sort());
  });

  it('answers the statuses the table gives, for the reasons a request can provoke directly', async () => {
    const spec = specReasons();
    const seen = [
      await server.app.inject({ method: 'GET', url: '/sync/v1/nowhere' }),
      await server.app.inject({ method: 'PUT', url: '/sync/v1/push' }),
      await server.app.inject({ method: 'POST', url: '/sync/v1/enroll', headers: { 'content-type': 'application/json' }, payload: '{"code":' }),
      await server.app.inject({ method: 'POST', url: '/sync/v1/enroll', headers: { 'content-type': 'text/plain' }, payload: 'x' }),
      await server.app.inject({ method: 'GET', url: '/api/v1/records' }),
      await server.as('olivia.operator', 'GET', '/api/v1/records'),
    ];
    for (const response of seen) {
      const { reason } = response.json() as { reason: string };
      expect(spec.get(reason), reason).toBe(response.statusCode);
    }
  });
});
