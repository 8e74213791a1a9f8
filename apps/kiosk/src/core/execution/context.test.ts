import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HoldEvent } from '@lineside/domain';
import { cheapVerifiers, openExecutionCore, typesAfter } from '../../../../../tests/kiosk/support/execution-fixture.js';
import { KIOSK_ACTOR } from './context.js';

let verifiers: Map<string, string>;
beforeAll(async () => {
  verifiers = await cheapVerifiers();
});
const opened: Array<{ cleanup(): void }> = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.cleanup();
});
function open(options: { enrolled?: boolean } = {}) {
  const o = openExecutionCore(verifiers, options);
  opened.push(o);
  return o;
}

/** A QA hold on BAL-01 decided elsewhere: its own stream, which the held balance must see too. */
const holdOnBal01: HoldEvent = { type: 'HoldPlaced', at: '2026-11-25T09:00:00.000+01:00', holdId: 'H-1', target: { kind: 'equipment', id: 'BAL-01' }, reason: 'dropped', source: 'qa', placedBy: 'quinn.qa' };

describe('execution context', () => {
  it('commit appends the decision to its stream, folds it into every state it touches, and a restart folds the same', () => {
    const { store, core, reopen } = open();
    let changes = 0;
    core.onChange(() => (changes += 1));
    expect(core.commit('hold', 'H-1', [holdOnBal01], KIOSK_ACTOR)).toEqual({ ok: true, events: 1 });
    expect(typesAfter(store, 0)).toEqual(['hold.hold-placed']);
    expect(changes).toBe(1);
    // The hold's own stream, the equipment it holds, and the floor context the deciders see.
    expect(core.state.holdOf('H-1')).toMatchObject({ status: 'active' });
    expect(core.state.equipmentOf('BAL-01')).toMatchObject({ status: 'on-hold', holdIds: ['H-1'] });
    const ctx = core.context();
    expect(ctx.ok && ctx.ctx.activeHolds).toEqual([{ holdId: 'H-1', target: { kind: 'equipment', id: 'BAL-01' }, reason: 'dropped' }]);
    // A restart reads the records table (store.records.ofTypePrefixes) and folds the same states.
    const again = reopen();
    expect(again.state.equipmentOf('BAL-01')).toEqual(core.state.equipmentOf('BAL-01'));
    expect(again.state.holdOf('H-1')).toEqual(core.state.holdOf('H-1'));
  });

  it('a kiosk that is not enrolled refuses the commit: nothing reaches the log or the folded state', () => {
    const { store, core } = open({ enrolled: false });
    let changes = 0;
    core.onChange(() => (changes += 1));
    expect(core.commit('hold', 'H-1', [holdOnBal01], KIOSK_ACTOR)).toMatchObject({ ok: false, code: 'not-enrolled' });
    expect(store.records.after(0, 10)).toEqual([]);
    expect(core.state.equipmentOf('BAL-01')).toMatchObject({ status: 'available' });
    expect(changes).toBe(0);
  });

  it('a command needs a live session: begin() refuses when nobody is logged in', () => {
    const { core } = open();
    expect(core.begin()).toMatchObject({ ok: false, code: 'not-logged-in' });
  });
});
