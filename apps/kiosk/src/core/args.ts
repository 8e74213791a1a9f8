import { parseEnrollmentCode } from '@lineside/sync-protocol';
import { parseBalanceSpec, parsePhMeterSpec, parsePrinterSpec, parseScannerSpec, type BalanceSpec, type PhMeterSpec, type PrinterSpec, type ScannerSpec } from './devices.js';

export interface KioskArgs {
  readonly serverUrl: string;
  readonly dataDir: string;
  readonly browser: boolean;
  readonly port: number;
  /** The station's balances, in the order given; the first is the one the classic Weigh screen reads. */
  readonly balances: readonly BalanceSpec[];
  readonly phMeters: readonly PhMeterSpec[];
  readonly scanners: readonly ScannerSpec[];
  /** The station's label printer, if any. */
  readonly printer: PrinterSpec | null;
  readonly enrollCode: string | null;
  /** Minutes of inactivity after which the operator's session locks. */
  readonly autoLockMinutes: number;
  readonly help: boolean;
}

/** Hosts a plain http:// server URL may name: the traffic never leaves this machine. */
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

export const USAGE = `Usage: lineside-kiosk [options]

Runs a Lineside station kiosk: its signed record log, its balance and its sync with the server.

  --server <url>          sync server (default http://localhost:8080)
  --data <dir>            data folder: database and kiosk key (default ./data/kiosk-1); one kiosk
                          process per folder (kiosk.lock holds its PID)
  --browser               serve the UI to a browser on 127.0.0.1 instead of opening the Electron window
  --port <0|n>            browser-mode port; 0 picks a free one and prints it (default 0)
  --balance <driver>:<port>[=<id>]
                          a station balance, e.g. mt-sics:/dev/ttyUSB0=BAL-01; repeat for each balance
                          (drivers: mt-sics, sartorius-sbi, and, ohaus)
  --balance-id <id>       the equipment id of a single --balance given without =<id> (default BAL-01)
  --ph-meter <driver>:<port>=<id>
                          a pH meter, e.g. orion-star:/dev/ttyUSB1=PH-01 (drivers: orion-star, hanna);
                          a pH step on that meter records its stable reading, not typed values
  --scanner <driver>:<port>=<id>
                          a barcode scanner whose scans go to the current step like a keyboard-wedge
                          scan, e.g. scanner-serial:/dev/ttyACM0=SCN-01 or scanner-hid-pos:0c2e:0b61=SCN-02
                          (a hidraw path or vid:pid in hex)
  --printer <driver>:<address>=<id>
                          the label printer for dispensed containers, e.g. zpl-tcp:10.0.0.20:9100=PRN-01
                          or zpl-serial:/dev/ttyUSB2=PRN-01 (ZPL II; out of paper or offline is told and
                          the label can be reprinted)
  A device whose port is missing is reported in plain words and retried; the kiosk keeps running.
  --enroll-code <code>    one-time enrollment code from an admin, CODE@fingerprint as the admin API
                          gives it (first start only); the kiosk enrolls only if the server's key
                          has that fingerprint
  --auto-lock-minutes <n> lock the operator's session after n minutes without a touch (default 5, 1 to 480)
  --allow-insecure-http   allow a plain http:// --server that is not on this machine (localhost,
                          127.0.0.0/8, ::1); without it such a URL is refused: use https://
  --help                  print this text

Exit codes: 0 stopped on request, 1 could not start (data folder unusable or in use by another kiosk
process, key, enrollment), 2 wrong command line.
`;

const VALUE_FLAGS = ['--server', '--data', '--port', '--balance', '--balance-id', '--ph-meter', '--scanner', '--printer', '--enroll-code', '--auto-lock-minutes'] as const;
/** Flags given once per device. */
const REPEATABLE = ['--balance', '--ph-meter', '--scanner'];
const BOOLEAN_FLAGS = ['--browser', '--allow-insecure-http', '--help'] as const;

