import type { SignedRecord } from '@lineside/sync-protocol';
import { dispositionWords } from './disposition.js';
import type {
  Charge,
  CalibrationAtUse,
  Check,
  ClockAnomaly,
  Deviation,
  Dispense,
  Header,
  Hold,
  OfflineInterval,
  Override,
  Pause,
  PhReading,
  RoutineTestAtUse,
  Scan,
  SignatureEntry,
  Step,
  TimelineEntry,
  Weighing,
} from './batch-record-schema.js';
import { actorOf, byTime, personOf, text, textOrNull, utcOf, type AssemblyInput, type Row } from './assembly-input.js';

/** A kiosk record made this long before it reached the server was made offline. */
export const OFFLINE_AFTER_MS = 5 * 60_000;

type Sig = { signatureId: string; signerId: string; printedName: string; meaning: string; signedAt: string; components: string; signedHash: string; reason?: string };

const isType = (...types: string[]) => (row: Row) => types.includes(row.record.type);

/** The parts of the batch record read straight from the records, before exceptions and completeness. */
export interface Sections {
  readonly header: Header;
  readonly steps: Step[];
  readonly timeline: TimelineEntry[];
  readonly dispenses: Dispense[];
  readonly weighings: Weighing[];
  readonly scans: Scan[];
  readonly charges: Charge[];
  readonly phReadings: PhReading[];
  readonly checks: Check[];
  readonly signatures: SignatureEntry[];
  readonly holds: Hold[];
  readonly deviations: Deviation[];
  readonly overrides: Override[];
  readonly pauses: Pause[];
  readonly offlineIntervals: OfflineInterval[];
  readonly clockAnomalies: ClockAnomaly[];
}

/** The recipe steps of the order's recipe version, as the register held it when the order started. */
export function recipeOf(input: AssemblyInput, started: Row | undefined): Record<string, unknown> | undefined {
  if (!started) return undefined;
  const id = `${text(started.p, 'recipeId')}@${String(started.p['recipeVersion'])}`;
  return input.history.at('recipe', id, utcOf(started)) as Record<string, unknown> | undefined;
}

export function recipeSteps(recipe: Record<string, unknown> | undefined): { id: string; title: string; kind: string; chargesSteps?: string[] }[] {
  const steps = recipe?.['steps'];
  if (!Array.isArray(steps)) return [];
  return steps.map((s: Record<string, unknown>) => ({ id: String(s['id']), title: String(s['title'] ?? ''), kind: String(s['kind'] ?? ''), ...(Array.isArray(s['chargesSteps']) ? { chargesSteps: s['chargesSteps'].map(String) } : {}) }));
}

