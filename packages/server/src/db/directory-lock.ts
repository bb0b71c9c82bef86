import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DbError } from './errors.js';

/** Locks this process holds; a lock file with our pid that is not here was left by an earlier process with a reused pid. */
const heldByThisProcess = new Set<string>();

export interface DirectoryLock {
  release(): void;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<dir>/podpis.lock` (created exclusively, holding our pid). A lock
 * left by a process that no longer runs is taken over, so a crash does not
 * need manual cleanup.
 */
export function acquireDirectoryLock(dir: string): DirectoryLock {
  const path = join(dir, 'podpis.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldByThisProcess.add(path);
      return {
        release: () => {
          heldByThisProcess.delete(path);
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8').trim());
      const ownerRunning =
        owner === process.pid ? heldByThisProcess.has(path) : owner > 0 && processAlive(owner);
      if (Number.isInteger(owner) && ownerRunning) {
        throw new DbError('DB_LOCKED', `the embedded database in ${dir} is in use by process ${owner}`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new DbError('DB_LOCKED', `cannot lock the embedded database in ${dir}`);
}
