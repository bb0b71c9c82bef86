#!/usr/bin/env node
// Makes `npm start` and `npm test` work from a fresh clone: installs the npm
// dependencies when node_modules is missing or package-lock.json changed
// since the last install, and with --system also the Debian packages the
// tests need (scripts/install-system-deps.sh, idempotent).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lockFile = join(root, 'package-lock.json');
const stampFile = join(root, 'node_modules', '.podpis-lock-hash');

const lockHash = createHash('sha256').update(readFileSync(lockFile)).digest('hex');
const installedHash = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';

if (installedHash !== lockHash) {
  console.log('podpis: installing npm dependencies (npm ci)…');
  execFileSync('npm', ['ci', '--no-fund', '--no-audit', '--loglevel=error'], { cwd: root, stdio: 'inherit' });
  writeFileSync(stampFile, `${lockHash}\n`);
}

if (process.argv.includes('--system')) {
  execFileSync('bash', [join(root, 'scripts', 'install-system-deps.sh')], { cwd: root, stdio: 'inherit' });
}
