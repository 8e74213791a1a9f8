// serialport wrapper: explicit settings, lock, errors as values with codes, a serialised write queue.
import { SerialPort, type SerialPortOpenOptions } from 'serialport';
import type { SerialOptions } from '../balance.js';
import { hangupAwareBinding } from './hangup-aware-binding.js';

/** One for every port this process opens: the platform's binding, reporting a hung-up tty (see there). */
const binding = hangupAwareBinding();

export type TransportFailure = { ok: false; code: 'port-not-found' | 'port-locked' | 'permission-denied' | 'open-failed' | 'write-failed' | 'not-open'; message: string };

export interface SerialTransportEvents {
  data: (chunk: Buffer) => void;
  /** the port closed; `disconnected` is true when the device went away (unplug), false when we closed it */
  close: (info: { disconnected: boolean; message: string }) => void;
}

export function describeOpenError(path: string, error: Error): TransportFailure {
  const text = error.message;
  if (/No such file or directory|ENOENT/i.test(text)) return { ok: false, code: 'port-not-found', message: `Serial port ${path} does not exist` };
  if (/Cannot lock port/i.test(text)) return { ok: false, code: 'port-locked', message: `Serial port ${path} is in use by another program (Cannot lock port)` };
  if (/Permission denied|EACCES/i.test(text)) return { ok: false, code: 'permission-denied', message: `No permission to open serial port ${path} (add the user to the dialout group or fix the udev rule)` };
  return { ok: false, code: 'open-failed', message: `Serial port ${path} could not be opened: ${text}` };
}

export class SerialTransport {
  readonly path: string;
  private port: SerialPort | undefined;
  private writeChain: Promise<unknown> = Promise.resolve();
  private readonly listeners: { [K in keyof SerialTransportEvents]: Set<SerialTransportEvents[K]> } = { data: new Set(), close: new Set() };

  constructor(private readonly options: SerialOptions) {
    this.path = options.path;
  }

  get isOpen(): boolean {
    return this.port?.isOpen === true;
  }

  on<K extends keyof SerialTransportEvents>(event: K, listener: SerialTransportEvents[K]): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  open(): Promise<{ ok: true } | TransportFailure> {
    if (this.port?.isOpen === true) return Promise.resolve({ ok: true });
    if (this.path.trim() === '') return Promise.resolve({ ok: false, code: 'port-not-found', message: `no serial port given (the path is ${JSON.stringify(this.path)})` });
    let port: SerialPort;
    try {
      const settings = {
        path: this.options.path,
        baudRate: this.options.baudRate ?? 9600,
        dataBits: this.options.dataBits ?? 8,
        parity: this.options.parity ?? 'none',
        stopBits: this.options.stopBits ?? 1,
        lock: true,
        autoOpen: false,
        // SerialPort's type leaves `binding` out, but its constructor takes one over the detected binding.
        binding,
      } as const;
      port = new SerialPort(settings as SerialPortOpenOptions<typeof binding>);
    } catch (error) {
      // serialport checks its settings synchronously (e.g. a baud rate it cannot use): a failure, not a crash.
      return Promise.resolve(describeOpenError(this.path, error as Error));
    }
    return new Promise((resolve) => {
      port.open((error) => {
        if (error) {
          resolve(describeOpenError(this.path, error));
          return;
        }
        this.port = port;
        port.on('data', (chunk: Buffer) => {
          for (const listener of this.listeners.data) listener(chunk);
        });
        // 'error' after open is followed by 'close' when fatal; listening keeps it from crashing the process.
        port.on('error', () => undefined);
        port.on('close', (error: (Error & { disconnected?: boolean }) | null) => {
          if (this.port === port) this.port = undefined;
          const disconnected = error?.disconnected === true;
          const message = disconnected ? `Serial port ${this.path} disconnected (${error?.message ?? 'device gone'})` : `Serial port ${this.path} closed`;
          for (const listener of this.listeners.close) listener({ disconnected, message });
        });
        resolve({ ok: true });
      });
    });
  }

  /** Discards bytes already received but not read (stale stream lines from a previous session). */
  flush(): Promise<void> {
    const port = this.port;
    if (port === undefined) return Promise.resolve();
    return new Promise((resolve) => port.flush(() => resolve()));
  }

  /** Queued: each write completes (drained) before the next starts. */
  write(data: string | Uint8Array): Promise<{ ok: true } | TransportFailure> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data);
    const result = this.writeChain.then(
      () =>
        new Promise<{ ok: true } | TransportFailure>((resolve) => {
          const port = this.port;
          if (port === undefined || !port.isOpen) {
            resolve({ ok: false, code: 'not-open', message: `Serial port ${this.path} is not open` });
            return;
          }
          port.write(bytes, (error) => {
            if (error) {
              resolve({ ok: false, code: 'write-failed', message: `Writing to serial port ${this.path} failed: ${error.message}` });
              return;
            }
            port.drain(() => resolve({ ok: true }));
          });
        }),
    );
    this.writeChain = result;
    return result;
  }

  close(): Promise<void> {
    const port = this.port;
    if (port === undefined || !port.isOpen) return Promise.resolve();
    return new Promise((resolve) => port.close(() => resolve()));
  }
}
