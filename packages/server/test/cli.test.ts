import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createDatabase, tempDir, waitFor } from '@podpis/testkit';
import { readMigrations } from '../src/db/migrate.js';
import { openPostgres } from '../src/db/postgres.js';
import { CLI_ENTRY, exitCode, runCli, runCliProcess, spawnTs, waitForLine } from './support/cli.js';
import { httpsRequest } from './support/https.js';

const shipped = readMigrations();
const SLOW_SERVER = fileURLToPath(new URL('./fixtures/slow-server.ts', import.meta.url));
const children: ReturnType<typeof spawnTs>[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function start(entry: string, env: Record<string, string>): ReturnType<typeof spawnTs> {
  const child = spawnTs(entry, entry === CLI_ENTRY ? ['serve'] : [], { PODPIS_PORT: '0', ...env });
  children.push(child);
  return child;
}

/** How many handles and requests of each kind keep the process alive (a vitest timer may end meanwhile). */
function openResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

describe('podpis CLI', () => {
  // The binary itself (main.ts) in the first two tests; most others, here and in other files, run in-process.
  it('--version prints the version and exits 0; --help lists commands, variables and exit codes', async () => {
    const version = await runCliProcess(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const text of ['serve', 'migrate', 'DATABASE_URL', 'PODPIS_PORT', 'Exit codes'])
      expect(help.stdout).toContain(text);
  });

  it('exits 2 on an unknown command or option', async () => {
    expect((await runCliProcess(['frobnicate'])).code).toBe(2);
    const badOption = await runCliProcess(['serve', '--colour']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("unknown option '--colour'");
  });

  it('exits 2 with one line naming the variable on invalid configuration', async () => {
    const result = await runCli(['migrate'], { PODPIS_LOG_LEVEL: 'loud' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'podpis: invalid PODPIS_LOG_LEVEL="loud": expected one of fatal, error, warn, info, debug, trace, silent\n',
    );
  });

  it('exits 1 with a clear message when the database is unreachable', async () => {
    const result = await runCli(['migrate'], { DATABASE_URL: 'postgres://podpis:pw@127.0.0.1:1/podpis' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^podpis: cannot connect to the PostgreSQL server in DATABASE_URL: .*\[DB_UNREACHABLE\]\n$/,
    );
  });

  it('a command run in-process keeps its output and exit code to itself and leaves nothing open', async () => {
    // The program loaded first, so that what its modules hold open at load is counted before the runs.
    expect((await runCli(['--version'])).stdout).toBe('0.1.0\n');
    const openBefore = openResources();
    const signalListeners = process.listenerCount('SIGTERM') + process.listenerCount('SIGINT');
    const dataDir = tempDir('podpis-data-');
    const [unknown, migrated] = await Promise.all([
      runCli(['frobnicate']),
      runCli(['migrate'], { PODPIS_DATA_DIR: dataDir }),
    ]);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    expect(migrated).toMatchObject({ code: 0, stderr: '' });
    expect(migrated.stdout).toMatch(/^applied \d+ migration/);
    expect(process.exitCode).toBeUndefined();
    expect(process.listenerCount('SIGTERM') + process.listenerCount('SIGINT')).toBe(signalListeners);
    // The database closed: its lock released, no handle left (a timer or socket would show here).
    expect(existsSync(join(dataDir, 'pglite', 'podpis.lock'))).toBe(false);
    for (const [kind, count] of openResources())
      expect(count, `${kind} open`).toBeLessThanOrEqual(openBefore.get(kind) ?? 0);
  });

  it('migrate applies the migrations to the embedded database, then finds it up to date', async () => {
    const env = { PODPIS_DATA_DIR: tempDir('podpis-data-') };
    const first = await runCli(['migrate'], env);
    expect(first.code).toBe(0);
    const names = shipped.map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`).join(', ');
    expect(first.stdout).toBe(
      `applied ${shipped.length} migration(s) to embedded PGlite in ${env.PODPIS_DATA_DIR}/pglite: ${names}\n`,
    );
    const second = await runCli(['migrate'], env);
    expect(second.stdout).toContain(`is up to date (${shipped.length} migration(s))`);
  });

  it('two migrate processes started together on one PostgreSQL database apply each migration once', async () => {
    const url = await createDatabase(inject('postgresUrl'));
    const results = await Promise.all([
      runCliProcess(['migrate'], { DATABASE_URL: url }),
      runCliProcess(['migrate'], { DATABASE_URL: url }),
    ]);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    expect(results.filter((r) => r.stdout.startsWith(`applied ${shipped.length} migration`))).toHaveLength(1);
    const db = await openPostgres(url);
    try {
      const versions = await db.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(versions.rows).toEqual(shipped.map((m) => ({ version: m.version })));
      expect((await db.query('SELECT count(*)::int AS n FROM installation')).rows).toEqual([{ n: 1 }]);
    } finally {
      await db.close();
    }
  });
});

describe('podpis serve', () => {
  it('serves HTTPS with a self-signed certificate valid for localhost, on PGlite, and stops cleanly on SIGTERM', async () => {
    const dataDir = tempDir('podpis-data-');
    const child = start(CLI_ENTRY, { PODPIS_DATA_DIR: dataDir });
    const [, url] = await waitForLine(child, /is running at (https:\/\/localhost:\d+)/);
    const ca = readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8');
    const health = await httpsRequest(`${url!}/health`, { ca });
    expect(health.status).toBe(200);
    const ready = await httpsRequest(`${url!}/ready`, { ca });
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'ready', database: 'pglite' });
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);

    // The second start reuses the certificate and the database.
    const again = start(CLI_ENTRY, { PODPIS_DATA_DIR: dataDir });
    const [, url2] = await waitForLine(again, /is running at (https:\/\/localhost:\d+)/);
    expect((await httpsRequest(`${url2!}/ready`, { ca })).status).toBe(200);
    again.kill('SIGTERM');
    expect(await exitCode(again)).toBe(0);
  });

  it('serves on a PostgreSQL server given by DATABASE_URL', async () => {
    const dataDir = tempDir('podpis-data-');
    const child = start(CLI_ENTRY, {
      PODPIS_DATA_DIR: dataDir,
      DATABASE_URL: await createDatabase(inject('postgresUrl')),
    });
    const [, url] = await waitForLine(child, /is running at (https:\/\/localhost:\d+)/);
    const ca = readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8');
    const ready = await httpsRequest(`${url!}/ready`, { ca });
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'ready', database: 'postgres' });
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
  });

  it('refuses to open an embedded database another server holds', async () => {
    const dataDir = tempDir('podpis-data-');
    const first = start(CLI_ENTRY, { PODPIS_DATA_DIR: dataDir });
    await waitForLine(first, /is running at/);
    const second = await runCliProcess(['serve'], { PODPIS_DATA_DIR: dataDir, PODPIS_PORT: '0' });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/in use by process \d+ \[DB_LOCKED\]/);
    first.kill('SIGTERM');
    expect(await exitCode(first)).toBe(0);
  });

  it('lets an in-flight request finish after SIGTERM, refuses new connections, then exits 0', async () => {
    const dataDir = tempDir('podpis-data-');
    const child = start(SLOW_SERVER, { PODPIS_DATA_DIR: dataDir, SLOW_MS: '1500' });
    const [, url] = await waitForLine(child, /LISTENING (https:\/\/localhost:\d+)/);
    const ca = readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8');
    let settled = false;
    const inFlight = httpsRequest(`${url!}/slow`, { ca }).finally(() => {
      settled = true;
    });
    await waitForLine(child, /SLOW REQUEST STARTED/);
    child.kill('SIGTERM');
    await waitFor(
      async () => {
        const answer = await httpsRequest(`${url!}/health`, { ca }).then(
          (response) => `answered ${response.status}`,
          (error: unknown) => String(error),
        );
        if (!/ECONNREFUSED/.test(answer)) throw new Error(`a new connection was not refused: ${answer}`);
        return true;
      },
      { what: 'the server to refuse new connections after SIGTERM', timeoutMs: 1000 },
    );
    expect(settled, 'the slow request is still in flight when new connections are refused').toBe(false);
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ finished: true });
    expect(await exitCode(child)).toBe(0);
  });

  it('exits 1 when in-flight requests outlast the grace period', async () => {
    const dataDir = tempDir('podpis-data-');
    const child = start(SLOW_SERVER, {
      PODPIS_DATA_DIR: dataDir,
      SLOW_MS: '5000',
      PODPIS_SHUTDOWN_TIMEOUT_MS: '500',
    });
    const [, url] = await waitForLine(child, /LISTENING (https:\/\/localhost:\d+)/);
    const ca = readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8');
    const inFlight = httpsRequest(`${url!}/slow`, { ca }).catch((error: unknown) => error);
    await waitForLine(child, /SLOW REQUEST STARTED/);
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(1);
    await inFlight;
  });
});
