// The sandboxed preload cannot import the shared module's values, so it lists the event names itself:
// this keeps that copy equal to the one the core and the browser transport use.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_NAMES } from '../shared/api.js';

describe('preload event names', () => {
  it('lists exactly the events of the shared API', () => {
    const source = readFileSync(path.join(import.meta.dirname, 'index.cts'), 'utf8');
    const list = /const EVENTS: readonly EventName\[\] = \[([^\]]*)\]/.exec(source)?.[1];
    expect(list, 'the EVENTS array in preload/index.cts').toBeDefined();
    const names = [...(list ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]);
    expect(names).toEqual([...EVENT_NAMES]);
  });
});
