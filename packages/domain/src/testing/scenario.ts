import { expect } from 'vitest';
import type { FloorContext } from '../context.js';
import type { Decider } from '../decider.js';
import { fold } from '../decider.js';
import type { Decision } from '../result.js';

/**
 * Given events / when command / then events or refusal. `given` is a list of events already in the
 * log; the state is their fold, exactly as a kiosk rebuilds it after a restart.
 */
export function scenario<S, C, E, Code extends string>(decider: Decider<S, C, E, Code>, id: string) {
  return {
    given(events: readonly E[]) {
      const state = fold(decider, id, events);
      return {
        state,
        when(command: C, ctx: FloorContext) {
          const decision: Decision<E, Code> = decider.decide(state, command, ctx);
          return {
            decision,
            /** Events, matched partially (only the fields written), in order. */
            then(expected: readonly Partial<E>[] | readonly Record<string, unknown>[]): readonly E[] {
              if (!decision.ok) throw new Error(`expected events, got refusal ${decision.code}: ${decision.message}`);
              expect(decision.value).toHaveLength(expected.length);
              decision.value.forEach((event, i) => expect(event).toMatchObject(expected[i] as object));
              return decision.value;
            },
            thenRefused(code: Code, message?: string | RegExp): void {
              if (decision.ok) throw new Error(`expected refusal ${code}, got events ${JSON.stringify(decision.value.map((e) => (e as { type?: string }).type))}`);
              expect(decision.code).toBe(code);
              if (typeof message === 'string') expect(decision.message).toBe(message);
              else if (message) expect(decision.message).toMatch(message);
            },
          };
        },
      };
    },
  };
}

/** Run commands one after another, keeping the events; any refusal is a broken test setup. */
export function history<S, C, E, Code extends string>(decider: Decider<S, C, E, Code>, id: string, steps: readonly (readonly [C, FloorContext])[], given: readonly E[] = []): E[] {
  const events = [...given];
  for (const [command, ctx] of steps) {
    const decision = decider.decide(fold(decider, id, events), command, ctx);
    if (!decision.ok) throw new Error(`setup command ${JSON.stringify(command)} refused: ${decision.code}: ${decision.message}`);
    events.push(...decision.value);
  }
  return events;
}
