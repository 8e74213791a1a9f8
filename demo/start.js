// @ts-check
// `npm start`: the demo plant for a person at a keyboard. Ctrl-C stops everything.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { demoPlant } from '@lineside/domain';
import { repoRoot, startDemoPlant } from './plant.js';

/** GS1 DataMatrix lot labels of the demo lots, as SCN-01 reads them: ]d2 (01) GTIN (17) expiry (10) lot. */
function demoLabels() {
  const now = new Date();
  const master = demoPlant({ year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() });
  return master.lots.map((lot) => {
    const material = master.materials.find((m) => m.id === lot.materialId);
    const expiry = lot.expiry.slice(2).replaceAll('-', '');
    return { lot: lot.id, status: lot.status, material: material?.name ?? lot.materialId, label: `]d201${material?.gtin}17${expiry}10${lot.id}` };
  });
}

const USAGE = `Usage: npm start [-- options]   (or node demo/start.js [options])

  --data <dir>         the plant's data folder (default ./data)
  --server-port <n>    the sync server's port (default 8080; 0 picks a free one)
  --kiosk-port <n>     the kiosk UI's port (default 8181; 0 picks a free one)
  --help               print this text

Exit codes: 0 stopped with Ctrl-C, 1 a part of the plant failed, 2 wrong command line.
`;

/** @type {{ data: string, 'server-port': string, 'kiosk-port': string, help: boolean }} */
let flags;
try {
  flags = /** @type {any} */ (parseArgs({
    strict: true,
    options: { data: { type: 'string', default: path.join(repoRoot, 'data') }, 'server-port': { type: 'string', default: '8080' }, 'kiosk-port': { type: 'string', default: '8181' }, help: { type: 'boolean', default: false } },
  }).values);
} catch (error) {
  console.error(`lineside demo: ${/** @type {Error} */ (error).message} (see --help)`);
  process.exit(2);
}
if (flags.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
for (const name of /** @type {const} */ (['server-port', 'kiosk-port'])) {
  if (!/^\d{1,5}$/.test(flags[name]) || Number(flags[name]) > 65535) {
    console.error(`lineside demo: --${name} must be 0 or a port number up to 65535, not ${JSON.stringify(flags[name])}`);
    process.exit(2);
  }
}

const dataDir = path.resolve(flags.data);
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
console.log('Starting the Lineside demo plant (shared/DEMO-PLANT.md) …');
let stopping = false;
/** @type {Awaited<ReturnType<typeof startDemoPlant>>} */
let plant;
try {
  plant = await startDemoPlant({
    serverPort: Number(flags['server-port']),
    kioskPort: Number(flags['kiosk-port']),
    dataDir,
    browser: process.env.LINESIDE_BROWSER === '1',
    echo: process.env.LINESIDE_VERBOSE === '1',
    onUnexpectedExit: (proc, code) => {
      if (stopping) return;
      console.error(`${proc.name} exited unexpectedly (${code}); last output:\n${proc.lines.slice(-15).join('\n')}`);
      void shutdown(1);
    },
  });
} catch (error) {
  console.error(`lineside demo: cannot start the plant: ${String(/** @type {Error} */ (error).message).split('\n')[0]}`);
  process.exit(1);
}
// The kiosk's sync line, so a newcomer sees it go offline and come back (README walkthrough, step 6).
{
  let buffer = '';
  plant.kiosk.child.stdout?.on('data', (/** @type {Buffer | string} */ chunk) => {
    buffer += String(chunk);
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('Sync: ')) console.log(`Kiosk K-DISP-1 ${line}`);
  });
}
for (const line of plant.kiosk.lines.filter((l) => l.startsWith('Electron'))) console.log(line);
const instrumentLines = plant.instruments
  ? [
      `  Balance BAL-02     simulated Sartorius SBI on ${plant.instruments['BAL-02'].path}`,
      `  Balance BAL-04     simulated A&D on ${plant.instruments['BAL-04'].path}`,
      `  pH meter PH-01     simulated Orion Star on ${plant.instruments['PH-01'].path}`,
      `  Scanner SCN-01     simulated serial scanner on ${plant.instruments['SCN-01'].path}`,
      '',
    ].join('\n')
  : '';
const names = Object.entries(plant.credentials)
  .map(([user, c]) => `    ${user.padEnd(17)} ${c.password ? `password ${c.password}` : ''}${c.pin ? `  PIN ${c.pin}` : ''}${c.badge ? `  badge ${c.badge}` : ''}`)
  .join('\n');
console.log(`
Lineside demo plant is running.
  Sync server        ${plant.serverUrl}   (records: ${plant.serverUrl}/records, API docs: ${plant.serverUrl}/docs)
  Kiosk K-DISP-1     ${plant.kioskUrl}
  Balance BAL-01     simulated MT-SICS on ${plant.balancePath}
${instrumentLines}  Demo users (generated for this data folder, kept in data/demo-credentials.json):
${names}
Type "server stop" to stop the sync server (the kiosk goes offline and keeps its records), "server start" to
start it again. Press Ctrl-C to stop everything.`);
/** @type {((text: string) => void)[]} */
const lineHandlers = [];
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const text = line.trim();
  if (!text) return;
  const server = /^server\s+(stop|start)$/i.exec(text);
  if (server) {
    const act = server[1]?.toLowerCase() === 'stop' ? plant.stopServer : plant.startServer;
    act().then(
      (message) => console.log(message),
      (/** @type {Error} */ error) => console.log(`server not started: ${error.message.split('\n')[0]}`),
    );
    return;
  }
  for (const handle of lineHandlers) handle(text);
});
if (plant.instruments) {
  const labels = demoLabels();
  console.log(`
Type in this terminal, then Enter:
  a label's number (or any GS1 text; {GS} stands for the separator) to scan it with SCN-01:
${labels.map((l, i) => `  ${String(i + 1).padStart(4)}  ${l.lot.padEnd(9)} ${l.status.padEnd(10)} ${l.material}`).join('\n')}
  a balance and a load in its unit to put that on its pan: BAL-01 62.50000 (g), BAL-02 1800.00 (g),
  BAL-04 26.700 (kg); BAL-04 1.500 is an empty container to tare.`);
  const instruments = plant.instruments;
  lineHandlers.push((text) => {
    const load = /^(BAL-\d+)\s+(\S+)$/i.exec(text);
    if (load) {
      const [, balanceId = '', value = ''] = load;
      plant.setLoad(balanceId.toUpperCase(), value).then(
        () => console.log(`${balanceId.toUpperCase()} now holds ${value}`),
        (/** @type {Error} */ error) => console.log(`not loaded: ${error.message}`),
      );
      return;
    }
    const chosen = /^\d+$/.test(text) ? labels[Number(text) - 1]?.label : text.replaceAll('{GS}', '\x1d');
    if (!chosen) return console.log(`no label number ${text} (1–${labels.length})`);
    void instruments.scan(chosen).then(() => console.log(`scanned ${chosen.replaceAll('\x1d', '{GS}')}`));
  });
}

/** @param {number} code */
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the demo plant …');
  await plant?.stop();
  console.log('Stopped.');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
