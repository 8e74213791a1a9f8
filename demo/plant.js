// @ts-check
// The demo plant of shared/DEMO-PLANT.md as running processes: the sync server (seeded), a simulated
// MT-SICS balance on a pty (BAL-01, its own process), the booth's other instruments on ptys (BAL-02 SBI,
// BAL-04 A&D, PH-01 Orion, SCN-01 serial scanner, PRN-01 label printer on TCP, in this process so a test can move loads and scan),
// and the kiosk of booth DISP-1 with all of them, enrolled and approved. `npm start` runs it for
// a person; the end-to-end tests run the very same code with free ports and temp dirs.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { OrionStarSimulator, SerialScannerSimulator, splitAimPrefix, startSimulator, ZplPrinterTcpSimulator } from '@lineside/device-drivers';

export const repoRoot = path.resolve(import.meta.dirname, '..');
const bins = {
  server: path.join(repoRoot, 'apps/sync-server/dist/bin.js'),
  kiosk: path.join(repoRoot, 'apps/kiosk/dist/core/bin.js'),
  devices: path.join(repoRoot, 'packages/device-drivers/dist/cli/main.js'),
};

/**
 * @typedef {{ name: string, child: import('node:child_process').ChildProcess, lines: string[],
 *   waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>,
 *   stop: (signal?: NodeJS.Signals) => Promise<number | null>, send: (line: string) => void }} Proc
 */

/**
 * Starts a child in its own process group and collects its output lines.
 * stdin: true gives the child a pipe that send() writes lines to; otherwise its stdin is /dev/null.
 * @param {string} name @param {string[]} args @param {{ echo?: boolean, env?: NodeJS.ProcessEnv, stdin?: boolean }} options
 * @returns {Proc}
 */
export function startNode(name, args, options = {}) {
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    // npm start and the tests choose the database by flags; an inherited DATABASE_URL must not redirect them.
    env: { ...process.env, DATABASE_URL: undefined, ...options.env },
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    detached: true,
  });
  // A child that exits while a line is on its way makes the pipe fail: the exit is what matters then.
  child.stdin?.on('error', () => {});
  /** @type {string[]} */
  const lines = [];
  /** @type {Set<{ pattern: RegExp, resolve: (m: RegExpMatchArray) => void }>} */
  const waiters = new Set();
  /** @type {number | null | undefined} */
  let exitCode;
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    let buffer = '';
    stream.setEncoding('utf8');
    stream.on('data', (/** @type {string} */ chunk) => {
      buffer += chunk;
      let at;
      while ((at = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, at).replace(/\r$/, '');
        buffer = buffer.slice(at + 1);
        lines.push(line);
        if (options.echo) process.stdout.write(`  [${name}] ${line}\n`);
        for (const waiter of waiters) {
          const match = waiter.pattern.exec(line);
          if (match) {
            waiters.delete(waiter);
            waiter.resolve(match);
          }
        }
      }
    });
  }
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve((exitCode = code))));
  return {
    name,
    child,
    lines,
    waitFor(pattern, timeoutMs = 30_000) {
      const seen = lines.map((l) => pattern.exec(l)).find(Boolean);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = {
          pattern,
          resolve: (/** @type {RegExpMatchArray} */ m) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`${name}: nothing matched ${pattern} within ${timeoutMs} ms. Output:\n${lines.join('\n')}`));
        }, timeoutMs);
        waiters.add(waiter);
        exited.then((code) => {
          if (waiters.delete(waiter)) {
            clearTimeout(timer);
            reject(new Error(`${name} exited with ${code} before printing ${pattern}. Output:\n${lines.join('\n')}`));
          }
        });
      });
    },
    send(line) {
      if (!child.stdin) throw new Error(`${name} was started without stdin: true`);
      child.stdin.write(`${line}\n`);
    },
    async stop(signal = 'SIGTERM') {
      if (exitCode !== undefined) return exitCode;
      const kill = (/** @type {NodeJS.Signals} */ s) => {
        try {
          if (child.pid) process.kill(-child.pid, s);
        } catch {
          /* already gone */
        }
      };
      kill(signal);
      const timer = setTimeout(() => kill('SIGKILL'), 8000);
      const code = /** @type {number | null} */ (await exited);
      clearTimeout(timer);
      return code;
    },
  };
}

