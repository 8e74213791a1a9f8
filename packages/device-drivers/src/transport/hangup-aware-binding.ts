// serialport's Unix binding (bindings-cpp 13) reads with `fs.read` and, when a read returns 0 bytes, reads
// again at once (unix-read.js). A tty that has been hung up returns 0 bytes on every read: after the other
// end of a pty went away (socat killed: the simulators' unplug), or after the kernel hung up a USB-serial
// adapter that was pulled. The binding then spins on the libuv thread pool for ever, the stream never sees
// an error, and the driver never hears that its instrument is gone: it keeps "connected" and offers nothing.
// Measured here: 1 run in 7 of the printer's unplug test at load 3 saw no event in 8 s, with tens of
// thousands of empty reads logged (DEBUG=serialport*).
//
// This binding keeps everything of the platform's binding but its read: a read of 0 bytes waits for the
// port to poll readable, and a second read of 0 bytes after that is a hang-up, reported as a disconnect
// (serialport's stream closes the port with `disconnected: true`, as it does for ENXIO). A port opened
// non-blocking with VMIN ≥ 1, as the binding opens it, never returns 0 bytes for "no data yet" (that is
// EAGAIN), so the only cost to a live port is none.
import { read as fsRead } from 'node:fs';
import { promisify } from 'node:util';
import { SerialPort } from 'serialport';

type AutoDetectBinding = typeof SerialPort.binding;
type BindingPort = Awaited<ReturnType<AutoDetectBinding['open']>>;
type OpenOptions = Parameters<AutoDetectBinding['open']>[0];

/** What the Unix port bindings (Linux, Darwin) expose beyond the interface: the fd and its poller. */
interface UnixPort {
  readonly isOpen: boolean;
  readonly fd: number | null;
  readonly poller?: { once(event: 'readable', callback: (error: Error | null) => void): unknown };
}

const readAsync = promisify(fsRead);

function notOpen(): Error {
  // `canceled` tells serialport's stream this is a close of ours, not a disconnect.
  return Object.assign(new Error('Port is not open'), { canceled: true });
}

function readable(port: UnixPort): Promise<void> {
  return new Promise((resolve, reject) => {
    if (port.poller === undefined) {
      reject(notOpen());
      return;
    }
    port.poller.once('readable', (error) => (error ? reject(error) : resolve()));
  });
}

const RETRY = new Set(['EAGAIN', 'EWOULDBLOCK', 'EINTR']);

/** One read that ends in bytes, a disconnect, or "not open" — never a loop without a wait. */
export async function readUntilHangup(
  port: UnixPort,
  buffer: Buffer,
  offset: number,
  length: number,
  read: typeof readAsync = readAsync,
): Promise<{ bytesRead: number; buffer: Buffer }> {
  let emptyAfterPoll = false;
  for (;;) {
    if (!port.isOpen || port.fd === null) throw notOpen();
    let bytesRead: number;
    try {
      ({ bytesRead } = await read(port.fd, buffer, offset, length, null));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (!RETRY.has(code)) throw error; // EIO, ENXIO, EBADF…: the stream closes the port as disconnected
      if (!port.isOpen) throw notOpen();
      await readable(port);
      emptyAfterPoll = false;
      continue;
    }
    if (bytesRead > 0) return { bytesRead, buffer };
    if (emptyAfterPoll) {
      throw Object.assign(new Error('the device hung up (every read returns end of file)'), { disconnect: true });
    }
    // After a close the poller is destroyed: polling it then must not happen (the binding checks the same).
    if (!port.isOpen) throw notOpen();
    await readable(port);
    emptyAfterPoll = true;
  }
}

function isUnixPort(port: object): port is UnixPort {
  return 'fd' in port && 'poller' in port;
}

/** The platform's serialport binding with a read that reports a hung-up tty instead of spinning on it. */
export function hangupAwareBinding(base: AutoDetectBinding = SerialPort.binding): AutoDetectBinding {
  return {
    ...base,
    list: () => base.list(),
    async open(options: OpenOptions): Promise<BindingPort> {
      // The detected binding's open is a union of the platforms' opens; it takes its own platform's options.
      const open = base.open.bind(base) as (options: OpenOptions) => Promise<BindingPort>;
      const port = await open(options);
      if (isUnixPort(port)) {
        const unix = port;
        Object.assign(port, {
          read: (buffer: Buffer, offset: number, length: number) => readUntilHangup(unix, buffer, offset, length),
        });
      }
      return port;
    },
  } as AutoDetectBinding;
}
