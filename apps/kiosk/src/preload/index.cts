// Sandboxed preloads cannot be ESM and cannot load our files: this one exposes the typed KioskApi only.
import electron = require('electron');
import type { CommandName, EventName, KioskApi, KioskCommands, KioskEvents } from '../shared/api.js';

const EVENTS: readonly EventName[] = ['weight', 'device-status', 'sync-status', 'record-appended', 'scan', 'state'];

const api: KioskApi = {
  call<K extends CommandName>(command: K, request: KioskCommands[K]['request']): Promise<KioskCommands[K]['response']> {
    return electron.ipcRenderer.invoke('kiosk:call', command, request) as Promise<KioskCommands[K]['response']>;
  },
  on<E extends EventName>(event: E, listener: (data: KioskEvents[E]) => void): () => void {
    if (!EVENTS.includes(event)) throw new Error(`no kiosk event named ${String(event)}`);
    const handler = (_event: unknown, name: EventName, data: unknown) => {
      if (name === event) listener(data as KioskEvents[E]);
    };
    electron.ipcRenderer.on('kiosk:event', handler);
    return () => {
      electron.ipcRenderer.removeListener('kiosk:event', handler);
    };
  },
};

electron.contextBridge.exposeInMainWorld('lineside', api);