function what(row: Row): string {
  const p = row.p;
  const step = typeof p['stepId'] === 'string' ? ` step ${p['stepId']}` : '';
  switch (row.record.type) {
    case 'order.order-started':
      return `Order started on recipe ${text(p, 'recipeId')} v${String(p['recipeVersion'])}, batch ${text(p, 'batchNumber')}`;
    case 'order.order-paused':
      return `Order paused: ${text(p, 'reason')}`;
    case 'order.order-resumed':
      return 'Order resumed';
    case 'order.order-completed':
      return 'Order completed';
    case 'order.step-started':
      return `Started${step}`;
    case 'order.step-completed':
      return `Completed${step}`;
    case 'order.step-signed':
      return `Signed${step}`;
    case 'order.instruction-acknowledged':
      return `Instruction acknowledged,${step}`;
    case 'order.equipment-status-confirmed':
      return `Equipment status confirmed,${step}`;
    case 'order.lot-scanned':
      return `Lot ${text(p, 'lotId')} ${p['entry'] === 'manual' ? 'entered by hand' : 'scanned'}${p['fefoOverride'] ? ' (FEFO override)' : ''},${step}`;
    case 'order.dispense-target-set':
      return `Target ${text(p, 'target')} ${text(p, 'unit')} (${text(p, 'lower')}–${text(p, 'upper')}),${step}`;
    case 'order.weighing-recorded':
      return `Container ${String(p['containerNo'])}: net ${text(p, 'net')} ${text(p, 'balanceUnit')} of lot ${text(p, 'lotId')} on ${text(p, 'balanceId')},${step}`;
    case 'order.weighing-rejected':
      return `Weighing rejected (${dispositionWords(text(p, 'disposition'))}): ${text(p, 'reason')},${step}`;
    case 'order.tolerance-overridden':
      return `Tolerance overridden (${text(p, 'toleranceState')}, ${text(p, 'dispensed')}): ${text(p, 'reason')},${step}`;
    case 'order.dispense-completed':
      return `Dispensed ${text(p, 'dispensed')} ${text(p, 'unit')} (${text(p, 'toleranceState')}),${step}`;
    case 'order.ph-measured':
      return `pH ${text(p, 'ph')} at ${text(p, 'temperatureC')} °C on ${text(p, 'meterId')} (${text(p, 'result')}),${step}`;
    case 'order.check-recorded':
      return `Check ${p['passed'] === true ? 'passed' : 'failed'}${typeof p['value'] === 'string' ? ` (${p['value']})` : ''},${step}`;
    case 'order.deviation-opened':
    case 'deviation.deviation-opened':
      return `${text(p, 'severity')} deviation opened: ${text(p, 'title')}`;
    case 'deviation.deviation-signed':
      return `Deviation signed (${String((p['signature'] as Sig | undefined)?.meaning ?? '')})`;
    case 'deviation.deviation-closed':
      return 'Deviation closed';
    case 'order.hold-placed':
    case 'hold.hold-placed':
      return `Hold placed on ${String((p['target'] as { kind?: string })?.kind)} ${String((p['target'] as { id?: string })?.id)}: ${text(p, 'reason')}`;
    case 'hold.hold-released':
      return `Hold released on ${String((p['target'] as { kind?: string })?.kind)} ${String((p['target'] as { id?: string })?.id)}: ${text(p, 'reason')}`;
    default:
      return row.record.type;
  }
}

/** The last routine test of an instrument at or before `beforeMs`, from any kiosk. */
function routineTestAt(tests: readonly Row[], equipmentId: string, beforeMs: number, kind: string): RoutineTestAtUse {
  let found: Row | undefined;
  for (const t of tests) {
    if (t.record.subject?.['equipment'] !== equipmentId || text(t.p, 'test') !== kind || t.atMs > beforeMs) continue;
    if (!found || byTime(found, t) < 0) found = t;
  }
  if (!found) return { status: 'none-found', test: null, at: null, by: null, record: null };
  return { status: found.record.type === 'equipment.routine-test-failed' ? 'failed' : 'passed', test: text(found.p, 'test'), at: found.record.occurredAt, by: text(found.p, 'performedBy'), record: found.ref };
}

/** The calibration the kiosk saw (on the record) beside what the central register said at that time. */
function calibrationAt(input: AssemblyInput, row: Row, equipmentId: string): CalibrationAtUse {
  const seen = (row.p['calibration'] ?? {}) as Record<string, unknown>;
  const at = utcOf(row);
  const usedOn = row.record.occurredAt.slice(0, 10);
  const certificates = input.history.allAt('calibration', at).filter((c) => c['equipmentId'] === equipmentId);
  const latest = certificates.reduce<(typeof certificates)[number] | undefined>((best, c) => (!best || String(c['calibratedOn']) > String(best['calibratedOn']) ? c : best), undefined);
  let central: CalibrationAtUse['central'];
  if (!input.history.at('equipment', equipmentId, at)) central = { valid: false, message: `${equipmentId} was not in the equipment register` };
  else if (!latest) central = { valid: false, message: `${equipmentId} had no calibration certificate` };
  else if (typeof latest['dueOn'] === 'string' && usedOn > latest['dueOn']) central = { valid: false, message: `certificate ${String(latest['certificateId'])} was due ${latest['dueOn']}, used ${usedOn}` };
  else central = { valid: true, message: `certificate ${String(latest['certificateId'])} due ${String(latest['dueOn'])}` };
  return { status: text(seen, 'status') || 'unknown', certificateId: textOrNull(seen, 'certificateId'), dueOn: textOrNull(seen, 'dueOn'), central };
}

