// @ts-check
// A synthetic plant's records for the KPI benchmark, the KPI facts test and the dashboard screenshots, shaped
// like the real kiosk's (apps/kiosk/src/core/execution: one record per domain event, `order.*` records with
// subject.order and records.order_id, operating states derived from what the operator does as
// operating-states.ts derives them). Per station and shift: a routine test (setup), then orders one after the
// other — order started (line clearance: setup), six dispense steps each with step started, lot scanned,
// target set, two to four weighings (the balance running), now and then a rejected weighing (scrap or rework)
// and a re-weigh, dispense completed, step completed — sometimes a failure reported with a reason from the
// list and "works again" 10–40 minutes later, order completed (idle), and idle to the end of the shift.
//
// Rows go straight into the records table: the envelopes are complete but NOT SIGNED and their hashes are
// fake, because the KPIs read event time, type and payload only (signatures are checked once, at ingest,
// which has its own benchmark), and signing and pushing a million records through ingest would take longer
// than the benchmark itself. Never a source for anything but KPI figures.

const REASONS = ['balance-fault', 'no-material', 'printer-fault', 'no-operator', 'planned-cleaning'];
const MATERIALS = ['PCM', 'MCC', 'PVP', 'CCS', 'MGS', 'IOY'];
// The demo materials' planned run times (min/kg): a step's target is sized so that its plan is about 80 % of
// the time its weighings take, as on a floor whose plan is sound (Effectiveness below 100 %).
const PRI = { PCM: 0.2, MCC: 0.5, PVP: 2, CCS: 2, MGS: 10, IOY: 40 };
const HOUR = 3_600_000;
const MIN = 60_000;

/** @param {number} seed */
function random(seed) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** @param {string} event */
const kebab = (event) => event.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/**
 * The rows of one station's kiosk, in seq order, without writing them.
 * @param {{ id: string, equipmentIds: string[] }} station
 * @param {{ days: number, start: number, shifts?: { id: string, startHour: number, hours?: number }[], minutesPerWeighing?: number, seed?: number, receivedLagMs?: number, firstSeq?: number, ordersPrefix?: string }} options
 */
