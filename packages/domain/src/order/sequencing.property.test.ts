import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fold, orderDecider } from '../decider.js';
import { demoPlant } from '../demo-plant.js';
import type { RecipeStep } from '../master-data/recipe.js';
import { floor, signature, TODAY } from '../testing/floor.js';
import type { OrderCommand } from './commands.js';
import type { OrderStreamEvent } from './events.js';

const ORDER = 'ORD-0001';
const USERS = ['olivia.operator', 'oscar.operator'] as const;

/** A random DAG of instruction steps: each step's predecessors are earlier steps; some need a sign-off. */
const arbRecipe = fc.integer({ min: 2, max: 7 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      fc.record({ preds: fc.subarray(Array.from({ length: i }, (_, j) => String(j + 1))), signed: fc.boolean() }).map(({ preds, signed }): RecipeStep => ({
        kind: 'instruction',
        id: String(i + 1),
        title: `Instruction ${i + 1}`,
        text: 'Do it',
        predecessors: preds,
        ...(signed ? { signOff: { meaning: 'performed' as const, signatures: 1 as const, signer: { kind: 'performer' as const } } } : {}),
      })),
    ),
  ),
);

const arbCommand = (n: number) =>
  fc.tuple(fc.constantFrom('startStep', 'acknowledgeInstruction', 'signStep', 'pauseOrder', 'resumeOrder', 'completeOrder'), fc.integer({ min: 1, max: n }), fc.constantFrom(...USERS)).map(([type, step, by]): OrderCommand => {
    const stepId = String(step);
    switch (type) {
      case 'signStep':
        return { type, stepId, signatures: [signature(by, 'performed')] };
      case 'pauseOrder':
        return { type, by, reason: 'break' };
      case 'resumeOrder':
      case 'completeOrder':
        return { type, by };
      default:
        return { type, stepId, by };
    }
  });

function contextFor(steps: readonly RecipeStep[]) {
  const master = demoPlant(TODAY);
  return floor({ master: { ...master, recipes: master.recipes.map((r) => ({ ...r, steps })) } });
}

/** Replays the log and checks that no step starts or completes before all its predecessors are closed. */
function assertSequenced(steps: readonly RecipeStep[], log: readonly OrderStreamEvent[]) {
  const closed = new Set<string>();
  for (const e of log) {
    if (e.type === 'StepStarted' || e.type === 'StepCompleted') {
      const step = steps.find((s) => s.id === e.stepId);
      for (const p of step?.predecessors ?? []) expect(closed.has(p), `step ${e.stepId} ${e.type} before predecessor ${p} closed`).toBe(true);
      if (e.type === 'StepCompleted' && !e.signOffRequired) closed.add(e.stepId);
    }
    if (e.type === 'StepSigned') closed.add(e.stepId);
    if (e.type === 'OrderCompleted') expect(closed.size).toBe(steps.length);
  }
}

describe('sequencing property: whatever the command order, no step runs ahead of its predecessors', () => {
  it('random recipes × random command sequences', () => {
    fc.assert(
      fc.property(
        arbRecipe.chain((steps) => fc.tuple(fc.constant(steps), fc.array(arbCommand(steps.length), { maxLength: 60 }))),
        ([steps, commands]) => {
          const ctx = contextFor(steps);
          const log: OrderStreamEvent[] = [];
          const first = orderDecider.decide(fold(orderDecider, ORDER, log), { type: 'startOrder', orderId: ORDER, by: 'olivia.operator' }, ctx);
          if (!first.ok) throw new Error(first.message);
          log.push(...first.value);
          for (const command of commands) {
            const decision = orderDecider.decide(fold(orderDecider, ORDER, log), command, ctx);
            if (decision.ok) log.push(...decision.value);
            else expect(decision.message.length).toBeGreaterThan(10);
          }
          assertSequenced(steps, log);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('and in topological order every recipe completes', () => {
    fc.assert(
      fc.property(arbRecipe, (steps) => {
        const ctx = contextFor(steps);
        const log: OrderStreamEvent[] = [];
        const run = (command: OrderCommand) => {
          const d = orderDecider.decide(fold(orderDecider, ORDER, log), command, ctx);
          if (!d.ok) throw new Error(`${command.type}: ${d.message}`);
          log.push(...d.value);
        };
        run({ type: 'startOrder', orderId: ORDER, by: 'olivia.operator' });
        for (const s of steps) {
          run({ type: 'startStep', stepId: s.id, by: 'oscar.operator' });
          run({ type: 'acknowledgeInstruction', stepId: s.id, by: 'oscar.operator' });
          if (s.signOff) run({ type: 'signStep', stepId: s.id, signatures: [signature('oscar.operator', 'performed')] });
        }
        run({ type: 'completeOrder', by: 'oscar.operator' });
        assertSequenced(steps, log);
        expect(fold(orderDecider, ORDER, log).status).toBe('completed');
      }),
      { numRuns: 100 },
    );
  });
});
