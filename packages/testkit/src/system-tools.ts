import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
let ensured = false;

/**
 * Every test that needs a system tool (PostgreSQL, OpenSSL GOST engine,
 * SoftHSM2, slapd, Chromium) calls this first: it runs the project's
 * idempotent installer once per process, so a fresh machine gets the tools
 * and a prepared one pays only a dpkg-query.
 */
export function ensureSystemTools(): void {
  if (ensured) return;
  const script = join(repoRoot, 'scripts', 'install-system-deps.sh');
  execFileSync('bash', [script], { stdio: ['ignore', 'ignore', 'inherit'] });
  ensured = true;
}

/** Finds a binary of a PostgreSQL major version installed by Debian's packages. */
export function postgresBin(name: string, major = 15): string {
  const path = `/usr/lib/postgresql/${major}/bin/${name}`;
  if (!existsSync(path)) throw new Error(`PostgreSQL ${major} tool not found: ${path}`);
  return path;
}
