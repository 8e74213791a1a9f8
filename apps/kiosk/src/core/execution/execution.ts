import { createExecutionContext, type ExecutionDeps } from './context.js';
import { createDeviations } from './deviations.js';
import { createEquipment } from './equipment.js';
import { createHolds } from './holds.js';
import { createLabels } from './labels.js';
import { createOperatingStates } from './operating-states.js';
import { createOrders } from './orders.js';
import { createSigners } from './signers.js';

export { type ExecutionDeps, type Outcome } from './context.js';
export { type OpenException } from './deviations.js';
export { type HoldListing } from './holds.js';
export { type BalanceReading } from './orders.js';
export { type ContainerLabelView, type LabelPrinter } from './labels.js';
export { LOGIN_FAILED, type Lockout, type OverrideRequest } from './signers.js';

/**
 * The kiosk's execution core: per-aggregate streams in the signed log, folded at start, commands
 * decided by the domain's deciders and appended in one transaction. No rule of the floor lives here.
 * One module per aggregate over a shared context (context.ts: the folded states, commit, the session):
 * orders, equipment checks, holds, deviations, and signers with their sessions.
 */
export function createExecution(deps: ExecutionDeps) {
  const core = createExecutionContext(deps);
  const signers = createSigners(core);
  const deviations = createDeviations(core, signers);
  const labels = createLabels(core, () => deps.printer?.() ?? null);
  return {
    onChange: core.onChange,
    ...signers.commands,
    ...createOrders(core, signers, deviations.openExceptions, labels),
    reprintLabel: labels.reprintLabel,
    issueLabel: labels.issueLabel,
    containerLabels: labels.containerLabels,
    ...createEquipment(core, signers),
    ...createHolds(core, signers),
    ...deviations.commands,
    ...createOperatingStates(core),
  };
}
export type Execution = ReturnType<typeof createExecution>;
