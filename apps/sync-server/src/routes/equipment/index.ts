import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { refuse } from '../../plugins/errors.js';
import { foldEquipmentRecords, instrumentRegister, masterSnapshot, plantNow } from '../../master/equipment-register.js';
import { errors } from '../common.js';

const Usability = Type.Object({ stationId: Type.String(), usable: Type.Boolean(), code: Type.Optional(Type.String()), message: Type.String() }, { additionalProperties: false });
const Summary = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    calibration: Type.Object({ status: Type.String(), certificateId: Type.Optional(Type.String()), dueOn: Type.Optional(Type.String()), daysLeft: Type.Optional(Type.Integer()) }, { additionalProperties: false }),
    usability: Type.Array(Usability),
  },
  { additionalProperties: false },
);
const Register = Type.Object(
  {
    today: Type.String(),
    shift: Type.Object({ shiftId: Type.String(), date: Type.String() }, { additionalProperties: false }),
    warningDays: Type.Integer(),
    equipment: Type.Record(Type.String(), Type.Unknown()),
    calibration: Summary.properties.calibration,
    certificates: Type.Array(Type.Record(Type.String(), Type.Unknown())),
    minimumWeight: Type.Optional(Type.Object({ usp41: Type.String(), withSafetyFactor: Type.String(), unit: Type.String() }, { additionalProperties: false })),
    sensitivityLimits: Type.Optional(Type.Object({ testWeightId: Type.String(), expected: Type.String(), limit: Type.String(), unit: Type.String() }, { additionalProperties: false })),
    usability: Type.Array(Usability),
    onHold: Type.Boolean(),
    lastRoutineTest: Type.Optional(Type.Object({ passed: Type.Boolean(), at: Type.String(), shift: Type.Object({ shiftId: Type.String(), date: Type.String() }) })),
    history: Type.Array(
      Type.Object(
        { at: Type.String(), kioskId: Type.String(), seq: Type.Integer(), kind: Type.String(), test: Type.Optional(Type.String()), by: Type.Optional(Type.String()), details: Type.Optional(Type.Record(Type.String(), Type.Unknown())), reason: Type.Optional(Type.String()) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/**
 * The equipment and calibration register (issue 11): each instrument's certificates, routine-test plan,
 * the routine tests and holds the kiosks recorded, and whether it is usable today at each station it is
 * assigned to — decided by the domain's equipmentUsability over the master data and those records, the
 * same rules the kiosks apply.
 */
export const equipmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const readers = app.requireUser(['admin', 'qa', 'maintenance', 'supervisor']);
  const load = async () => {
    const master = await masterSnapshot(app.db);
    return master ? { master, fold: await foldEquipmentRecords(app.db), now: app.now() } : undefined;
  };
  const unavailable = 'the master data has no site or settings yet: seed the plant first';

  app.get(
    '/',
    {
      preHandler: readers,
      schema: {
        summary: 'Every instrument with its calibration status and whether it is usable today at each station (the kiosk rules)',
        tags: ['equipment'],
        security: [{ bearer: [] }],
        response: { 200: Type.Object({ today: Type.String(), warningDays: Type.Integer(), equipment: Type.Array(Summary) }, { additionalProperties: false }), ...errors(401, 403, 409) },
      },
    },
    async (_request, reply) => {
      const loaded = await load();
      if (!loaded) return refuse(reply, 409, 'conflict', unavailable);
      const { master, fold, now } = loaded;
      const equipment = master.equipment.map((e) => {
        const r = instrumentRegister(master, fold, e, now);
        return { id: e.id, name: e.name, kind: e.kind, calibration: r.calibration, usability: [...r.usability] };
      });
      return { today: plantNow(master, now).today, warningDays: master.settings.calibrationWarningDays, equipment };
    },
  );

  app.get(
    '/:id',
    {
      preHandler: readers,
      schema: {
        summary: "One instrument's register page: certificates, warning band, minimum weight, routine-test plan and limits, history, and why it is usable or blocked today",
        tags: ['equipment'],
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }),
        response: { 200: Register, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const loaded = await load();
      if (!loaded) return refuse(reply, 409, 'conflict', unavailable);
      const { master, fold, now } = loaded;
      const equipment = master.equipment.find((e) => e.id === request.params.id);
      if (!equipment) return refuse(reply, 404, 'not-found', `equipment ${request.params.id} is not in the master data`);
      const r = instrumentRegister(master, fold, equipment, now);
      const { today, shift } = plantNow(master, now);
      return {
        today,
        shift,
        warningDays: master.settings.calibrationWarningDays,
        equipment: { ...equipment },
        calibration: r.calibration,
        certificates: r.certificates.map((c) => ({ ...c })),
        ...(r.minimumWeight ? { minimumWeight: r.minimumWeight } : {}),
        ...(r.sensitivityLimits ? { sensitivityLimits: r.sensitivityLimits } : {}),
        usability: [...r.usability],
        onHold: r.state.status === 'on-hold',
        ...(r.state.lastRoutineTest ? { lastRoutineTest: { passed: r.state.lastRoutineTest.passed, at: r.state.lastRoutineTest.at, shift: { ...r.state.lastRoutineTest.shift } } } : {}),
        history: r.history.map((h) => ({ ...h })),
      };
    },
  );
};
