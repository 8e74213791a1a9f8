import { recipeInEffect, type Recipe } from '@lineside/domain';
import { entityIdOf, type MasterEntity, type MasterEntityData, type MasterIssue } from '@lineside/sync-protocol';
import type { Role } from '../db/users.js';

/** What the rules read of the master data in force: one entity, or all of a kind. */
export interface MasterLookup {
  find(entity: MasterEntity, id: string): Promise<Readonly<Record<string, unknown>> | undefined>;
  list(entity: MasterEntity): Promise<readonly Readonly<Record<string, unknown>>[]>;
  /** How many records from the floor the server holds for an order (absent: none, as for the seed). */
  orderRecords?(orderId: string): Promise<number>;
}

/** A write the rules refuse: 400 for a bad field or reference, 403 when the writer may not make that change, 409 when the state forbids it. */
export interface RuleRefusal {
  readonly status: 400 | 403 | 409;
  readonly issues: readonly MasterIssue[];
}

const issue = (path: string, message: string): MasterIssue => ({ path, message });

/**
 * The rules a schema cannot say: the id in the URL is the entity's id, references name entities that
 * exist (a lot's material, a recipe's materials and instruments, an order's approved recipe version),
 * and GMP field rules (a lot's status changes only by QA, and a rejected lot stays rejected).
 * `data` has already passed its schema.
 */
export async function checkMasterRules(
  md: MasterLookup,
  change: { entity: MasterEntity; id: string; data: Readonly<Record<string, unknown>>; before: Readonly<Record<string, unknown>> | undefined; roles: readonly Role[]; today: string },
): Promise<RuleRefusal | undefined> {
  const { entity, id, before, roles } = change;
  /** The day an order is released on (server's clock): the version must be in effect then. */
  const today = change.today;
  const own = entityIdOf(entity, change.data);
  if (own !== id) {
    const field = entity === 'calibration' ? '/certificateId' : entity === 'recipe' ? '/id' : entity === 'settings' ? '/' : '/id';
    return { status: 400, issues: [issue(field, entity === 'settings' ? `settings are stored under the id "plant", not ${JSON.stringify(id)}` : `is ${JSON.stringify(own)} but the URL names ${JSON.stringify(id)}`)] };
  }
  const issues: MasterIssue[] = [];
  const exists = async (kind: MasterEntity, ref: string, path: string, what: string) => {
    if (!(await md.find(kind, ref))) issues.push(issue(path, `${what} ${ref} is not in the master data`));
  };
  switch (entity) {
    case 'material': {
      const data = change.data as MasterEntityData<'material'>;
      if (!gtinCheckDigitOk(data.gtin)) issues.push(issue('/gtin', `${data.gtin} has a wrong check digit (GS1 mod 10): a label scanned for it would never match`));
      break;
    }
    case 'lot': {
      const data = change.data as MasterEntityData<'lot'>;
      await exists('material', data.materialId, '/materialId', 'material');
      if (data.retestDate && data.retestDate > data.expiry) issues.push(issue('/retestDate', `retest date ${data.retestDate} is after the expiry ${data.expiry}`));
      if ((data.status === 'on-hold' || data.status === 'rejected') && !data.statusReason?.trim()) issues.push(issue('/statusReason', `a lot ${data.status} needs the reason in statusReason (shown at the kiosk)`));
      const previous = before?.['status'];
      const statusChanged = previous === undefined ? data.status !== 'quarantine' : previous !== data.status;
      if (statusChanged && !roles.includes('qa')) {
        return { status: 403, issues: [issue('/status', previous === undefined ? `a new lot starts in quarantine; only QA may create it ${data.status}` : `only QA may change a lot's status (${String(previous)} → ${data.status})`)] };
      }
      if (previous === 'rejected' && data.status !== 'rejected') return { status: 409, issues: [issue('/status', `lot ${id} is rejected: a rejected lot is never used again, make a new lot`)] };
      if (before && before['materialId'] !== data.materialId) issues.push(issue('/materialId', `a lot does not change material (${String(before['materialId'])} → ${data.materialId})`));
      break;
    }
    case 'equipment': {
      const data = change.data as MasterEntityData<'equipment'>;
      if (data.kind === 'balance' && data.sensitivityTest) await exists('test-weight', data.sensitivityTest.testWeightId, '/sensitivityTest/testWeightId', 'test weight');
      if (before && before['kind'] !== data.kind) issues.push(issue('/kind', `equipment ${id} is a ${String(before['kind'])}; an instrument does not change kind`));
      break;
    }
    case 'calibration': {
      const data = change.data as MasterEntityData<'calibration'>;
      await exists('equipment', data.equipmentId, '/equipmentId', 'equipment');
      // Due on the calibration day itself is how a certificate is withdrawn (out of tolerance as found).
      if (data.dueOn < data.calibratedOn) issues.push(issue('/dueOn', `due date ${data.dueOn} is before the calibration date ${data.calibratedOn}`));
      break;
    }
    case 'station': {
      const data = change.data as MasterEntityData<'station'>;
      for (const [i, ref] of data.equipmentIds.entries()) await exists('equipment', ref, `/equipmentIds/${i}`, 'equipment');
      if (data.labelSerialBlock !== undefined) {
        // Two kiosks on one block would print the same SSCC on two containers.
        const twin = (await md.list('station')).find((s) => s['id'] !== id && s['labelSerialBlock'] === data.labelSerialBlock);
        if (twin) issues.push(issue('/labelSerialBlock', `block ${data.labelSerialBlock} is already station ${String(twin['id'])}'s: SSCCs would repeat`));
      }
      break;
    }
    case 'recipe':
      issues.push(...(await recipeIssues(md, change.data as MasterEntityData<'recipe'>)));
      break;
    case 'order': {
      const data = change.data as MasterEntityData<'order'>;
      const lifecycle = await orderLifecycleRefusal(md, id, data, before);
      if (lifecycle) return lifecycle;
      if ((data.status ?? 'released') === 'cancelled') {
        if (!data.statusReason?.trim()) issues.push(issue('/statusReason', `cancelling order ${id} needs the reason in statusReason (shown at the kiosk)`));
        // Cancelling pins nothing new: the version it was planned on may since have been superseded.
        break;
      }
      if (data.statusReason !== undefined) issues.push(issue('/statusReason', `is the reason of a cancellation; order ${id} is ${data.status ?? 'released'}, not cancelled`));
      const recipe = await md.find('recipe', `${data.recipeId}@${data.recipeVersion}`);
      if (!recipe) issues.push(issue('/recipeVersion', `recipe ${data.recipeId} version ${data.recipeVersion} is not in the master data`));
      else {
        const inEffect = recipeInEffect(recipe as unknown as Recipe, today);
        if (!inEffect.ok) issues.push(issue('/recipeVersion', `${inEffect.why}: an order is released only against an approved version in effect`));
      }
      await exists('station', data.stationId, '/stationId', 'station');
      break;
    }
    default:
      break;
  }
  return issues.length > 0 ? { status: 400, issues } : undefined;
}

