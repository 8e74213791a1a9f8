// The read that replaces bindings-cpp's: bytes, a wait on the poller for EAGAIN, and a hang-up (0 bytes after
// the port polled readable) reported as a disconnect instead of read again for ever.
import { describe, expect, it } from 'vitest';
import { readUntilHangup } from './hangup-aware-binding.js';

type Step = number | NodeJS.ErrnoException;

function fakePort(steps: Step[]) {
  const log: string[] = [];
  const port = {
    isOpen: true,
    fd: 7 as number | null,
    poller: {
      once(_event: 'readable', callback: (error: Error | null) => void) {
        log.push('poll');
        queueMicrotask(() => callback(null));
      },
    },
  };
  const read = ((fd: number, buffer: Buffer) => {
    log.push(`read fd ${fd}`);
    const step = steps.shift();
    if (step === undefined) throw new Error('the test ran out of reads: the loop did not stop');
    if (typeof step !== 'number') return Promise.reject(step);
    buffer.fill(0x41, 0, step);
    return Promise.resolve({ bytesRead: step, buffer });
  }) as unknown as Parameters<typeof readUntilHangup>[4];
  return { port, read, log };
}

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });

describe('a serial read that notices a hang-up', () => {
  it('returns bytes, and waits on the poller (not a busy loop) while the port says EAGAIN', async () => {
    const { port, read, log } = fakePort([errno('EAGAIN'), errno('EINTR'), 3]);
    const result = await readUntilHangup(port, Buffer.alloc(8), 0, 8, read);
    expect(result.bytesRead).toBe(3);
    expect(log).toEqual(['read fd 7', 'poll', 'read fd 7', 'poll', 'read fd 7']);
  });

  it('reports a tty that reads end-of-file again after polling readable as disconnected', async () => {
    const { port, read, log } = fakePort([0, 0, 5]);
    await expect(readUntilHangup(port, Buffer.alloc(8), 0, 8, read)).rejects.toMatchObject({
      disconnect: true,
      message: expect.stringContaining('hung up'),
    });
    expect(log).toEqual(['read fd 7', 'poll', 'read fd 7']);
  });

  it('one empty read followed by data is not a hang-up', async () => {
    const { port, read } = fakePort([0, errno('EAGAIN'), 0, 2]);
    expect((await readUntilHangup(port, Buffer.alloc(8), 0, 8, read)).bytesRead).toBe(2);
  });

  it('EIO and the like are passed on (the stream closes the port as disconnected); a closed port is a cancel', async () => {
    const { port, read } = fakePort([errno('EIO')]);
    await expect(readUntilHangup(port, Buffer.alloc(8), 0, 8, read)).rejects.toMatchObject({ code: 'EIO' });
    port.isOpen = false;
    await expect(readUntilHangup(port, Buffer.alloc(8), 0, 8, read)).rejects.toMatchObject({ canceled: true });
  });
});