/**
 * @param {string} url @param {{ method?: string, token?: string, body?: unknown }} [init]
 * @returns {Promise<any>}
 */
export async function api(url, init = {}) {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} → ${response.status}: ${text}`);
  return body;
}

/**
 * The booth's instruments besides BAL-01, as DEMO-PLANT.md lists them; the loads are empty pans and the
 * pH is inside step 9's limits (5.0–7.0) so the recipe can run as it is.
 * @typedef {{ 'BAL-02': import('@lineside/device-drivers').RunningSimulator, 'BAL-04': import('@lineside/device-drivers').RunningSimulator,
 *   'PH-01': OrionStarSimulator, 'SCN-01': SerialScannerSimulator, 'PRN-01': ZplPrinterTcpSimulator, scan: (text: string) => Promise<void> }} Instruments
 */

/** @param {Instruments} instruments @param {string} balanceId @returns {string[]} */
function instrumentArgs(instruments, balanceId) {
  return [
    ...(balanceId === 'BAL-02' ? [] : ['--balance', `sartorius-sbi:${instruments['BAL-02'].path}=BAL-02`]),
    ...(balanceId === 'BAL-04' ? [] : ['--balance', `and:${instruments['BAL-04'].path}=BAL-04`]),
    '--ph-meter', `orion-star:${instruments['PH-01'].path}=PH-01`,
    '--scanner', `scanner-serial:${instruments['SCN-01'].path}=SCN-01`,
    '--printer', `zpl-tcp:127.0.0.1:${instruments['PRN-01'].port}=PRN-01`,
  ];
}

/** @param {(close: () => Promise<void>) => void} onClose @returns {Promise<Instruments>} */
async function startInstruments(onClose) {
  const bal02 = await startSimulator({ driver: 'sartorius-sbi', unit: 'g', capacity: '6200.00', decimals: 2, load: '0.00', model: 'BAL-02' });
  onClose(() => bal02.close());
  const bal04 = await startSimulator({ driver: 'and', unit: 'kg', capacity: '150.000', decimals: 3, load: '0.000', model: 'BAL-04' });
  onClose(() => bal04.close());
  const ph = await OrionStarSimulator.start({ ph: '6.20', mV: '47.3', temperatureC: '22.0' });
  onClose(() => ph.close());
  const scanner = await SerialScannerSimulator.start();
  onClose(() => scanner.close());
  // The booth's label printer (issue 13): ZPL over TCP, like port 9100 of a real one; it keeps what it prints.
  const printer = await ZplPrinterTcpSimulator.start();
  onClose(() => printer.close());
  return {
    'PRN-01': printer,
    'BAL-02': bal02,
    'BAL-04': bal04,
    'PH-01': ph,
    'SCN-01': scanner,
    // A label as the scanner reads it: the AIM prefix (e.g. ]C1, ]d2) leads, the data follows.
    scan: (text) => {
      const split = splitAimPrefix(text);
      return scanner.scan(split.data, split.symbology);
    },
  };
}

/**
 * @typedef {{ serverPort?: number, kioskPort?: number, dataDir: string, browser?: boolean, echo?: boolean,
 *   scenario?: string, load?: string, stationId?: string, balanceId?: string, instruments?: boolean,
 *   onUnexpectedExit?: (proc: Proc, code: number | null) => void }} PlantOptions
 * @typedef {{ serverUrl: string, kioskUrl: string, balancePath: string,
 *   credentials: Record<string, { password?: string, pin?: string, badge?: string }>,
 *   adminToken: string, server: Proc, kiosk: Proc, simulator: Proc, instruments: Instruments | null,
 *   setLoad: (balanceId: string, load: string) => Promise<void>,
 *   stopServer: () => Promise<string>, startServer: () => Promise<string>, serverRunning: () => boolean,
 *   stop: () => Promise<void> }} Plant
 */

/**
 * A station kiosk process at the plant's server: enrolled with a fresh code on first start (its data folder is
 * new), approved by the admin's session, in browser mode unless `browser: false`. Also how a test adds the
 * granulation room's kiosk (GRAN-1) beside the booth's.
 * @param {{ name?: string, serverUrl: string, token: string, dataDir: string, stationId: string, balance?: string, extraArgs?: string[],
 *   kioskPort?: number, browser?: boolean, echo?: boolean, watch?: (proc: Proc) => Proc }} options
 * @returns {Promise<{ kiosk: Proc, kioskUrl: string }>}
 */
export async function startStationKiosk(options) {
  const { serverUrl, token, stationId } = options;
  const kioskData = path.join(options.dataDir, `kiosk-${stationId}`);
  const kioskArgs = [bins.kiosk, '--server', serverUrl, '--data', kioskData, ...(options.balance ? ['--balance', options.balance] : []), ...(options.extraArgs ?? [])];
  // browser: true forces browser mode; false lets the kiosk open Electron where its binary is installed.
  kioskArgs.push('--port', String(options.kioskPort ?? 0));
  if (options.browser ?? true) kioskArgs.push('--browser');
  if (!existsSync(kioskData)) {
    const { code } = await api(`${serverUrl}/api/v1/enrollment-codes`, { token, body: { reason: `demo plant (npm start): first kiosk of ${stationId}`, stationId } });
    kioskArgs.push('--enroll-code', code);
  }
  const started = startNode(options.name ?? `kiosk-${stationId}`, kioskArgs, { echo: options.echo ?? false });
  const kiosk = options.watch ? options.watch(started) : started;
  try {
    // The kiosk never prints its browser token; the demo, acting for the person at the booth, reads it from its file.
    const [, kioskPage, tokenFile] = await kiosk.waitFor(/Kiosk UI: (http:\/\/\S+) \(the page needs the browser token in (.+); it is not printed\)|Opening the kiosk in Electron/);
    const kioskUrl = kioskPage && tokenFile ? `${kioskPage}?token=${readFileSync(tokenFile, 'utf8').trim()}` : 'the Electron window';
    // Approve the kiosk once its key has been registered (an admin's act; here, the demo's).
    const kioskId = `K-${stationId}`;
    for (let attempt = 0; ; attempt++) {
      const { kiosks } = await api(`${serverUrl}/api/v1/kiosks`, { token });
      const entry = kiosks.find((/** @type {{ kioskId: string }} */ k) => k.kioskId === kioskId);
      if (entry?.status === 'active') break;
      if (entry?.status === 'pending') {
        await api(`${serverUrl}/api/v1/kiosks/${kioskId}/approve`, { token, body: {} });
        break;
      }
      if (attempt > 100) throw new Error(`kiosk ${kioskId} never enrolled; kiosk output:\n${kiosk.lines.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { kiosk, kioskUrl };
  } catch (error) {
    await kiosk.stop();
    throw error;
  }
}