const ORDER_PINNED_FIELDS = ['recipeId', 'recipeVersion', 'stationId', 'batchNumber'] as const;

/**
 * An order's lifecycle as a GMP plant keeps it: planned → released → (cancelled). A cancelled order stays
 * cancelled; once the server holds records of it from a kiosk it was started, and from then on it is neither
 * cancelled nor withdrawn nor re-pinned from here: the batch is finished or held at the kiosk, and its
 * record reviewed. (A kiosk that started it offline before a cancel arrived is the review's exception.)
 */
async function orderLifecycleRefusal(md: MasterLookup, id: string, data: MasterEntityData<'order'>, before: Readonly<Record<string, unknown>> | undefined): Promise<RuleRefusal | undefined> {
  const status = data.status ?? 'released';
  if (!before) return status === 'cancelled' ? { status: 400, issues: [issue('/status', `a new order is planned or released; there is no order ${id} to cancel`)] } : undefined;
  const previous = (before['status'] as string | undefined) ?? 'released';
  if (previous === 'cancelled') return { status: 409, issues: [issue('/status', `order ${id} was cancelled (${String(before['statusReason'] ?? 'no reason')}): a cancelled order stays cancelled — plan a new order`)] };
  const records = (await md.orderRecords?.(id)) ?? 0;
  if (records === 0) return undefined;
  const started = `order ${id} was started at a kiosk (the server holds ${records} record${records === 1 ? '' : 's'} of it)`;
  if (status === 'cancelled') return { status: 409, issues: [issue('/status', `${started}: it can no longer be cancelled — finish or hold it at the kiosk, and record the deviation`)] };
  if (status === 'planned') return { status: 409, issues: [issue('/status', `${started}: it can no longer be withdrawn from its station`)] };
  const moved = ORDER_PINNED_FIELDS.filter((f) => before[f] !== data[f]);
  if (moved.length > 0) return { status: 409, issues: moved.map((f) => issue(`/${f}`, `${started}: its ${f} stays ${JSON.stringify(before[f])}`)) };
  return undefined;
}

