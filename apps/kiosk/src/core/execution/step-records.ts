import {
  add,
  dec,
  findMaterial,
  findRecipe,
  findUser,
  REJECTION_DISPOSITIONS,
  toString,
  type CalibrationStatus,
  type DomainEvent,
  type MasterData,
  type OrderState,
  type RejectionDisposition,
} from '@lineside/domain';
import type {
  CalibrationView,
  ContainerView,
  DeviationSeverityName,
  PersonView,
  PhMeasurementView,
  VerifiedStepView,
} from '../../shared/api.js';

type AnyEvent = { readonly type: string } & Record<string, unknown>;

interface BufferCalibration {
  readonly at: string;
  readonly passed: boolean;
  readonly by: string;
  readonly slopesPercent: readonly string[];
  readonly offsetMv: string | null;
}

interface StepFacts {
  readonly weighings: AnyEvent[];
  readonly rejections: Map<string, { disposition: RejectionDisposition; reason: string }>;
  readonly overrides: AnyEvent[];
  readonly measurements: { event: AnyEvent; buffer: BufferCalibration | null; deviationId: string | null }[];
  readonly deviationIds: string[];
  target: AnyEvent | null;
  completed: AnyEvent | null;
}

/** A deviation as the core knows it now: its title, severity and whether it is still open. */
export type DeviationLookup = (
  deviationId: string,
) => { title: string; severity: DeviationSeverityName; open: boolean } | undefined;

const text = (value: unknown): string => (typeof value === 'string' ? value : String(value ?? ''));

function calibrationView(value: unknown): CalibrationView {
  const c = value as CalibrationStatus | undefined;
  if (!c || c.status === 'never-calibrated')
    return { status: 'never-calibrated', certificateId: null, dueOn: null };
  return { status: c.status, certificateId: c.certificateId, dueOn: c.dueOn };
}

/**
 * What was recorded on each step of each order, folded from the same log as the deciders' state: the
 * facts a person checks on screen (a pH reading, the containers a verifier signs for) that the order's
 * decision state does not keep. Nothing here decides; it only shows what the domain recorded.
 */
