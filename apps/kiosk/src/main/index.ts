// Electron main, kept thin (STYLE.md, actualbudget/actual): a locked-down kiosk window, the core in a
// utility process, and a relay of KioskApi messages between them. No business logic here.
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, utilityProcess, type UtilityProcess } from 'electron';
import type { ServerMessage } from '../shared/api.js';
import { isCommandName } from '../shared/api.js';

const coreJs = fileURLToPath(new URL('../core/utility.js', import.meta.url));
const preloadJs = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const rendererHtml = fileURLToPath(new URL('../renderer/index.html', import.meta.url));
// Unpackaged: argv = [electron, main.js, ...flags]; packaged: [app, ...flags].
const kioskArgs = process.argv.slice(app.isPackaged ? 1 : 2);

let window: BrowserWindow | null = null;
let core: UtilityProcess | null = null;
let nextId = 1;
const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

function startCore(): UtilityProcess {
  const child = utilityProcess.fork(coreJs, kioskArgs, { serviceName: 'lineside-kiosk-core', stdio: 'inherit' });
  child.on('message', (message: ServerMessage) => {
    if (message.t === 'result') {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (!waiter) return;
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(message.message));
    } else {
      window?.webContents.send('kiosk:event', message.event, message.data);
    }
  });
  child.on('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`kiosk core exited with code ${code}`));
    pending.clear();
    core = null;
    if (code !== 0) {
      process.stderr.write(`lineside-kiosk: the kiosk core exited with code ${code}\n`);
      app.exit(1);
    }
  });
  return child;
}

ipcMain.handle('kiosk:call', (event, command: unknown, request: unknown) => {
  // Only our own window may drive the station.
  if (!window || event.sender !== window.webContents) throw new Error('kiosk commands are accepted only from the kiosk window');
  if (!isCommandName(command)) throw new Error(`no kiosk command named ${String(command)}`);
  if (!core) throw new Error('the kiosk core is not running');
  const id = nextId++;
  const running = core;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    running.postMessage({ t: 'call', id, command, request: request ?? {} });
  });
});

void app.whenReady().then(() => {
  core = startCore();
  window = new BrowserWindow({
    kiosk: true,
    backgroundColor: '#0b0f14',
    webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, preload: preloadJs },
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void window.loadFile(rendererHtml);
});

app.on('window-all-closed', () => {
  core?.kill();
  app.quit();
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    core?.kill();
    app.quit();
  });
}
