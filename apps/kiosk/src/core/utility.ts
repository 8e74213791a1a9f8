import path from 'node:path';
import type { ServerMessage } from '../shared/api.js';
import { readWireCall } from './command-requests.js';
import { parseKioskArgs } from './args.js';
import { startKioskCore } from './kiosk.js';

/** Electron's utility-process parent port, typed here so the core never imports electron. */
interface ParentPort {
  on(event: 'message', listener: (message: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

// Entry of the core inside Electron's utilityProcess.fork: same core, messages instead of WebSocket.
async function runUtility(): Promise<void> {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (!parentPort) throw new Error('utility.js runs only as an Electron utility process (process.parentPort is missing)');
  const parsed = parseKioskArgs(process.argv.slice(2).filter((a) => !a.startsWith('--inspect')));
  if (!parsed.ok) throw new Error(parsed.message);
  const args = parsed.args;
  const started = await startKioskCore({
    dataDir: path.resolve(args.dataDir),
    serverUrl: args.serverUrl,
    balances: args.balances,
    phMeters: args.phMeters,
    scanners: args.scanners,
    printer: args.printer,
    ...(args.enrollCode ? { enrollCode: args.enrollCode } : {}),
  });
  if (!started.ok) throw new Error(started.message);
  const core = started.core;
  const post = (message: ServerMessage) => parentPort.postMessage(message);
  core.on((event, data) => post({ t: 'event', event, data }));
  parentPort.on('message', ({ data }) => {
    const call = readWireCall(data);
    if (!call) return;
    // The core checks the command and its request; a wrong one comes back as a refusal, never a hang.
    core
      .receive(call.command, call.request)
      .then((value) => post({ t: 'result', id: call.id, ok: true, value }))
      .catch((error: unknown) => post({ t: 'result', id: call.id, ok: false, message: (error as Error).message }));
  });
  process.on('SIGTERM', () => void core.close().then(() => process.exit(0)));
}

runUtility().catch((error: unknown) => {
  process.stderr.write(`lineside-kiosk core: ${(error as Error).message}\n`);
  process.exit(1);
});
