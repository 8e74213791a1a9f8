import { afterAll, beforeAll, describe } from 'vitest';
import { testDatabases } from './engines.js';
import { ServerUnderTest } from './server.js';

const databases = await testDatabases();

/** Declares the same suite once per engine, each on its own fresh database. */
export function onEachEngine(name: string, body: (server: ServerUnderTest) => void): void {
  for (const database of databases) {
    if (database.skip) console.warn(`skipping "${name}" on ${database.engine}: ${database.skip}`);
    describe.skipIf(database.skip !== undefined)(`${name} [${database.engine}]`, () => {
      const server = new ServerUnderTest(database);
      beforeAll(() => server.start());
      afterAll(() => server.stop());
      body(server);
    });
  }
}
