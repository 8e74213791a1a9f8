// @ts-check
// The MT-SICS driver on a SIR stream through a socat pty: latency from the last byte of a line written
// to the pty to the typed weight event the driver emits (p50/p95), and the driver's memory after one hour
// of 20 Hz streaming (72,000 lines pushed as fast as the driver keeps up). Needs a build and --expose-gc
// (`npm run bench -- devices` gives both).
import { performance } from 'node:perf_hooks';
import { createBalanceDriver, MtSicsSimulator } from '@lineside/device-drivers';

const HOUR_AT_20_HZ = 72_000;
const WARM_UP = 4_000;
const BATCH = 100;
const HEAP_GROWTH_LIMIT = 1024 * 1024;
const POLL_PERIOD_MS = 100;

if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc (npm run bench does)');
const gc = global.gc;

/** 'S D   123.4567 g' with a distinct value per index, so each event is matched to its line. */
const line = (i) => `S D ${(100 + (i % 100_000) / 10_000).toFixed(4).padStart(10)} g`;

const sim = await MtSicsSimulator.start({ load: '100.0000', capacity: '220.0000', decimals: 4, updateIntervalMs: 1e9 });
const driver = createBalanceDriver({ driver: 'mt-sics', mode: 'stream', deviceId: 'BENCH', path: sim.path, commandTimeoutMs: 60_000 });
/** @type {Map<string, () => void>} */
const waiting = new Map();
let streamed = 0;
driver.on((event) => {
  if (event.kind !== 'weight') return;
  if (event.raw.startsWith('S D')) streamed++;
  const done = waiting.get(event.raw);
  if (done) {
    waiting.delete(event.raw);
    done();
  }
});
try {
  await driver.start();
  await sim.waitForCommand((l) => l === 'SIR', { timeoutMs: 10_000 });
  // Let the SIR answer settle before timing anything.
  await new Promise((resolve) => setTimeout(resolve, 200));

  const seen = (text) => new Promise((resolve) => waiting.set(text, () => resolve(performance.now())));

  // Latency: one line at a time; t0 just before the single write that carries its last byte.
  const samples = [];
  for (let i = 0; i < 550; i++) {
    const text = line(i);
    const event = seen(text);
    const t0 = performance.now();
    await sim.writeRaw(text + '\r\n');
    const t1 = await event;
    if (i >= 50) samples.push(t1 - t0);
  }
  samples.sort((a, b) => a - b);
  const p50 = samples[Math.floor(samples.length * 0.5)] ?? NaN;
  const p95 = samples[Math.floor(samples.length * 0.95)] ?? NaN;
  console.log(`MT-SICS SIR line written to the pty -> weight event: p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms vs ${POLL_PERIOD_MS} ms poll period -> p95 is ${((p95 / POLL_PERIOD_MS) * 100).toFixed(1)}% of it (${samples.length} samples)`);

  // Memory: an hour of 20 Hz lines in batches, each batch waited for before the next (the driver's pace).
  const pushBatch = async (from) => {
    const texts = Array.from({ length: BATCH }, (_, k) => line(from + k));
    const last = seen(texts[BATCH - 1] ?? '');
    await sim.writeRaw(texts.map((t) => t + '\r\n').join(''));
    await last;
  };
  const memory = () => {
    gc();
    gc();
    const { heapUsed, rss } = process.memoryUsage();
    return { heapUsed, rss };
  };
  const started = performance.now();
  for (let i = 0; i < WARM_UP; i += BATCH) await pushBatch(i);
  const before = memory();
  for (let i = WARM_UP; i < HOUR_AT_20_HZ; i += BATCH) await pushBatch(i);
  const after = memory();
  const seconds = (performance.now() - started) / 1000;
  if (streamed !== 550 + HOUR_AT_20_HZ) throw new Error(`the driver emitted ${streamed} weight events for ${550 + HOUR_AT_20_HZ} lines`);
  const heapGrowth = after.heapUsed - before.heapUsed;
  const mb = (n) => (n / 2 ** 20).toFixed(2);
  console.log(`${HOUR_AT_20_HZ.toLocaleString('en')} lines (one hour at 20 Hz) in ${seconds.toFixed(1)} s = ${Math.round(HOUR_AT_20_HZ / seconds).toLocaleString('en')} lines/s`);
  console.log(`driver heap after warm-up ${mb(before.heapUsed)} MB -> after the hour ${mb(after.heapUsed)} MB: growth ${mb(heapGrowth)} MB vs limit ${mb(HEAP_GROWTH_LIMIT)} MB -> ${(heapGrowth / HEAP_GROWTH_LIMIT).toFixed(2)} of the limit`);
  console.log(`process RSS ${mb(before.rss)} MB -> ${mb(after.rss)} MB (growth ${mb(after.rss - before.rss)} MB; includes the simulator in this process)`);
  if (heapGrowth > HEAP_GROWTH_LIMIT) process.exitCode = 1;
} finally {
  await driver.close();
  await sim.close();
}
