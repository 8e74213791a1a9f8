import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'kiosk.lock';

export interface DataFolderLock {
  readonly file: string;
  release(): void;
}

export type LockOutcome = { ok: true; lock: DataFolderLock } | { ok: false; code: 'data-folder-in-use'; message: string };

/** True while a process with this PID exists (EPERM: it exists but belongs to another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * One kiosk process per data folder: two would append to one chain with one key and fork it. The lock
 * is a file created exclusively holding our PID; a lock whose PID no longer runs (a crash, a power cut)
 * is taken over. A PID reused since by another program still holds it: then delete the file by hand.
 */
export function lockDataFolder(dataDir: string): LockOutcome {
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return {
        ok: true,
        lock: {
          file,
          release() {
            // Only our own lock: a kiosk that took over a lock it thought stale keeps its own.
            if (holderOf(file) === process.pid) unlinkSync(file);
          },
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = holderOf(file);
    if (holder !== null && holder !== process.pid && alive(holder)) {
      return { ok: false, code: 'data-folder-in-use', message: `data folder ${dataDir} is in use by another kiosk process (PID ${holder}): stop that one first` };
    }
    if (holder === process.pid) return { ok: false, code: 'data-folder-in-use', message: `data folder ${dataDir} is already open in this kiosk process (PID ${holder})` };
    // Stale (its process is gone) or unreadable: remove it and try once more; a racing starter may win.
    try {
      unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const holder = holderOf(file);
  return { ok: false, code: 'data-folder-in-use', message: `data folder ${dataDir} is in use by another kiosk process (PID ${holder ?? 'unknown'}): stop that one first` };
}
