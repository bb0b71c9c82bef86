import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './net.js';
import { ensureSystemTools, postgresBin } from './system-tools.js';

export interface PostgresServer {
  /** Connection URL of the server's `postgres` database (superuser, trust auth on loopback). */
  url: string;
  stop(): void;
}

/**
 * PostgreSQL refuses to run as root, so when the tests run as root the
 * server runs as the `postgres` user that Debian's package creates.
 */
function runAs(): { uid: number; gid: number; user: string } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid, user: 'postgres' };
}

function run(bin: string, args: string[], asUser: ReturnType<typeof runAs>): void {
  const command = asUser ? 'runuser' : bin;
  const fullArgs = asUser ? ['-u', asUser.user, '--', bin, ...args] : args;
  const result = spawnSync(command, fullArgs, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${bin} ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.stdout}`);
  }
}

/**
 * Starts a real, throwaway PostgreSQL 15 server: initdb in a temp dir,
 * random port on 127.0.0.1, fsync off (the data is discarded anyway).
 * `stop()` shuts it down and removes the directory.
 */
export async function startPostgres(): Promise<PostgresServer> {
  ensureSystemTools();
  const asUser = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'podpis-pg-'));
  if (asUser) chownSync(dir, asUser.uid, asUser.gid);
  const dataDir = join(dir, 'data');
  const port = await freePort();
  run(
    postgresBin('initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'],
    asUser,
  );
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  run(
    postgresBin('pg_ctl'),
    ['-D', dataDir, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start'],
    asUser,
  );
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run(postgresBin('pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], asUser);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Creates a fresh database on the server for one test (empty, or a copy of `template`) and returns its URL. */
export async function createDatabase(serverUrl: string, template?: string): Promise<string> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(
      `CREATE DATABASE ${name}${template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : ''}`,
    );
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