export function createStepRecords() {
  const steps = new Map<string, StepFacts>();
  // Per pH meter: its last buffer calibration, so a reading shows the calibration it was taken under.
  const buffers = new Map<string, BufferCalibration>();
  const key = (orderId: string, stepId: string) => `${orderId}/${stepId}`;
  const factsOf = (orderId: string, stepId: string): StepFacts => {
    const k = key(orderId, stepId);
    let facts = steps.get(k);
    if (!facts) {
      facts = {
        weighings: [],
        rejections: new Map(),
        overrides: [],
        measurements: [],
        deviationIds: [],
        target: null,
        completed: null,
      };
      steps.set(k, facts);
    }
    return facts;
  };

  /** Reads the facts off any logged event; fields are read loosely, by name, as the screens show them. */
  function apply(logged: AnyEvent | DomainEvent): void {
    const event = logged as AnyEvent;
    const orderId = typeof event['orderId'] === 'string' ? event['orderId'] : null;
    const stepId = typeof event['stepId'] === 'string' ? event['stepId'] : null;
    if (
      (event.type === 'RoutineTestPassed' || event.type === 'RoutineTestFailed') &&
      event['test'] === 'ph-buffer-calibration'
    ) {
      const details = (event['details'] ?? {}) as { slopesPercent?: unknown; offsetMv?: unknown };
      buffers.set(text(event['equipmentId']), {
        at: text(event['at']),
        passed: event.type === 'RoutineTestPassed',
        by: text(event['performedBy']),
        slopesPercent: Array.isArray(details.slopesPercent) ? details.slopesPercent.map(text) : [],
        offsetMv: details.offsetMv !== undefined ? text(details.offsetMv) : null,
      });
      return;
    }
    if (!orderId || !stepId) return;
    switch (event.type) {
      case 'WeighingRecorded':
        factsOf(orderId, stepId).weighings.push(event);
        return;
      case 'WeighingRejected':
        factsOf(orderId, stepId).rejections.set(text(event['weighingId']), {
          disposition: REJECTION_DISPOSITIONS.find((d) => d === event['disposition']) ?? 'scrap',
          reason: text(event['reason']),
        });
        return;
      case 'ToleranceOverridden':
        factsOf(orderId, stepId).overrides.push(event);
        return;
      case 'DispenseTargetSet':
        factsOf(orderId, stepId).target = event;
        return;
      case 'DispenseCompleted':
        factsOf(orderId, stepId).completed = event;
        return;
      case 'PhMeasured':
        factsOf(orderId, stepId).measurements.push({
          event,
          buffer: buffers.get(text(event['meterId'])) ?? null,
          deviationId: null,
        });
        return;
      case 'DeviationOpened': {
        const facts = factsOf(orderId, stepId);
        const id = text(event['deviationId']);
        if (!facts.deviationIds.includes(id)) facts.deviationIds.push(id);
        // The deviation the domain opens with an out-of-limits pH belongs to that reading.
        const last = facts.measurements.at(-1);
        if (
          last &&
          last.deviationId === null &&
          last.event['result'] === 'out-of-limits' &&
          last.event['at'] === event['at']
        )
          last.deviationId = id;
        return;
      }
      default:
        return;
    }
  }

  function person(master: MasterData, userId: string): PersonView {
    return { userId, name: findUser(master, userId)?.printedName ?? userId };
  }

  /** The order's pH measurements, oldest first, each with what happens next as the order stands now. */
  function phMeasurements(
    master: MasterData,
    state: OrderState | undefined,
    deviation: DeviationLookup,
  ): PhMeasurementView[] {
    if (!state || state.status === 'not-started') return [];
    const out: PhMeasurementView[] = [];
    for (const [k, facts] of steps) {
      if (!k.startsWith(`${state.orderId}/`)) continue;
      facts.measurements.forEach(({ event, buffer, deviationId }, index) => {
        const stepId = text(event['stepId']);
        const phase = state.steps[stepId]?.phase ?? 'not-started';
        const within = event['result'] === 'within-limits';
        const latest = index === facts.measurements.length - 1;
        const dev = deviationId ? deviation(deviationId) : undefined;
        const limits = `${text(event['low'])}–${text(event['high'])}`;
        let outcome: string;
        if (!latest) outcome = 'A later measurement on this step replaces this one.';
        else if (within && phase === 'closed') outcome = `Within ${limits}: step ${stepId} is complete.`;
        else if (within && phase === 'awaiting-signature')
          outcome = `Within ${limits}: step ${stepId} now needs its sign-off.`;
        else if (within) outcome = `Within ${limits}.`;
        else {
          const opened =
            dev && deviationId
              ? `Deviation ${deviationId} (${dev.severity}) was opened${dev.open ? ' and stays open until QA closes it' : ' and is now closed'}. `
              : '';
          outcome = `${opened}Step ${stepId} stays open: adjust and measure again.`;
        }
        out.push({
          stepId,
          meterId: text(event['meterId']),
          ph: text(event['ph']),
          mv: text(event['mv']),
          temperatureC: text(event['temperatureC']),
          low: text(event['low']),
          high: text(event['high']),
          result: within ? 'within-limits' : 'out-of-limits',
          calibration: calibrationView(event['calibration']),
          bufferCalibration: buffer
            ? {
                at: buffer.at,
                passed: buffer.passed,
                by: person(master, buffer.by),
                slopesPercent: buffer.slopesPercent,
                offsetMv: buffer.offsetMv,
              }
            : null,
          by: person(master, text(event['by'])),
          at: text(event['at']),
          deviation:
            dev && deviationId
              ? { deviationId, title: dev.title, severity: dev.severity, open: dev.open }
              : null,
          outcome,
          latest,
        });
      });
    }
    return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  /** What a verifier checks on each verified step: containers, gross/tare/net, balances, lots, who and when. */
  function verifiedSteps(
    master: MasterData,
    state: OrderState | undefined,
    stepIds: readonly string[],
    deviation: DeviationLookup,
  ): VerifiedStepView[] {
    if (!state || state.status === 'not-started') return [];
    const recipe = findRecipe(master, state.recipeId, state.recipeVersion);
    return stepIds.map((stepId) => {
      const step = recipe?.steps.find((s) => s.id === stepId);
      const facts = steps.get(key(state.orderId, stepId));
      const progress = state.steps[stepId];
      const material =
        step && (step.kind === 'dispense' || step.kind === 'lot-verify')
          ? findMaterial(master, step.materialId)
          : undefined;
      const containers: ContainerView[] = (facts?.weighings ?? []).map((w) => {
        const rejected = facts?.rejections.get(text(w['weighingId'])) ?? null;
        const source = w['tareSource'];
        return {
          containerNo: Number(w['containerNo']),
          weighingId: text(w['weighingId']),
          lotId: text(w['lotId']),
          balanceId: text(w['balanceId']),
          gross: text(w['gross']),
          tare: text(w['tare']),
          net: text(w['net']),
          unit: text(w['balanceUnit']),
          netInStepUnit: text(w['netInStepUnit']),
          tareSource:
            source === 'balance-memory' || source === 'reading-before-tare' || source === 'none'
              ? source
              : null,
          calibration: calibrationView(w['calibration']),
          by: person(master, text(w['by'])),
          at: text(w['at']),
          rejected,
        };
      });
      const target = facts?.target ?? null;
      const completed = facts?.completed ?? null;
      const counted = containers.filter((c) => c.rejected === null);
      const unit = completed
        ? text(completed['unit'])
        : target
          ? text(target['unit'])
          : step?.kind === 'dispense'
            ? step.unit
            : '';
      // Completed: the total the domain recorded; before that, the counted containers added up exactly.
      const dispensed = completed
        ? text(completed['dispensed'])
        : counted.length > 0
          ? toString(counted.reduce((sum, c) => add(sum, dec(c.netInStepUnit)), dec('0')))
          : null;
      const tolerance = completed?.['toleranceState'];
      return {
        stepId,
        title: step?.title ?? stepId,
        kind: step?.kind ?? 'unknown',
        phase: progress?.phase ?? 'not-started',
        materialId: material?.id ?? (step?.kind === 'dispense' ? step.materialId : null),
        materialName: material?.name ?? null,
        containers,
        total:
          step?.kind === 'dispense' && (counted.length > 0 || target)
            ? {
                dispensed: dispensed ?? '—',
                unit,
                target: target ? text(target['target']) : null,
                lower: target ? text(target['lower']) : null,
                upper: target ? text(target['upper']) : null,
                toleranceState:
                  tolerance === 'under' || tolerance === 'in' || tolerance === 'over' ? tolerance : null,
              }
            : null,
        performers: (progress?.performers ?? []).map((id) => person(master, id)),
        overrides: (facts?.overrides ?? []).map((o) => {
          const signature = o['signature'] as { signerId?: string } | undefined;
          return {
            reason: text(o['reason']),
            by: person(master, signature?.signerId ?? text(o['by'])),
            at: text(o['at']),
            toleranceState: text(o['toleranceState']),
            dispensed: text(o['dispensed']),
          };
        }),
        deviations: (facts?.deviationIds ?? []).flatMap((id) => {
          const d = deviation(id);
          return d ? [{ deviationId: id, title: d.title, severity: d.severity, open: d.open }] : [];
        }),
      };
    });
  }

  return { apply, phMeasurements, verifiedSteps };
}
export type StepRecords = ReturnType<typeof createStepRecords>;