export function plantRows(station, options) {
  const shifts = options.shifts ?? [{ id: 'early', startHour: 6 }, { id: 'late', startHour: 14 }];
  const rnd = random((options.seed ?? 7) + [...station.id].reduce((n, c) => n * 31 + c.charCodeAt(0), 0));
  const step = (options.minutesPerWeighing ?? 2) * MIN;
  const kioskId = `K-${station.id}`;
  const instruments = station.equipmentIds.length > 0 ? station.equipmentIds.slice(0, 2) : ['BAL-01'];
  /** @type {Map<string, string>} */
  const state = new Map(instruments.map((i) => [i, 'idle']));
  /** @type {any[]} */
  const rows = [];
  let seq = options.firstSeq ?? 0;
  /** @param {number} ms @param {string} aggregate @param {string} streamId @param {Record<string, unknown>} payload */
  const push = (ms, aggregate, streamId, payload) => {
    seq++;
    const type = `${aggregate}.${kebab(String(payload['type']))}`;
    const occurredAt = new Date(ms).toISOString().replace('Z', '+00:00');
    const id = `syn-${kioskId}-${seq}`;
    const lag = options.receivedLagMs ?? 1000 + Math.floor(rnd() * 20_000);
    const envelope = {
      v: 1, id, kioskId, keyId: `${kioskId}#1`, alg: 'Ed25519', seq, prevHash: `h${seq - 1}`, type, payloadSchema: `${type}@1`, appVersion: 'synthetic',
      actor: { kind: 'user', userId: 'olivia.operator', printedName: 'Olivia Operator' }, occurredAt, masterDataVersion: 1, subject: { [aggregate]: streamId },
      payload: { at: occurredAt, ...payload },
    };
    rows.push({
      kiosk_id: kioskId, seq, record_id: id, hash: `h${seq}`, prev_hash: `h${seq - 1}`, type, occurred_at: occurredAt,
      received_at: new Date(ms + lag).toISOString(), key_id: `${kioskId}#1`, envelope: JSON.stringify(envelope), flags: '[]',
      order_id: aggregate === 'order' ? streamId : null,
    });
  };
  /** @param {number} ms @param {string} equipmentId @param {string} to @param {string} [reason] */
  const go = (ms, equipmentId, to, reason) => {
    if (state.get(equipmentId) === to) return;
    push(ms, 'equipment', equipmentId, { type: 'EquipmentStateChanged', equipmentId, from: state.get(equipmentId), to, ...(reason ? { reason } : {}), by: 'olivia.operator' });
    state.set(equipmentId, to);
  };
  for (let d = 0; d < options.days; d++) {
    for (const shift of shifts) {
      const start = options.start + d * 24 * HOUR + shift.startHour * HOUR;
      const end = start + (shift.hours ?? 8) * HOUR;
      const date = new Date(start).toISOString().slice(0, 10);
      const ref = { shiftId: shift.id, date };
      let t = start + 3 * MIN;
      for (const instrument of instruments) {
        push(t, 'equipment', instrument, { type: 'RoutineTestPassed', shift: ref, equipmentId: instrument, test: 'balance-sensitivity', performedBy: 'max.maintenance', details: { expected: '200.000', read: '200.001' } });
        go(t, instrument, 'setup', 'routine test');
        t += 4 * MIN;
      }
      let n = 0;
      // Orders while one still fits (about 45 minutes each).
      while (t + 50 * MIN < end) {
        const orderId = `${options.ordersPrefix ?? 'SYN'}-${station.id}-${date}-${shift.id}-${n++}`;
        const base = { shift: ref, orderId, by: 'olivia.operator' };
        push(t, 'order', orderId, { type: 'OrderStarted', ...base, recipeId: 'PCM-500-GRAN', recipeVersion: 3, stationId: station.id, batchNumber: `B-${orderId}`, masterDataVersion: 1 });
        for (const i of instruments) if (state.get(i) === 'idle') go(t, i, 'setup', 'line clearance');
        const failAtStep = rnd() < 0.3 ? Math.floor(rnd() * 6) : -1;
        for (let s = 0; s < 6; s++) {
          const stepId = String(s + 3);
          const balanceId = instruments[s % instruments.length];
          const materialId = MATERIALS[s];
          const containers = 2 + Math.floor(rnd() * 3);
          const target = Math.max(0.05, ((containers * step) / MIN) * (0.7 + rnd() * 0.2) / PRI[/** @type {keyof typeof PRI} */ (materialId)]).toFixed(3);
          t += MIN;
          push(t, 'order', orderId, { type: 'StepStarted', ...base, stepId });
          push(t + 20_000, 'order', orderId, { type: 'LotScanned', ...base, stepId, lotId: `${materialId}-1`, materialId, expiry: '2027-12-31' });
          push(t + 30_000, 'order', orderId, { type: 'DispenseTargetSet', ...base, stepId, materialId, nominal: target, target, lower: (Number(target) * 0.99).toFixed(3), upper: (Number(target) * 1.01).toFixed(3), unit: 'kg', basis: { kind: 'nominal' } });
          let cumulative = 0;
          let reweighs = 0;
          for (let c = 1; c <= containers; c++) {
            t += step;
            const net = c < containers ? Math.floor((Number(target) / containers) * 1000) / 1000 : Math.round((Number(target) - cumulative + (rnd() - 0.5) * 0.02) * 1000) / 1000;
            const weighingId = `${orderId}-${stepId}-${c}`;
            const weighing = { type: 'WeighingRecorded', ...base, stepId, weighingId, containerNo: c, balanceId, lotId: `${materialId}-1`, materialId, method: 'direct', gross: (net + 0.5).toFixed(3), tare: '0.500', net: net.toFixed(3), balanceUnit: 'kg', netInStepUnit: net.toFixed(3), cumulative: (cumulative + net).toFixed(3), toleranceState: c < containers ? 'under' : 'in', calibration: { status: 'in-date', certificateId: 'CAL-X', dueOn: '2027-06-13', daysLeft: 200 } };
            push(t, 'order', orderId, weighing);
            go(t, balanceId, 'running', 'dispensing');
            const roll = rnd();
            if (roll < 0.03) {
              push(t + 30_000, 'order', orderId, { type: 'WeighingRejected', ...base, stepId, weighingId, reason: 'spilled', disposition: roll < 0.02 ? 'scrap' : 'rework' });
              reweighs++;
              t += step;
              push(t, 'order', orderId, { ...weighing, weighingId: `${weighingId}-r`, containerNo: c + 100 });
            }
            cumulative += net;
          }
          if (s === failAtStep) {
            t += MIN;
            const reason = REASONS[Math.floor(rnd() * REASONS.length)];
            go(t, balanceId, 'down', reason);
            t += (10 + Math.floor(rnd() * 30)) * MIN;
            go(t, balanceId, 'running', 'dispensing');
          }
          t += MIN;
          const inTolerance = rnd() < 0.97;
          push(t, 'order', orderId, { type: 'DispenseCompleted', ...base, stepId, dispensed: cumulative.toFixed(3), unit: 'kg', toleranceState: inTolerance ? 'in' : 'over', quantities: { produced: cumulative.toFixed(3), good: cumulative.toFixed(3), scrap: '0', rework: '0', reweighs } });
          push(t + 10_000, 'order', orderId, { type: 'StepCompleted', ...base, stepId, signOffRequired: false });
        }
        t += 2 * MIN;
        push(t, 'order', orderId, { type: 'OrderCompleted', ...base, quantities: { dispensedSteps: 6, reweighs: 0, deviations: 0 } });
        for (const i of instruments) go(t, i, 'idle');
        t += 3 * MIN;
      }
    }
  }
  return rows;
}

