// @ts-check
// Load: 200 kiosks enrolled through the API, each pushing a 50-record batch every 5 s (2,000 records/s
// offered) for 30 s against one server process on loopback; then the offered load is raised step by
// step until p99 batch latency passes 1 s, to find the knee. Batches are signed before each step, so
// the generator only sends bytes, but it still shares the 2 cores with the server.
import { setTimeout as sleep } from 'node:timers/promises';
import { enrollKiosks, quantile, ratio, startServer } from './support.mjs';

const ENGINE = /** @type {'sqlite' | 'postgres'} */ (process.env.LINESIDE_BENCH_ENGINE ?? 'sqlite');
const KIOSKS = 200;
const SIZE = 50;
const PERIOD_MS = 5_000;
const P99_LIMIT_MS = 250;
const RSS_LIMIT = 512 * 2 ** 20;
const KNEE_MS = 1_000;
const STEPS = [1.5, 2, 2.5, 3, 4, 6];
const STEP_S = 12;

/**
 * One kiosk's batches go out on a fixed schedule; latency is counted from when a batch was due, not when
 * it was sent, so a server that falls behind cannot hide it (no coordinated omission). One batch per
 * kiosk is in flight at a time, as the chain requires.
 */
async function runStep(server, kiosks, factor, seconds) {
  const interval = PERIOD_MS / factor;
  const perKiosk = Math.max(1, Math.round((seconds * 1000) / interval));
  const bodies = kiosks.map((k) => k.bodies(perKiosk, SIZE));
  const latencies = [];
  let maxRss = server.rssBytes();
  const sampler = setInterval(() => (maxRss = Math.max(maxRss, server.rssBytes())), 250);
  const start = performance.now() + 100;
  const cpuBefore = server.cpuSeconds();
  try {
    await Promise.all(
      kiosks.map(async (kiosk, i) => {
        const phase = (i / kiosks.length) * interval;
        for (let b = 0; b < perKiosk; b++) {
          const due = start + phase + b * interval;
          const wait = due - performance.now();
          if (wait > 0) await sleep(wait);
          await kiosk.push(server.url, bodies[i][b]);
          latencies.push(performance.now() - due);
        }
      }),
    );
  } finally {
    clearInterval(sampler);
  }
  const wall = (performance.now() - start) / 1000;
  const cpu = (server.cpuSeconds() - cpuBefore) / wall;
  return { cpu, offered: (KIOSKS * SIZE * 1000) / interval, achieved: (latencies.length * SIZE) / wall, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), maxRss, batches: latencies.length };
}

const server = await startServer(ENGINE);
try {
  const kiosks = await enrollKiosks(server, KIOSKS, 'L');
  console.log(`${KIOSKS} kiosks enrolled and approved through the API; server on ${ENGINE}; load generator and server share the 2-core VM`);
  const base = await runStep(server, kiosks, 1, 30);
  const mb = (b) => `${Math.round(b / 2 ** 20)} MB`;
  console.log(`load ${Math.round(base.offered)} records/s offered (${KIOSKS} x ${SIZE} every ${PERIOD_MS / 1000} s, 30 s, ${base.batches} batches): achieved ${Math.round(base.achieved)}/s, p50 ${base.p50.toFixed(0)} ms, server CPU ${(base.cpu * 100).toFixed(0)} % of one core`);
  console.log(`  p99 batch latency ${base.p99.toFixed(0)} ms  vs  ${P99_LIMIT_MS} ms  = ${ratio(base.p99, P99_LIMIT_MS)}`);
  console.log(`  server RSS max ${mb(base.maxRss)}  vs  ${mb(RSS_LIMIT)}  = ${ratio(base.maxRss, RSS_LIMIT)}`);
  let knee;
  for (const factor of STEPS) {
    const step = await runStep(server, kiosks, factor, STEP_S);
    console.log(`  step x${factor}: offered ${Math.round(step.offered)}/s, achieved ${Math.round(step.achieved)}/s, p50 ${step.p50.toFixed(0)} ms, p99 ${step.p99.toFixed(0)} ms, RSS ${mb(step.maxRss)}, server CPU ${(step.cpu * 100).toFixed(0)} %`);
    if (step.p99 > KNEE_MS) {
      knee = step;
      break;
    }
  }
  console.log(knee ? `knee: p99 passes ${KNEE_MS} ms at ${Math.round(knee.offered)} records/s offered (${Math.round(knee.achieved)}/s achieved)  vs  2000/s nominal  = ${ratio(knee.offered, 2000)}` : `no knee up to x${STEPS.at(-1)} (${2000 * /** @type {number} */ (STEPS.at(-1))} records/s offered)`);
} finally {
  await server.stop();
}
