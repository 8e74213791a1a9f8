import WebSocket from 'ws';
import type { CommandName, KioskCommands, KioskEvents, ServerMessage, SyncStatusView } from '../../apps/kiosk/src/shared/api.js';

/** Talks to a browser-mode kiosk over its WebSocket, as the UI does: calls commands, waits on pushed events. */
export class KioskClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(event: keyof KioskEvents, data: unknown) => void>();
  lastSync: SyncStatusView | undefined;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as ServerMessage;
      if (message.t === 'result') {
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.ok) waiter?.resolve(message.value);
        else waiter?.reject(new Error(message.message));
        return;
      }
      if (message.event === 'sync-status') this.lastSync = message.data as SyncStatusView;
      if (message.event === 'state') this.lastSync = (message.data as KioskEvents['state']).sync;
      for (const listener of this.listeners) listener(message.event, message.data);
    });
  }

  static async connect(kioskUrl: string): Promise<KioskClient> {
    const url = new URL(kioskUrl);
    const socket = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new KioskClient(socket);
  }

  call<C extends CommandName>(command: C, request: KioskCommands[C]['request']): Promise<KioskCommands[C]['response']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.socket.send(JSON.stringify({ t: 'call', id, command, request }));
    });
  }

  /** Resolves with the first pushed event of that name whose data satisfies the predicate. */
  waitForEvent<E extends keyof KioskEvents>(event: E, predicate: (data: KioskEvents[E]) => boolean, timeoutMs = 20_000): Promise<KioskEvents[E]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no ${event} event satisfied the condition within ${timeoutMs} ms (last sync: ${JSON.stringify(this.lastSync)})`));
      }, timeoutMs);
      const listener = (name: keyof KioskEvents, data: unknown) => {
        if (name === event && predicate(data as KioskEvents[E])) {
          clearTimeout(timer);
          this.listeners.delete(listener);
          resolve(data as KioskEvents[E]);
        }
      };
      this.listeners.add(listener);
    });
  }

  /** Waits until the kiosk reports that the server acknowledged at least `seq`. */
  async waitForAcked(seq: number, timeoutMs = 30_000): Promise<SyncStatusView> {
    const state = await this.call('getState', {});
    if (state.sync.ackedSeq >= seq) return state.sync;
    return this.waitForEvent('sync-status', (s) => s.ackedSeq >= seq, timeoutMs);
  }

  close(): void {
    this.socket.close();
  }
}
