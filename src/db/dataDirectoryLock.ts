import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * An exclusive lock on an embedded database directory. Two processes opening one PGlite
 * directory silently lose writes (measured: 224 of 300 rows vanished), so every process
 * that opens it — the web app, `redress import`, migrations — takes this lock first and a
 * second one is refused with a message saying who holds it.
 *
 * The lock is a file created with O_EXCL holding the owner's pid. A lock left by a process
 * that has died (kill -9, power cut) is stale and is taken over.
 */
export class DataDirectoryLockedError extends Error {
  constructor(readonly dataDir: string, readonly holderPid: number) {
    super(
      `The database in ${dataDir} is already open in another Redress process (pid ${holderPid}), ` +
        'so stop that process first, because two processes on one embedded database lose data.',
    );
    this.name = 'DataDirectoryLockedError';
  }
}

/** The data directory cannot be created or written by this user (or its disk is read-only). */
export class DataDirectoryNotWritableError extends Error {
  constructor(readonly dataDir: string, readonly reason: 'permission' | 'read-only') {
    super(
      reason === 'read-only'
        ? `The data directory ${dataDir} is on a read-only disk, so set DATA_DIR to a folder on a disk Redress can write to.`
        : `Redress may not write to its data directory ${dataDir}, so set DATA_DIR to a folder this user can write to, or give this user that folder.`,
    );
    this.name = 'DataDirectoryNotWritableError';
  }
}

/** A file-system error while preparing `dataDir`, in the words of DataDirectoryNotWritableError when it is one of those. */
export function dataDirectoryError(dataDir: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EACCES' || code === 'EPERM') return new DataDirectoryNotWritableError(dataDir, 'permission');
  if (code === 'EROFS') return new DataDirectoryNotWritableError(dataDir, 'read-only');
  return error;
}

export interface DataDirectoryLock {
  readonly path: string;
  release(): void;
}

const LOCK_FILE = 'redress.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDirectory(dataDir: string): DataDirectoryLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(path, 'utf8') === String(process.pid)) rmSync(path);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return { path, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new DataDirectoryLockedError(dataDir, holder);
      }
      if (holder === process.pid) throw new DataDirectoryLockedError(dataDir, holder);
      rmSync(path, { force: true }); // stale: its owner is gone
    }
  }
  throw new Error(`Could not take the lock on ${dataDir}`);
}