/**
 * Writes a plant: its stations (master data) and kiosks, and their records, one transaction per station.
 * @param {any} db Kysely instance of the server (app.db)
 * @param {{ stations?: { id: string, equipmentIds: string[] }[], days: number, start: number, shifts?: { id: string, startHour: number, hours?: number }[], minutesPerWeighing?: number, seed?: number, receivedLagMs?: number }} options
 * @returns {Promise<number>} records inserted
 */
export async function synthesizePlant(db, options) {
  const stations = options.stations ?? [{ id: 'DISP-1', equipmentIds: ['BAL-01', 'BAL-02', 'BAL-04'] }];
  let total = 0;
  for (const station of stations) {
    const kioskId = `K-${station.id}`;
    const at = new Date(options.start).toISOString();
    const registered = await db.selectFrom('stations').select('station_id').where('station_id', '=', station.id).executeTakeFirst();
    if (!registered) await db.insertInto('stations').values({ station_id: station.id, kiosk_id: kioskId, plant_id: 'PLANT-1', name: station.id, offline_grace_hours: 72 }).execute();
    const existing = await db.selectFrom('kiosks').select('kiosk_id').where('kiosk_id', '=', kioskId).executeTakeFirst();
    if (!existing) {
      await db.insertInto('kiosks').values({ kiosk_id: kioskId, station_id: station.id, status: 'active', current_key_id: `${kioskId}#1`, pending_key_id: null, hostname: null, app_version: 'synthetic', enrolled_at: at, status_changed_at: at, status_changed_by: null, status_reason: null }).execute();
    }
    const known = await db.selectFrom('master_data').select('entity_id').where('entity', '=', 'station').where('entity_id', '=', station.id).executeTakeFirst();
    if (!known) {
      await db.insertInto('master_data').values({ entity: 'station', entity_id: station.id, data: JSON.stringify({ id: station.id, name: station.id, room: station.id, kioskId, equipmentIds: station.equipmentIds, offlineGraceHours: 72 }), version: 0, removed: 0 }).execute();
    }
    const rows = plantRows(station, options);
    await db.transaction().execute(async (/** @type {any} */ trx) => {
      for (let k = 0; k < rows.length; k += 500) await trx.insertInto('records').values(rows.slice(k, k + 500)).execute();
    });
    total += rows.length;
  }
  return total;
}