/**
 * Builds every section from the order's rows (`order`) and the chain segments' other rows (`around`),
 * both sorted by time. Pure: the same input gives the same sections.
 */
export function buildSections(input: AssemblyInput, order: readonly Row[], around: readonly Row[], tests: readonly Row[]): Sections {
  const started = order.find(isType('order.order-started'));
  const completed = order.find(isType('order.order-completed'));
  const recipe = recipeOf(input, started);
  const planned = started ? (input.history.at('order', input.orderId, utcOf(started)) as Record<string, unknown> | undefined) : undefined;

  const approval = recipe
    ? {
        approvedBy: typeof recipe['approvedBy'] === 'string' ? recipe['approvedBy'] : null,
        approvedAt: typeof recipe['approvedAt'] === 'string' ? recipe['approvedAt'] : null,
        details: (recipe['approval'] ?? null) as unknown,
      }
    : null;
  const header: Header = {
    orderId: input.orderId,
    batchNumber: started ? text(started.p, 'batchNumber') : typeof planned?.['batchNumber'] === 'string' ? planned['batchNumber'] : null,
    product: typeof recipe?.['product'] === 'string' ? recipe['product'] : null,
    recipe: started
      ? {
          id: text(started.p, 'recipeId'),
          version: Number(started.p['recipeVersion']),
          name: typeof recipe?.['name'] === 'string' ? recipe['name'] : null,
          status: typeof recipe?.['status'] === 'string' ? recipe['status'] : null,
          approval,
          batchSize: typeof recipe?.['batchSize'] === 'string' ? recipe['batchSize'] : null,
          batchUnit: typeof recipe?.['batchUnit'] === 'string' ? recipe['batchUnit'] : null,
        }
      : null,
    stationId: started ? text(started.p, 'stationId') : null,
    masterDataVersion: started && typeof started.p['masterDataVersion'] === 'number' ? started.p['masterDataVersion'] : null,
    kiosks: [...new Set(order.map((r) => r.ref.kioskId))].sort(),
    status: completed ? 'completed' : started || order.length > 0 ? 'in-progress' : 'not-started',
    startedAt: started?.record.occurredAt ?? null,
    startedBy: started ? actorOf(input, started) : null,
    completedAt: completed?.record.occurredAt ?? null,
    completedBy: completed ? actorOf(input, completed) : null,
  };

  // Steps: the recipe's, in its order, then any step the records name that the recipe does not have.
  const planSteps = recipeSteps(recipe);
  const recordStepIds = [...new Set(order.flatMap((r) => (typeof r.p['stepId'] === 'string' && r.record.type.startsWith('order.') ? [r.p['stepId'] as string] : [])))];
  const stepIds = [...planSteps.map((s) => s.id), ...recordStepIds.filter((id) => !planSteps.some((s) => s.id === id))];
  const steps: Step[] = stepIds.map((stepId) => {
    const plan = planSteps.find((s) => s.id === stepId);
    const rows = order.filter((r) => r.record.type.startsWith('order.') && r.p['stepId'] === stepId);
    const completions = rows.filter(isType('order.step-completed'));
    const startedRow = rows.find(isType('order.step-started'));
    const performers = new Map<string, ReturnType<typeof actorOf>>();
    for (const r of rows) {
      const person = actorOf(input, r);
      performers.set(person.userId, person);
    }
    return {
      stepId,
      title: plan?.title ?? null,
      kind: plan?.kind ?? null,
      inRecipe: plan !== undefined,
      status: completions.length > 0 ? 'completed' : startedRow ? 'started' : 'not-started',
      startedAt: startedRow?.record.occurredAt ?? null,
      completedAt: completions[0]?.record.occurredAt ?? null,
      completions: completions.length,
      performedBy: [...performers.values()],
      records: rows.map((r) => r.ref),
    };
  });

  const timeline: TimelineEntry[] = order.map((r) => ({ at: r.record.occurredAt, what: what(r), by: actorOf(input, r), stepId: textOrNull(r.p, 'stepId'), record: r.ref }));

  const completions = order.filter(isType('order.dispense-completed'));
  const dispenses: Dispense[] = order.filter(isType('order.dispense-target-set')).map((r) => {
    const done = completions.find((c) => c.p['stepId'] === r.p['stepId']);
    return {
      stepId: text(r.p, 'stepId'),
      materialId: text(r.p, 'materialId'),
      nominal: text(r.p, 'nominal'),
      target: text(r.p, 'target'),
      lower: text(r.p, 'lower'),
      upper: text(r.p, 'upper'),
      unit: text(r.p, 'unit'),
      basis: (r.p['basis'] ?? null) as unknown,
      dispensed: done ? text(done.p, 'dispensed') : null,
      toleranceState: done ? text(done.p, 'toleranceState') : null,
      quantities: (done?.p['quantities'] ?? null) as unknown,
      record: r.ref,
    };
  });

  const rejections = order.filter(isType('order.weighing-rejected'));
  const weighings: Weighing[] = order.filter(isType('order.weighing-recorded')).map((r) => {
    const p = r.p;
    const rejected = rejections.find((x) => x.p['weighingId'] === p['weighingId']);
    const balanceId = text(p, 'balanceId');
    return {
      weighingId: text(p, 'weighingId'),
      stepId: text(p, 'stepId'),
      containerNo: Number(p['containerNo']),
      materialId: text(p, 'materialId'),
      lotId: text(p, 'lotId'),
      balanceId,
      method: text(p, 'method'),
      gross: text(p, 'gross'),
      tare: text(p, 'tare'),
      net: text(p, 'net'),
      unit: text(p, 'balanceUnit'),
      netInStepUnit: text(p, 'netInStepUnit'),
      cumulative: text(p, 'cumulative'),
      toleranceState: text(p, 'toleranceState'),
      tareSource: textOrNull(p, 'tareSource'),
      containerOrigin: textOrNull(p, 'containerOrigin'),
      rawFrame: textOrNull(p, 'rawFrame'),
      sscc: textOrNull(p, 'sscc'),
      at: r.record.occurredAt,
      by: personOf(input, text(p, 'by') || actorOf(input, r).userId, r.record.actor?.kind === 'user' && r.record.actor.userId === p['by'] ? r.record.actor.printedName : undefined),
      calibration: calibrationAt(input, r, balanceId),
      routineTest: routineTestAt(tests, balanceId, r.atMs, 'balance-sensitivity'),
      rejected: rejected ? { reason: text(rejected.p, 'reason'), disposition: text(rejected.p, 'disposition'), record: rejected.ref } : null,
      flags: r.flags.map((f) => f.code),
      record: r.ref,
    };
  });

  const scans: Scan[] = order.filter(isType('order.lot-scanned')).map((r) => {
    const p = r.p;
    const lot = input.history.at('lot', text(p, 'lotId'), utcOf(r));
    const fefo = p['fefoOverride'] as { firstExpiryLotId: string; reason: string; signature: Sig } | undefined;
    return {
      stepId: text(p, 'stepId'),
      lotId: text(p, 'lotId'),
      materialId: text(p, 'materialId'),
      expiry: text(p, 'expiry'),
      entry: typeof p['entry'] === 'string' ? p['entry'] : 'scan',
      lotStatusAtTime: typeof lot?.['status'] === 'string' ? lot['status'] : lot ? 'unknown' : null,
      lotStatusReason: typeof lot?.['statusReason'] === 'string' ? lot['statusReason'] : null,
      fefoOverride: fefo ? { firstExpiryLotId: fefo.firstExpiryLotId, reason: fefo.reason, approvedBy: personOf(input, fefo.signature.signerId, fefo.signature.printedName) } : null,
      at: r.record.occurredAt,
      by: actorOf(input, r),
      record: r.ref,
    };
  });

  const charges: Charge[] = order.filter(isType('order.container-charged')).map((r) => {
    const p = r.p;
    const notSynced = p['notSynced'] as { signature: Sig } | undefined;
    return {
      stepId: text(p, 'stepId'),
      sscc: text(p, 'sscc'),
      dispenseStepId: textOrNull(p, 'dispenseStepId'),
      materialId: textOrNull(p, 'materialId'),
      lotId: textOrNull(p, 'lotId'),
      net: textOrNull(p, 'net'),
      unit: textOrNull(p, 'unit'),
      known: text(p, 'known'),
      approvedBy: notSynced ? personOf(input, notSynced.signature.signerId, notSynced.signature.printedName) : null,
      kioskId: r.ref.kioskId,
      at: r.record.occurredAt,
      by: actorOf(input, r),
      record: r.ref,
    };
  });

  const phReadings: PhReading[] = order.filter(isType('order.ph-measured')).map((r) => ({
    stepId: text(r.p, 'stepId'),
    meterId: text(r.p, 'meterId'),
    ph: text(r.p, 'ph'),
    mv: text(r.p, 'mv'),
    temperatureC: text(r.p, 'temperatureC'),
    low: text(r.p, 'low'),
    high: text(r.p, 'high'),
    result: text(r.p, 'result'),
    calibration: calibrationAt(input, r, text(r.p, 'meterId')),
    bufferCalibration: routineTestAt(tests, text(r.p, 'meterId'), r.atMs, 'ph-buffer-calibration'),
    at: r.record.occurredAt,
    by: actorOf(input, r),
    record: r.ref,
  }));

  const checks: Check[] = order.filter(isType('order.check-recorded')).map((r) => ({ stepId: text(r.p, 'stepId'), value: textOrNull(r.p, 'value'), passed: r.p['passed'] === true, at: r.record.occurredAt, by: actorOf(input, r), record: r.ref }));

  // Every e-signature once (a deviation's closing repeats the signatures given on it), with what it signs.
  const signatures: SignatureEntry[] = [];
  const seenSignatures = new Set<string>();
  const addSignature = (row: Row, sig: Sig | undefined, signs: string) => {
    if (!sig || seenSignatures.has(sig.signatureId)) return;
    seenSignatures.add(sig.signatureId);
    signatures.push({ signatureId: sig.signatureId, signer: personOf(input, sig.signerId, sig.printedName), meaning: sig.meaning, signedAt: sig.signedAt, components: sig.components, reason: sig.reason ?? null, signs, signedHash: sig.signedHash, record: row.ref });
  };
  const deviationTitles = new Map(order.filter(isType('order.deviation-opened', 'deviation.deviation-opened')).map((r) => [text(r.p, 'deviationId'), text(r.p, 'title')]));
  for (const r of [...order, ...around.filter((a) => a.record.type === 'hold.hold-released')].sort(byTime)) {
    const p = r.p;
    switch (r.record.type) {
      case 'order.step-signed':
        for (const sig of (p['signatures'] ?? []) as Sig[]) addSignature(r, sig, `the sign-off of step ${text(p, 'stepId')}`);
        break;
      case 'order.tolerance-overridden':
        addSignature(r, p['signature'] as Sig, `the tolerance override of step ${text(p, 'stepId')} (${text(p, 'toleranceState')}, ${text(p, 'dispensed')})`);
        break;
      case 'order.lot-scanned':
        addSignature(r, (p['fefoOverride'] as { signature?: Sig } | undefined)?.signature, `the FEFO override of lot ${text(p, 'lotId')} at step ${text(p, 'stepId')}`);
        break;
      case 'deviation.deviation-signed':
        addSignature(r, p['signature'] as Sig, `deviation "${deviationTitles.get(text(p, 'deviationId')) ?? text(p, 'deviationId')}"`);
        break;
      case 'deviation.deviation-closed':
        for (const sig of (p['signatures'] ?? []) as Sig[]) addSignature(r, sig, `the closing of deviation "${deviationTitles.get(text(p, 'deviationId')) ?? text(p, 'deviationId')}"`);
        break;
      case 'hold.hold-released': {
        const target = p['target'] as { kind: string; id: string };
        addSignature(r, p['signature'] as Sig, `the release of the hold on ${target.kind} ${target.id}`);
        addSignature(r, p['secondSignature'] as Sig | undefined, `the release of the hold on ${target.kind} ${target.id} (second person)`);
        break;
      }
      default:
        break;
    }
  }

  // Holds: on the order, and any placed or released on the kiosks while the order ran there.
  const holdRows = [...order, ...around].filter(isType('order.hold-placed', 'hold.hold-placed', 'equipment.hold-placed', 'hold.hold-released')).sort(byTime);
  const holdIds = [...new Set(holdRows.map((r) => text(r.p, 'holdId')))];
  const holds: Hold[] = holdIds.map((holdId) => {
    const rows = holdRows.filter((r) => r.p['holdId'] === holdId);
    const placed = rows.find((r) => r.record.type !== 'hold.hold-released');
    const released = rows.find(isType('hold.hold-released'));
    const first = placed ?? rows[0]!;
    return {
      holdId,
      target: { kind: String((first.p['target'] as { kind?: unknown })?.kind ?? ''), id: String((first.p['target'] as { id?: unknown })?.id ?? '') },
      reason: text(first.p, 'reason'),
      source: placed ? text(placed.p, 'source') : 'unknown',
      placedAt: placed?.record.occurredAt ?? null,
      placedBy: placed ? text(placed.p, 'placedBy') : null,
      released: released ? { at: released.record.occurredAt, by: text(released.p, 'releasedBy'), reason: text(released.p, 'reason'), record: released.ref } : null,
      records: rows.map((r) => r.ref),
    };
  });

  const deviationRows = order.filter((r) => r.record.type.endsWith('deviation-opened') || r.record.type.startsWith('deviation.'));
  const deviations: Deviation[] = [...new Set(deviationRows.map((r) => text(r.p, 'deviationId')))].map((deviationId) => {
    const rows = deviationRows.filter((r) => r.p['deviationId'] === deviationId);
    const opened = rows.find((r) => r.record.type.endsWith('deviation-opened'));
    const closed = rows.find(isType('deviation.deviation-closed'));
    return {
      deviationId,
      severity: opened ? text(opened.p, 'severity') : 'unknown',
      title: opened ? text(opened.p, 'title') : '(opening record not held)',
      description: opened ? text(opened.p, 'description') : '',
      stepId: opened ? textOrNull(opened.p, 'stepId') : null,
      openedAt: opened?.record.occurredAt ?? null,
      openedBy: opened ? text(opened.p, 'openedBy') : null,
      status: closed ? 'closed' : 'open',
      closedAt: closed?.record.occurredAt ?? null,
      closingSignatures: closed ? ((closed.p['signatures'] ?? []) as Sig[]).map((sig) => signatures.find((s) => s.signatureId === sig.signatureId)!).filter(Boolean) : [],
      records: rows.map((r) => r.ref),
    };
  });

  const overrides: Override[] = [];
  for (const r of order) {
    if (r.record.type === 'order.tolerance-overridden') {
      const sig = r.p['signature'] as Sig;
      overrides.push({ kind: 'tolerance', stepId: text(r.p, 'stepId'), what: `${text(r.p, 'toleranceState')} tolerance, ${text(r.p, 'dispensed')} dispensed`, reason: text(r.p, 'reason'), approvedBy: personOf(input, sig.signerId, sig.printedName), at: r.record.occurredAt, record: r.ref });
    }
    const fefo = r.record.type === 'order.lot-scanned' ? (r.p['fefoOverride'] as { firstExpiryLotId: string; reason: string; signature: Sig } | undefined) : undefined;
    if (fefo) overrides.push({ kind: 'fefo', stepId: text(r.p, 'stepId'), what: `lot ${text(r.p, 'lotId')} used before ${fefo.firstExpiryLotId} (first expiry)`, reason: fefo.reason, approvedBy: personOf(input, fefo.signature.signerId, fefo.signature.printedName), at: r.record.occurredAt, record: r.ref });
  }

  const pauses: Pause[] = [];
  for (const r of order) {
    if (r.record.type === 'order.order-paused') pauses.push({ pausedAt: r.record.occurredAt, pausedBy: text(r.p, 'by'), reason: text(r.p, 'reason'), resumedAt: null, resumedBy: null, records: [r.ref] });
    if (r.record.type === 'order.order-resumed') {
      const open = pauses.find((x) => x.resumedAt === null);
      if (open) {
        open.resumedAt = r.record.occurredAt;
        open.resumedBy = text(r.p, 'by');
        open.records.push(r.ref);
      }
    }
  }

  return { header, steps, timeline, dispenses, weighings, scans, charges, phReadings, checks, signatures, holds, deviations, overrides, pauses, offlineIntervals: offlineIntervals(input, [...order, ...around]), clockAnomalies: clockAnomalies([...order, ...around].sort(byTime)) };
}

