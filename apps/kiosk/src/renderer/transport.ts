import type { ClientMessage, CommandName, EventName, KioskApi, KioskCommands, KioskEvents, ServerMessage } from '../shared/api.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    lineside?: KioskApi;
  }
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface Transport extends KioskApi {
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

/** Electron gives us window.lineside; a browser talks to the core over WebSocket with the URL token. */
export function pickTransport(): Transport {
  const electronApi = window.lineside;
  if (electronApi) {
    return { ...electronApi, call: electronApi.call, on: electronApi.on, onConnection: (listener) => (listener('open'), () => undefined) };
  }
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/ws?token=${encodeURIComponent(token)}`;
  return createWebSocketTransport(url);
}

export function createWebSocketTransport(url: string): Transport {
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  // Keys are unique per page load: a call re-sent after a reconnect is recognised by the core and run once.
  const page = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
  let retryMs = 250;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; message: ClientMessage }>();
  const eventListeners = new Map<EventName, Set<(data: unknown) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();

  function setState(next: ConnectionState) {
    state = next;
    for (const listener of connectionListeners) listener(next);
  }

  function connect() {
    setState('connecting');
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      setState('open');
      for (const { message } of pending.values()) ws.send(JSON.stringify(message));
    };
    ws.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as ServerMessage;
      if (message.t === 'event') {
        for (const listener of eventListeners.get(message.event) ?? []) listener(message.data);
        return;
      }
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(message.message));
    };
    ws.onclose = () => {
      socket = null;
      setState('closed');
      // The core restarts or the token is wrong: keep trying, slower each time.
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5_000);
    };
  }
  connect();

  return {
    call<K extends CommandName>(command: K, request: KioskCommands[K]['request']): Promise<KioskCommands[K]['response']> {
      const id = nextId++;
      const message: ClientMessage = { t: 'call', id, command, request, key: `${page}:${id}` };
      return new Promise((resolve, reject) => {
        pending.set(message.id, { resolve: resolve as (value: unknown) => void, reject, message });
        if (socket && state === 'open') socket.send(JSON.stringify(message));
      });
    },
    on<E extends EventName>(event: E, listener: (data: KioskEvents[E]) => void): () => void {
      const set = eventListeners.get(event) ?? new Set();
      eventListeners.set(event, set);
      const wrapped = listener as (data: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
  };
}
