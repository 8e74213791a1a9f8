// @ts-check
// A synthetic plant's records for the KPI benchmark and the dashboard screenshots: per station and shift a
// routine test (setup), running with a weighing every few minutes, a failure with a reason now and then,
// rejected weighings (scrap, rework), completed dispenses, and idle at the end. Rows go straight into the
// records table (the KPIs read event time, type and payload; ingest is measured by its own benchmark), so
// the envelopes are not signed: never a source for anything but KPI figures.

const REASONS = ['balance-fault', 'no-material', 'printer-fault', 'no-operator', 'planned-cleaning'];
const MATERIALS = ['PCM', 'MCC', 'PVP', 'CCS'];

/** @param {number} seed */
function random(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/**
 * @param {any} db Kysely instance of the server (app.db)
 * @param {{ stations?: { id: string, equipmentIds: string[] }[], days: number, start: number, shifts?: { id: string, startHour: number }[], minutesPerWeighing?: number, seed?: number, receivedLagMs?: number }} options
 * @returns {Promise<number>} records inserted
 */
export async function synthesizePlant(db, options) {
  const shifts = options.shifts ?? [{ id: 'early', startHour: 6 }, { id: 'late', startHour: 14 }];
  const stations = options.stations ?? [{ id: 'DISP-1', equipmentIds: ['BAL-01', 'BAL-02', 'BAL-04'] }];
  const rnd = random(options.seed ?? 7);
  const step = (options.minutesPerWeighing ?? 4) * 60_000;
  let total = 0;
  for (const station of stations) {
    const kioskId = `K-${station.id}`;
    const at = new Date(options.start).toISOString();
    const existing = await db.selectFrom('kiosks').select('kiosk_id').where('kiosk_id', '=', kioskId).executeTakeFirst();
    if (!existing) {
      await db.insertInto('kiosks').values({ kiosk_id: kioskId, station_id: station.id, status: 'active', current_key_id: `${kioskId}#1`, pending_key_id: null, hostname: null, app_version: 'synthetic', enrolled_at: at, status_changed_at: at, status_changed_by: null, status_reason: null }).execute();
    }
    const known = await db.selectFrom('master_data').select('entity_id').where('entity', '=', 'station').where('entity_id', '=', station.id).executeTakeFirst();
    if (!known) {
      await db.insertInto('master_data').values({ entity: 'station', entity_id: station.id, data: JSON.stringify({ id: station.id, name: station.id, room: station.id, kioskId, equipmentIds: station.equipmentIds, offlineGraceHours: 72 }), version: 0, removed: 0 }).execute();
    }
    /** @type {any[]} */
    let rows = [];
    let seq = 0;
    const push = async (/** @type {number} */ ms, /** @type {string} */ type, /** @type {Record<string, unknown>} */ payload) => {
      seq++;
      const occurredAt = new Date(ms).toISOString().replace('Z', '+00:00');
      const id = `syn-${kioskId}-${seq}`;
      rows.push({
        kiosk_id: kioskId,
        seq,
        record_id: id,
        hash: `h${seq}`,
        prev_hash: `h${seq - 1}`,
        type,
        occurred_at: occurredAt,
        received_at: new Date(ms + (options.receivedLagMs ?? 2000)).toISOString(),
        key_id: `${kioskId}#1`,
        envelope: JSON.stringify({ v: 1, id, kioskId, seq, type, occurredAt, actor: { kind: 'kiosk' }, subject: {}, payload, synthetic: true }),
        flags: '[]',
        order_id: null,
      });
      total++;
      if (rows.length >= 400) {
        await db.insertInto('records').values(rows).execute();
        rows = [];
      }
    };
    const balance = station.equipmentIds[0] ?? 'BAL-01';
    const state = async (/** @type {number} */ ms, /** @type {string} */ to, /** @type {string | undefined} */ reason) => push(ms, 'equipment.equipment-state-changed', { type: 'EquipmentStateChanged', at: new Date(ms).toISOString(), equipmentId: balance, from: 'idle', to, ...(reason ? { reason } : {}), by: 'olivia.operator' });
    for (let d = 0; d < options.days; d++) {
      for (const shift of shifts) {
        const start = options.start + d * 86_400_000 + shift.startHour * 3_600_000;
        const end = start + 8 * 3_600_000;
        let t = start + 5 * 60_000;
        await push(t, 'equipment.routine-test-passed', { type: 'RoutineTestPassed', at: new Date(t).toISOString(), equipmentId: balance, test: 'balance-sensitivity', performedBy: 'max.maintenance', details: {} });
        await state(t, 'setup', 'routine test');
        t += 20 * 60_000 + Math.floor(rnd() * 20) * 60_000;
        await state(t, 'running', 'dispensing');
        const failureAt = rnd() < 0.6 ? start + (2 + Math.floor(rnd() * 4)) * 3_600_000 : Infinity;
        const idleAt = end - (20 + Math.floor(rnd() * 60)) * 60_000;
        let order = 0;
        let n = 0;
        while (t + step < idleAt) {
          t += step;
          if (t >= failureAt && t < failureAt + step) {
            const reason = REASONS[Math.floor(rnd() * REASONS.length)];
            await state(t, 'down', reason);
            t += (10 + Math.floor(rnd() * 40)) * 60_000;
            await state(t, 'running', 'dispensing');
            continue;
          }
          n++;
          const stepId = String(n % 6 + 1);
          const orderId = `SYN-${station.id}-${d}-${shift.id}-${order}`;
          const weighingId = `${orderId}-${n}`;
          const net = (0.5 + rnd() * 2.5).toFixed(3);
          const material = MATERIALS[n % MATERIALS.length];
          await push(t, 'order.weighing-recorded', { type: 'WeighingRecorded', at: new Date(t).toISOString(), orderId, stepId, by: 'olivia.operator', weighingId, containerNo: 1, balanceId: balance, lotId: `${material}-1`, materialId: material, method: 'direct', gross: net, tare: '0.000', net, balanceUnit: 'kg', netInStepUnit: net, cumulative: net, toleranceState: 'in', calibration: { status: 'in-date', certificateId: 'CAL', dueOn: '2027-01-01', daysLeft: 30 } });
          const roll = rnd();
          if (roll < 0.03) await push(t + 30_000, 'order.weighing-rejected', { type: 'WeighingRejected', at: new Date(t + 30_000).toISOString(), orderId, stepId, by: 'olivia.operator', weighingId, reason: 'spilled', disposition: roll < 0.02 ? 'scrap' : 'rework' });
          if (n % 4 === 0) {
            await push(t + 60_000, 'order.dispense-completed', { type: 'DispenseCompleted', at: new Date(t + 60_000).toISOString(), orderId, stepId, by: 'olivia.operator', dispensed: net, unit: 'kg', toleranceState: rnd() < 0.97 ? 'in' : 'over', quantities: { produced: net, good: net, scrap: '0', rework: '0', reweighs: roll < 0.03 ? 1 : 0 } });
            order++;
          }
        }
        await state(idleAt, 'idle', undefined);
      }
    }
    if (rows.length > 0) await db.insertInto('records').values(rows).execute();
  }
  return total;
}