/** Parses the command line; a refusal is one line for the operator (the caller exits 2). */
export function parseKioskArgs(argv: readonly string[]): { ok: true; args: KioskArgs } | { ok: false; message: string } {
  const values = new Map<string, string>();
  const repeated = new Map<string, string[]>(REPEATABLE.map((name) => [name, []]));
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const eq = token.indexOf('=');
    const name = token.startsWith('--') && eq > 0 ? token.slice(0, eq) : token;
    if ((BOOLEAN_FLAGS as readonly string[]).includes(name)) {
      if (eq > 0) return { ok: false, message: `${name} takes no value` };
      flags.add(name);
      continue;
    }
    if (!(VALUE_FLAGS as readonly string[]).includes(name)) {
      return { ok: false, message: `unknown ${token.startsWith('-') ? 'flag' : 'argument'} ${JSON.stringify(token)} (see --help)` };
    }
    const value = eq > 0 ? token.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) return { ok: false, message: `${name} needs a value (see --help)` };
    const list = repeated.get(name);
    if (list) list.push(value);
    else values.set(name, value);
  }

  const serverUrl = values.get('--server') ?? 'http://localhost:8080';
  try {
    const url = new URL(serverUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, message: `--server ${serverUrl} must be an http:// or https:// URL` };
    // Records, PINs' verifiers and master data travel on this link: in the clear only on this machine or when asked.
    if (url.protocol === 'http:' && !LOOPBACK_HOST.test(url.hostname) && !flags.has('--allow-insecure-http')) {
      return { ok: false, message: `--server ${serverUrl} is plain http to another machine; use https:// or add --allow-insecure-http` };
    }
  } catch {
    return { ok: false, message: `--server ${JSON.stringify(serverUrl)} is not a URL, e.g. http://localhost:8080` };
  }

  const portText = values.get('--port') ?? '0';
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) return { ok: false, message: `--port ${JSON.stringify(portText)} must be 0 or a port number up to 65535` };

  const lockText = values.get('--auto-lock-minutes') ?? '5';
  const autoLockMinutes = /^\d{1,3}$/.test(lockText) ? Number(lockText) : NaN;
  if (!(autoLockMinutes >= 1 && autoLockMinutes <= 480)) {
    return { ok: false, message: `--auto-lock-minutes ${JSON.stringify(lockText)} must be a whole number of minutes from 1 to 480` };
  }

  const enrollCode = values.get('--enroll-code') ?? null;
  if (enrollCode !== null) {
    const parts = parseEnrollmentCode(enrollCode);
    if (!parts.ok) return { ok: false, message: `--enroll-code: ${parts.message}` };
    if (parts.value.serverKeyFingerprint === null) {
      return { ok: false, message: '--enroll-code carries no server key fingerprint: pass it as CODE@fingerprint, exactly as the admin API gives it, so the kiosk can check it talks to the right server' };
    }
  }

  const devices = parseDevices(repeated.get('--balance') ?? [], values.get('--balance-id'), repeated.get('--ph-meter') ?? [], repeated.get('--scanner') ?? []);
  if (!devices.ok) return devices;
  const printerText = values.get('--printer');
  const printer = printerText === undefined ? null : parsePrinterSpec(printerText);
  if (printer !== null && !printer.ok) return printer;

  return {
    ok: true,
    args: {
      serverUrl,
      dataDir: values.get('--data') ?? './data/kiosk-1',
      browser: flags.has('--browser'),
      port,
      autoLockMinutes,
      ...devices.value,
      printer: printer?.value ?? null,
      enrollCode,
      help: flags.has('--help'),
    },
  };
}

function parseDevices(
  balanceTexts: readonly string[],
  balanceIdFlag: string | undefined,
  phTexts: readonly string[],
  scannerTexts: readonly string[],
): { ok: true; value: Pick<KioskArgs, 'balances' | 'phMeters' | 'scanners'> } | { ok: false; message: string } {
  const balances: BalanceSpec[] = [];
  for (const text of balanceTexts) {
    const parsed = parseBalanceSpec(text);
    if (!parsed.ok) return parsed;
    const { balanceId, ...rest } = parsed.value;
    if (balanceId !== null) {
      balances.push({ ...rest, balanceId });
      continue;
    }
    // Without =<id> only one balance can be meant: otherwise two would share an id.
    if (balanceTexts.length > 1) return { ok: false, message: `--balance ${JSON.stringify(text)} needs =<equipment id> when several balances are given, e.g. ${text}=BAL-02` };
    balances.push({ ...rest, balanceId: balanceIdFlag ?? 'BAL-01' });
  }
  if (balanceIdFlag !== undefined && (balanceTexts.length !== 1 || balances[0]?.balanceId !== balanceIdFlag || balanceTexts[0]?.includes('='))) {
    return { ok: false, message: balanceTexts.length === 0 ? '--balance-id needs --balance <driver>:<port> as well' : '--balance-id names a single --balance given without =<id>; write --balance <driver>:<port>=<id> instead' };
  }
  const phMeters: PhMeterSpec[] = [];
  for (const text of phTexts) {
    const parsed = parsePhMeterSpec(text);
    if (!parsed.ok) return parsed;
    phMeters.push(parsed.value);
  }
  const scanners: ScannerSpec[] = [];
  for (const text of scannerTexts) {
    const parsed = parseScannerSpec(text);
    if (!parsed.ok) return parsed;
    scanners.push(parsed.value);
  }
  // One id, one instrument; one port, one driver (two drivers on a port would steal each other's bytes).
  const all = [...balances.map((b) => ({ id: b.balanceId, path: b.path })), ...phMeters.map((m) => ({ id: m.meterId, path: m.path })), ...scanners.map((s) => ({ id: s.scannerId, path: s.path }))];
  for (const [i, device] of all.entries()) {
    const earlier = all.slice(0, i);
    if (earlier.some((d) => d.id === device.id)) return { ok: false, message: `equipment id ${device.id} is given to two devices; each device needs its own id` };
    if (earlier.some((d) => d.path === device.path)) return { ok: false, message: `port ${device.path} is given to two devices; each device needs its own port` };
  }
  return { ok: true, value: { balances, phMeters, scanners } };
}