/** Runs of consecutive records of one key that reached the server more than OFFLINE_AFTER_MS after they were made. */
function offlineIntervals(input: AssemblyInput, rows: readonly Row[]): OfflineInterval[] {
  const byKey = new Map<string, Row[]>();
  for (const r of rows) {
    const list = byKey.get(r.ref.keyId);
    if (list) list.push(r);
    else byKey.set(r.ref.keyId, [r]);
  }
  const out: OfflineInterval[] = [];
  for (const [keyId, list] of [...byKey].sort(([a], [b]) => (a < b ? -1 : 1))) {
    list.sort((a, b) => a.ref.seq - b.ref.seq);
    let run: Row[] = [];
    const flush = () => {
      if (run.length === 0) return;
      const grace = input.offlineGraceHours.get(run[0]!.ref.kioskId) ?? 72;
      const since = run.map((r) => sinceSyncMs(r));
      const longest = Math.max(...since);
      out.push({
        kioskId: run[0]!.ref.kioskId,
        keyId,
        from: run[0]!.record.occurredAt,
        to: run[run.length - 1]!.record.occurredAt,
        deliveredAt: run.map((r) => r.stored.received_at).sort().at(-1)!,
        records: run.length,
        longestSinceSyncMinutes: Math.floor(longest / 60_000),
        beyondGrace: longest > grace * 3_600_000,
        graceHours: grace,
      });
      run = [];
    };
    for (const r of list) {
      const offline = Date.parse(r.stored.received_at) - r.atMs > OFFLINE_AFTER_MS;
      const follows = run.length > 0 && run[run.length - 1]!.ref.seq + 1 === r.ref.seq;
      if (offline && (run.length === 0 || follows)) run.push(r);
      else {
        flush();
        if (offline) run.push(r);
      }
    }
    flush();
  }
  return out;
}

/** How long before the record the kiosk last heard from the server (0 when it never says). */
export function sinceSyncMs(r: Row): number {
  const last = (r.record as SignedRecord).time?.lastSync?.serverTime;
  const at = last ? Date.parse(last) : NaN;
  return Number.isNaN(at) ? 0 : Math.max(0, r.atMs - at);
}

function clockAnomalies(rows: readonly Row[]): ClockAnomaly[] {
  return rows
    .filter(isType('clock.anomaly'))
    .map((r) => ({ kioskId: r.ref.kioskId, at: r.record.occurredAt, kind: text(r.p, 'kind'), message: `The kiosk wall clock ${text(r.p, 'kind') === 'wall-clock-behind-log' ? 'started behind its own log' : 'stepped'} by ${Math.round(Number(text(r.p, 'jumpMs')) / 1000)} s`, record: r.ref }));
}