async function recipeIssues(md: MasterLookup, recipe: MasterEntityData<'recipe'>): Promise<MasterIssue[]> {
  const issues: MasterIssue[] = [];
  const index = new Map<string, number>();
  recipe.steps.forEach((step, i) => {
    if (index.has(step.id)) issues.push(issue(`/steps/${i}/id`, `step id ${step.id} is used twice (also /steps/${index.get(step.id)})`));
    else index.set(step.id, i);
  });
  const stepRef = (ref: string, path: string, self: string) => {
    if (ref === self) issues.push(issue(path, `step ${self} cannot refer to itself`));
    else if (!index.has(ref)) issues.push(issue(path, `step ${ref} is not a step of this recipe`));
  };
  const kindOf = async (ref: string) => (await md.find('equipment', ref))?.['kind'];
  for (const [i, step] of recipe.steps.entries()) {
    const at = `/steps/${i}`;
    step.predecessors.forEach((p, j) => stepRef(p, `${at}/predecessors/${j}`, step.id));
    if (step.kind === 'dispense' || step.kind === 'lot-verify') {
      if (!(await md.find('material', step.materialId))) issues.push(issue(`${at}/materialId`, `material ${step.materialId} is not in the master data`));
    }
    if (step.kind === 'dispense') {
      if (step.compensatesStep !== undefined) {
        stepRef(step.compensatesStep, `${at}/compensatesStep`, step.id);
        const target = recipe.steps[index.get(step.compensatesStep) ?? -1];
        if (target && target.kind !== 'dispense') issues.push(issue(`${at}/compensatesStep`, `step ${step.compensatesStep} is not a dispense step`));
      }
      for (const [j, ref] of (step.balanceIds ?? []).entries()) {
        const kind = await kindOf(ref);
        if (kind !== 'balance') issues.push(issue(`${at}/balanceIds/${j}`, kind === undefined ? `balance ${ref} is not in the master data` : `${ref} is a ${String(kind)}, not a balance`));
      }
    }
    if (step.kind === 'ph-measurement') {
      for (const [j, ref] of (step.meterIds ?? []).entries()) {
        const kind = await kindOf(ref);
        if (kind !== 'ph-meter') issues.push(issue(`${at}/meterIds/${j}`, kind === undefined ? `pH meter ${ref} is not in the master data` : `${ref} is a ${String(kind)}, not a pH meter`));
      }
      if (Number(step.low) > Number(step.high)) issues.push(issue(`${at}/low`, `low ${step.low} is above high ${step.high}`));
    }
    if (step.kind === 'equipment-check') {
      for (const [j, ref] of step.equipmentIds.entries()) if ((await kindOf(ref)) === undefined) issues.push(issue(`${at}/equipmentIds/${j}`, `equipment ${ref} is not in the master data`));
    }
    if (step.kind === 'sign-off') step.verifiesSteps?.forEach((ref, j) => stepRef(ref, `${at}/verifiesSteps/${j}`, step.id));
    if (step.kind === 'charge') {
      // Charging at the line (issue 13): it charges the containers of dispense steps, at a station that exists.
      step.chargesSteps.forEach((ref, j) => {
        stepRef(ref, `${at}/chargesSteps/${j}`, step.id);
        const target = recipe.steps[index.get(ref) ?? -1];
        if (target && target.kind !== 'dispense') issues.push(issue(`${at}/chargesSteps/${j}`, `step ${ref} (${target.kind}) is not a dispense step: only dispensed containers are charged`));
      });
      if (step.stationId !== undefined && !(await md.find('station', step.stationId))) issues.push(issue(`${at}/stationId`, `station ${step.stationId} is not in the master data`));
    }
  }
  const cycle = findCycle(recipe.steps);
  if (cycle) issues.push(issue('/steps', `the predecessors make a cycle: ${cycle.join(' → ')}; no step of it could ever start`));
  return issues;
}

function findCycle(steps: readonly { id: string; predecessors: readonly string[] }[]): string[] | undefined {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...trail.slice(trail.indexOf(id)), id];
    state.set(id, 'open');
    trail.push(id);
    for (const p of byId.get(id)?.predecessors ?? []) {
      const found = byId.has(p) ? visit(p) : undefined;
      if (found) return found;
    }
    trail.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const s of steps) {
    const found = visit(s.id);
    if (found) return found;
  }
  return undefined;
}

/** GS1 mod-10 check digit of a GTIN-14. */
export function gtinCheckDigitOk(gtin: string): boolean {
  if (!/^\d{14}$/.test(gtin)) return false;
  const digits = [...gtin].map(Number);
  const sum = digits.slice(0, 13).reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === digits[13];
}

/** Entities that still refer to the one about to be removed: a removal must not leave a dangling reference. */
export async function removalBlockers(md: MasterLookup, entity: MasterEntity, id: string): Promise<string[]> {
  const blockers: string[] = [];
  if (entity === 'material') {
    for (const lot of await md.list('lot')) if (lot['materialId'] === id) blockers.push(`lot ${String(lot['id'])}`);
    for (const recipe of await md.list('recipe')) {
      const steps = (recipe['steps'] as { materialId?: string }[] | undefined) ?? [];
      if (steps.some((s) => s.materialId === id)) blockers.push(`recipe ${String(recipe['id'])} version ${String(recipe['version'])}`);
    }
  }
  if (entity === 'recipe') {
    for (const order of await md.list('order')) if (`${String(order['recipeId'])}@${String(order['recipeVersion'])}` === id) blockers.push(`order ${String(order['id'])}`);
  }
  if (entity === 'order') {
    const records = (await md.orderRecords?.(id)) ?? 0;
    if (records > 0) blockers.push(`${records} record${records === 1 ? '' : 's'} from the floor (it was started at a kiosk)`);
  }
  if (entity === 'test-weight') {
    for (const e of await md.list('equipment')) if ((e['sensitivityTest'] as { testWeightId?: string } | undefined)?.testWeightId === id) blockers.push(`equipment ${String(e['id'])}`);
  }
  return blockers;
}
