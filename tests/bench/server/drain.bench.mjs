// @ts-check
// Backlog drain: 50,000 records of one kiosk (a long offline spell) pushed over real HTTP to a server
// process in 500-record batches, one after another as the kiosk's sync loop sends them.
import { enrollKiosks, ratio, startServer } from './support.mjs';

const RECORDS = 50_000;
const SIZE = 500;
const LIMIT_S = 15;

for (const engine of /** @type {const} */ (['sqlite', 'postgres'])) {
  const server = await startServer(engine);
  try {
    const [kiosk] = await enrollKiosks(server, 1, 'D');
    // Signed before the clock starts: the kiosk signed these while offline.
    const bodies = kiosk.bodies(RECORDS / SIZE, SIZE);
    const started = performance.now();
    let acked = 0;
    for (const body of bodies) {
      const answer = await kiosk.push(server.url, body);
      acked = answer.receipt.ackedSeq;
    }
    const seconds = (performance.now() - started) / 1000;
    if (acked !== RECORDS) throw new Error(`the last receipt acknowledges seq ${acked}, not ${RECORDS}`);
    console.log(`backlog drain ${engine}: ${RECORDS} records in ${seconds.toFixed(1)} s (${Math.round(RECORDS / seconds)} records/s)  vs  limit ${LIMIT_S} s  = ${ratio(seconds, LIMIT_S)} (2-core shared VM, client on the same machine)`);
  } finally {
    await server.stop();
  }
}
