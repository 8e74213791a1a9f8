// @ts-check
// Live weight path: serial bytes -> framer -> MT-SICS parse, and the pty round trip SI -> "S S ...".
// Figures are printed beside their limits as ratios (run `npm run bench -- devices`; needs a build).
import { performance } from 'node:perf_hooks';
import { LineFramer, MtSicsSimulator, parseReply } from '@lineside/device-drivers';
import { SerialPort } from 'serialport';

// 9600 baud, 8N1 = 960 bytes/s; an 18-byte "S S     100.00 g\r\n" line -> 53.3 lines/s on the wire.
const WIRE_LINES_PER_SECOND = 960 / 18;

function framingAndParse() {
  const lines = ['S S     100.00 g\r\n', 'S D      99.98 g\r\n', 'S S    -0.0082 g\r\n', 'S I\r\n', 'I4 A "B207696838"\r\n'];
  const chunk = Buffer.from(lines.join('').repeat(200), 'latin1');
  const perChunk = lines.length * 200;
  const framer = new LineFramer();
  let parsed = 0;
  const run = (rounds) => {
    for (let i = 0; i < rounds; i++) {
      for (const out of framer.push(chunk)) if (out.type === 'line' && parseReply(out.text).ok) parsed++;
    }
  };
  run(20); // warm-up
  parsed = 0;
  const rounds = 200;
  const start = performance.now();
  run(rounds);
  const seconds = (performance.now() - start) / 1000;
  if (parsed !== rounds * perChunk) throw new Error(`parsed ${parsed} of ${rounds * perChunk} lines`);
  const linesPerSecond = parsed / seconds;
  console.log(`framing + MT-SICS parse: ${Math.round(linesPerSecond).toLocaleString('en')} lines/s vs 9600-baud wire limit ${WIRE_LINES_PER_SECOND.toFixed(1)} lines/s -> ${(linesPerSecond / WIRE_LINES_PER_SECOND).toFixed(0)}x headroom`);
}

async function ptyRoundTrip() {
  const sim = await MtSicsSimulator.start({ load: '100.0000' });
  const port = new SerialPort({ path: sim.path, baudRate: 9600, autoOpen: false });
  try {
    await new Promise((resolve, reject) => port.open((e) => (e ? reject(e) : resolve(undefined))));
    const framer = new LineFramer();
    let waiting;
    port.on('data', (chunk) => {
      for (const out of framer.push(chunk)) if (out.type === 'line' && waiting) waiting(out.text);
    });
    const ask = () =>
      new Promise((resolve) => {
        waiting = resolve;
        port.write('SI\r\n');
      });
    for (let i = 0; i < 50; i++) await ask();
    const samples = [];
    for (let i = 0; i < 500; i++) {
      const t = performance.now();
      await ask();
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    const p50 = samples[Math.floor(samples.length * 0.5)] ?? NaN;
    const p95 = samples[Math.floor(samples.length * 0.95)] ?? NaN;
    // The driver polls SI every 100 ms: the round trip must fit well inside one poll period.
    console.log(`pty round trip SI -> reply (simulator + socat): p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms vs 100 ms poll period -> p95 is ${((p95 / 100) * 100).toFixed(1)}% of it`);
    // A real balance at 9600 baud needs >= 4 + 18 bytes on the wire = 22.9 ms before its own processing.
    console.log(`  (wire time alone at 9600 baud for SI + reply: ${((22 / 960) * 1000).toFixed(1)} ms; the pty adds ${(p50 / ((22 / 960) * 1000)).toFixed(2)}x of that)`);
  } finally {
    if (port.isOpen) await new Promise((resolve) => port.close(() => resolve(undefined)));
    await sim.close();
  }
}

framingAndParse();
await ptyRoundTrip();
