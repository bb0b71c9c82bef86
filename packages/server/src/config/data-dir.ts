import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The data dir holds the database (password hashes and session secrets sit
 * in its WAL), the master key, the TLS key and `admin.p12`: nobody but the
 * service account may read or write any of it.
 */
const GROUP_AND_OTHERS = 0o077;

/**
 * Files the process creates are owner-only from here on. Worker threads may
 * not change the umask; a server embedded in one relies on `restrictDataDir`.
 */
export function restrictProcessUmask(): void {
  try {
    process.umask(GROUP_AND_OTHERS);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_WORKER_UNSUPPORTED_OPERATION') throw error;
  }
}

/**
 * Creates `dir` owner-only if missing and takes group and others' bits off
 * everything under it (PGlite creates its files 0666 whatever the umask).
 * Symbolic links are not followed: their targets are not the data dir's.
 * Returns the paths it changed, relative to `dir`.
 */
export function restrictDataDir(dir: string): string[] {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const changed: string[] = [];
  const visit = (path: string): void => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    if ((stat.mode & GROUP_AND_OTHERS) !== 0) {
      chmodSync(path, stat.mode & 0o700);
      changed.push(relative(dir, path) || '.');
    }
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return changed;
}