/** @param {PlantOptions} options @returns {Promise<Plant>} */
export async function startDemoPlant(options) {
  for (const [name, file] of Object.entries(bins)) {
    if (!existsSync(file)) throw new Error(`${name} is not built (${path.relative(repoRoot, file)} missing): run npm run build`);
  }
  const echo = options.echo ?? false;
  const stationId = options.stationId ?? 'DISP-1';
  const balanceId = options.balanceId ?? 'BAL-01';
  /** @type {Array<Proc | { stop: () => Promise<unknown> }>} */
  const started = [];
  const stop = async () => {
    for (const proc of started.splice(0).reverse()) await proc.stop();
  };
  try {
    // The server can be stopped and started again while the plant runs (the demo's `server stop`): always on its first port.
    /** @type {Set<Proc>} */
    const stoppedOnPurpose = new Set();
    /** @param {Proc} proc */
    const watch = (proc) => {
      proc.child.once('exit', (code) => {
        if (!stoppedOnPurpose.has(proc)) options.onUnexpectedExit?.(proc, code);
      });
      return proc;
    };
    /** @param {string} port */
    const launchServer = async (port) => {
      const proc = watch(startNode('server', [bins.server, '--port', port, '--data', options.dataDir, '--seed-demo'], { echo }));
      try {
        const [, url = ''] = await proc.waitFor(/listening on (http:\/\/\S+)/);
        return { proc, url };
      } catch (error) {
        stoppedOnPurpose.add(proc);
        await proc.stop();
        throw error;
      }
    };
    const first = await launchServer(String(options.serverPort ?? 0));
    let server = first.proc;
    const serverUrl = first.url;
    let serverUp = true;
    started.push({ stop: () => (serverUp ? server.stop() : Promise.resolve()) });
    const stopServer = async () => {
      if (!serverUp) return 'the server is already stopped';
      serverUp = false;
      stoppedOnPurpose.add(server);
      await server.stop();
      return `server stopped; the kiosk keeps working offline and keeps its records until the server is back`;
    };
    const startServer = async () => {
      if (serverUp) return `the server is already running at ${serverUrl}`;
      server = (await launchServer(new URL(serverUrl).port)).proc;
      serverUp = true;
      return `server started again at ${serverUrl}; the kiosk sends what it kept at its next retry`;
    };

    const credentials = JSON.parse(readFileSync(path.join(options.dataDir, 'demo-credentials.json'), 'utf8'));
    const admin = credentials['ada.admin'];
    const session = await api(`${serverUrl}/api/v1/sessions`, { body: { userId: 'ada.admin', password: admin.password } });

    // --stdin-control: setLoad() puts loads on BAL-01's pan as it does on the in-process balances'.
    // BAL-01 as DEMO-PLANT.md has it: an XS205DU-class analytical balance, 220 g at 0.00001 g.
    const simulatorArgs = [bins.devices, 'simulate', '--driver', 'mt-sics', '--decimals', '5', '--capacity', '220.00000', '--model', 'XS205DU', '--stdin-control'];
    if (options.scenario) simulatorArgs.push('--scenario', options.scenario);
    if (options.load) simulatorArgs.push('--load', options.load);
    const simulator = watch(startNode('balance-simulator', simulatorArgs, { echo, stdin: true }));
    started.push(simulator);
    const [, balancePath] = await simulator.waitFor(/"path"\s*:\s*"([^"]+)"/);
    if (!balancePath) throw new Error('simulator printed no pty path');

    // instruments: false keeps the one-balance kiosk of the walking skeleton.
    const instruments = options.instruments === false ? null : await startInstruments((close) => started.push({ stop: close }));

    const { kiosk, kioskUrl } = await startStationKiosk({
      name: 'kiosk', serverUrl, token: session.token, dataDir: options.dataDir, stationId, balance: `mt-sics:${balancePath}=${balanceId}`,
      extraArgs: instruments ? instrumentArgs(instruments, balanceId) : [], kioskPort: options.kioskPort, browser: options.browser, echo, watch,
    });
    started.push(kiosk);
    /** @param {string} id @param {string} load */
    const setLoad = async (id, load) => {
      if (!/^\d+(\.\d+)?$/.test(load)) throw new Error(`load ${JSON.stringify(load)} is not a decimal number`);
      if (id === balanceId) {
        // The simulator answers each control line on stdout, or on stderr when it refuses it.
        const from = simulator.lines.length;
        const reply = new Promise((resolve, reject) => {
          const look = () => {
            const line = simulator.lines.slice(from).find((l) => l.startsWith('{"load"') || l.startsWith('simulate: stdin-control'));
            if (!line) return;
            done();
            if (line.startsWith('simulate:')) reject(new Error(line));
            else resolve(line);
          };
          const timer = setTimeout(() => {
            done();
            reject(new Error(`${id}'s simulator did not answer "load ${load}" within 5 s`));
          }, 5_000);
          const done = () => {
            clearTimeout(timer);
            simulator.child.stdout?.off('data', look);
            simulator.child.stderr?.off('data', look);
          };
          // Registered after startNode's own listeners, so the lines are already split when these run.
          simulator.child.stdout?.on('data', look);
          simulator.child.stderr?.on('data', look);
        });
        simulator.send(`load ${load}`);
        await reply;
        return;
      }
      const other = instruments && (id === 'BAL-02' || id === 'BAL-04') ? instruments[id] : undefined;
      if (!other) throw new Error(`no balance ${id} in the demo booth (BAL-01, BAL-02, BAL-04)`);
      other.control.setLoad(load);
    };
    return {
      serverUrl, kioskUrl, balancePath, credentials, adminToken: session.token, kiosk, simulator, instruments, setLoad, stopServer, startServer,
      // The server process running now (another one after `server start`).
      get server() {
        return server;
      },
      serverRunning: () => serverUp,
      stop: async () => {
        stoppedOnPurpose.add(server).add(kiosk).add(simulator);
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
