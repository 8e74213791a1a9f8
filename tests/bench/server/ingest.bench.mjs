// @ts-check
// Ingest throughput of one server process on SQLite and on PostgreSQL, beside the bare Ed25519
// verification rate measured in this same run (target: ingest >= 0.8 x verify rate x cores used),
// and the bytes each stored record costs (table + indexes).
import { createPublicKey, verify } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { signingInput } from '../../../packages/sync-protocol/dist/index.js';
import { BenchKiosk, enrollKiosks, ratio, recordsBytes, startServer } from './support.mjs';

const KIOSKS = 4;
const BATCHES = 10;
const SIZE = 500;
const TOTAL = KIOSKS * BATCHES * SIZE;
// --verify-workers 0 verifies on the event loop (one core); the default, one worker per core, splits each batch across them.
const CORES = availableParallelism();
const SETUPS = [
  { name: 'verify on the event loop', args: ['--verify-workers', '0'], cores: 1 },
  { name: `verify on ${CORES} worker thread(s)`, args: [], cores: CORES },
];

function bareVerifyRate() {
  const kiosk = new BenchKiosk();
  kiosk.kioskId = 'K-V';
  kiosk.keyId = 'K-V#1';
  const records = kiosk.sign(5_000);
  const publicKey = createPublicKey(kiosk.privateKey);
  const inputs = records.map((r) => ({ bytes: Buffer.from(signingInput(r), 'utf8'), sig: Buffer.from(r.sig, 'base64url') }));
  for (const { bytes, sig } of inputs.slice(0, 500)) verify(null, bytes, publicKey, sig);
  const started = performance.now();
  let ok = 0;
  for (const { bytes, sig } of inputs) if (verify(null, bytes, publicKey, sig)) ok++;
  const seconds = (performance.now() - started) / 1000;
  if (ok !== inputs.length) throw new Error('a freshly signed record did not verify');
  return inputs.length / seconds;
}

async function ingest(engine, args) {
  const server = await startServer(engine, args);
  try {
    const kiosks = await enrollKiosks(server, KIOSKS);
    const bodies = kiosks.map((k) => k.bodies(BATCHES, SIZE));
    const emptyBytes = await recordsBytes(server);
    const started = performance.now();
    // One batch in flight per kiosk, as a kiosk's sync loop does.
    await Promise.all(kiosks.map(async (kiosk, i) => {
      for (const body of bodies[i]) {
        const answer = await kiosk.push(server.url, body);
        if (answer.accepted !== SIZE) throw new Error(`accepted ${answer.accepted} of ${SIZE}`);
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    const bytes = (await recordsBytes(server)) - emptyBytes;
    return { rate: TOTAL / seconds, seconds, perRecord: bytes / TOTAL };
  } finally {
    await server.stop();
  }
}

const verifyRate = bareVerifyRate();
console.log(`bare Ed25519 verify: ${Math.round(verifyRate)} records/s on one core (this run, ${CORES}-core shared VM; the load generator shares the cores)`);
for (const engine of /** @type {const} */ (['sqlite', 'postgres'])) {
  for (const setup of SETUPS) {
    const target = 0.8 * verifyRate * setup.cores;
    const { rate, seconds, perRecord } = await ingest(engine, setup.args);
    console.log(`ingest ${engine}, ${setup.name}: ${Math.round(rate)} records/s (${TOTAL} records, ${KIOSKS} kiosks x ${BATCHES} batches of ${SIZE}, ${seconds.toFixed(1)} s)  vs  0.8 x verify x ${setup.cores} core(s) = ${Math.round(target)}/s  = ${ratio(rate, target)}`);
    if (setup === SETUPS[0]) console.log(`  storage ${engine}: ${Math.round(perRecord)} bytes per record (table + indexes)`);
  }
}
