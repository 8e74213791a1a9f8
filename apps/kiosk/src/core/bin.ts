#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseKioskArgs, USAGE, type KioskArgs } from './args.js';
import { startBrowserServer, type BrowserServer } from './browser-server.js';
import { writeBrowserToken } from './browser-token.js';
import { findElectronBinary } from './electron-binary.js';
import { startKioskCore, type KioskCore } from './kiosk.js';
import { describeSync } from './status-lines.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  // The data folder holds the kiosk's private key and its records: files 0600, folders 0700, for this and child processes.
  process.umask(0o077);
  const parsed = parseKioskArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`lineside-kiosk: ${parsed.message}\n`);
    process.exit(2);
  }
  const args = parsed.args;
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (!args.browser) {
    const electron = findElectronBinary();
    if (electron.ok) return runElectron(electron.path);
    say(`Electron binary not installed (${electron.reason}); serving the kiosk in browser mode`);
  }
  await runBrowserMode(args);
}

function runElectron(binary: string): void {
  const mainJs = fileURLToPath(new URL('../main/index.js', import.meta.url));
  say(`Opening the kiosk in Electron (${binary})`);
  const child = spawn(binary, [mainJs, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

async function runBrowserMode(args: KioskArgs): Promise<void> {
  // Handlers go in before anything is printed: a supervisor may signal as soon as it reads a line.
  let core: KioskCore | null = null;
  let server: BrowserServer | null = null;
  let lines: { mute(): void } | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    lines?.mute();
    say(`${signal}: closing the instruments, stopping sync and closing the database`);
    await server?.close();
    await core?.close();
    say('Kiosk stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const dataDir = path.resolve(args.dataDir);
  const started = await startKioskCore({
    dataDir,
    serverUrl: args.serverUrl,
    balances: args.balances,
    phMeters: args.phMeters,
    scanners: args.scanners,
    printer: args.printer,
    ...(args.enrollCode ? { enrollCode: args.enrollCode } : {}),
    execution: { autoLockMs: args.autoLockMinutes * 60_000 },
  });
  if (!started.ok) {
    process.stderr.write(`lineside-kiosk: ${started.message}\n`);
    process.exit(1);
  }
  core = started.core;
  if (stopping) return void (await core.close());
  lines = announce(core, args, dataDir);
  // writeFileSync's mode applies only to a new file: a token file left from an earlier start is re-moded.
  const browserToken = writeBrowserToken(dataDir);
  chmodSync(browserToken.file, 0o600);
  server = await startBrowserServer({ core, port: args.port, token: browserToken.token, rendererDir: fileURLToPath(new URL('../renderer/', import.meta.url)) });
  if (stopping) return void (await server.close());
  say(`Kiosk UI: http://127.0.0.1:${server.port}/ (the page needs the browser token in ${browserToken.file}; it is not printed)`);
}

function announce(core: KioskCore, args: KioskArgs, dataDir: string): { mute(): void } {
  let muted = false;
  const report = (line: string) => {
    if (!muted) say(line);
  };
  say(`Lineside kiosk ${core.appVersion}`);
  say(`Data folder: ${dataDir}`);
  say(`Kiosk key: ${core.key.created ? 'created' : 'loaded'} ${core.key.file} (fingerprint ${core.key.fingerprint})`);
  say(`Sync server: ${args.serverUrl}`);
  void core.dispatch('getState', {}).then((state) => {
    if (state.identity) {
      say(`Enrolled as ${state.identity.kioskId} (key ${state.identity.keyId}, station ${state.identity.stationId})`);
      if (args.enrollCode) say(`--enroll-code ignored: this data folder is already enrolled as ${state.identity.kioskId}`);
    }
    // The code is a secret until it is used: output may go to a journal others read.
    else if (args.enrollCode) say(`Enrolling with the one-time code given by --enroll-code at ${args.serverUrl}`);
    else say('Not enrolled: start once with --enroll-code <code> from an admin to sign and send records');
  });
  for (const balance of core.balances) {
    const id = balance.spec.balanceId;
    say(`Balance ${id}: ${balance.address}`);
    balance.onStatus((status) => {
      if (status.problem) report(`Balance ${id} (${balance.address}) ${status.connection}: ${status.problem.replace(`${id}: `, '')}; the kiosk keeps running`);
      else if (status.connection === 'connected') report(`Balance ${id} connected on ${balance.address}`);
    });
  }
  if (core.balances.length === 0) say('No balance configured (--balance <driver>:<port>=<id>)');
  const instruments = [
    ...core.phMeters.map((m) => ({ kind: 'pH meter', id: m.spec.meterId, device: m })),
    ...core.scanners.map((s) => ({ kind: 'Scanner', id: s.spec.scannerId, device: s })),
  ];
  for (const { kind, id, device } of instruments) {
    say(`${kind} ${id}: ${device.address}`);
    device.onChange((line) => {
      if (line.problem) report(`${kind} ${id} (${device.address}) ${line.connection}: ${line.problem.replace(`${id}: `, '')}; the kiosk keeps running`);
      else if (line.connection === 'connected') report(`${kind} ${id} connected on ${device.address}`);
    });
  }
  core.onScan((outcome) => report(outcome.ok ? `Scanner ${outcome.scannerId}: lot scanned for order ${outcome.orderId}, step ${outcome.stepId}` : `Scanner ${outcome.scannerId}: ${outcome.message}`));
  let lastLine = '';
  const syncLine = (line: string) => {
    if (line !== lastLine) report(line);
    lastLine = line;
  };
  syncLine(describeSync(core.sync.status()));
  core.sync.onStatus((view) => syncLine(describeSync(view)));
  return {
    mute: () => {
      muted = true;
    },
  };
}

main().catch((error: unknown) => {
  // One line for the operator (exit 1 as --help says); LINESIDE_DEBUG=1 adds the stack for a developer.
  process.stderr.write(`lineside-kiosk: cannot run: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  if (process.env.LINESIDE_DEBUG === '1') process.stderr.write(`${(error as Error).stack ?? ''}\n`);
  process.exit(1);
});
