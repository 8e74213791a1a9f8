// @ts-check
// `npm start`: the demo plant for a person at a keyboard. Ctrl-C stops everything.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
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

const dataDir = path.join(repoRoot, 'data');
mkdirSync(dataDir, { recursive: true });
console.log('Starting the Lineside demo plant (shared/DEMO-PLANT.md) …');
const plant = await startDemoPlant({ serverPort: 8080, kioskPort: 8181, dataDir, browser: process.env.LINESIDE_BROWSER === '1', echo: process.env.LINESIDE_VERBOSE === '1' });
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
Press Ctrl-C to stop.`);
if (plant.instruments) {
  const labels = demoLabels();
  console.log(`
Type in this terminal, then Enter:
  a label's number (or any GS1 text; {GS} stands for the separator) to scan it with SCN-01:
${labels.map((l, i) => `  ${String(i + 1).padStart(4)}  ${l.lot.padEnd(9)} ${l.status.padEnd(10)} ${l.material}`).join('\n')}
  a balance and a load in its unit to put that on its pan: BAL-01 62.50000 (g), BAL-02 1800.00 (g),
  BAL-04 26.700 (kg); BAL-04 1.500 is an empty container to tare.`);
  const instruments = plant.instruments;
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    const text = line.trim();
    if (!text) return;
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

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the demo plant …');
  await plant.stop();
  console.log('Stopped.');
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
for (const proc of [plant.server, plant.kiosk, plant.simulator]) {
  proc.child.once('exit', (code) => {
    if (!stopping) {
      console.error(`${proc.name} exited unexpectedly (${code}); last output:\n${proc.lines.slice(-15).join('\n')}`);
      void shutdown();
    }
  });
}
