import type { FastifyPluginAsync } from 'fastify';

/**
 * Marks an infrastructure plugin as not encapsulated, so its decorators, hooks and handlers reach the
 * whole app (what fastify-plugin does; one line here instead of a dependency).
 */
export function infra<Options extends Record<string, unknown>>(name: string, plugin: FastifyPluginAsync<Options>): FastifyPluginAsync<Options> {
  Object.assign(plugin, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: name });
  return plugin;
}
