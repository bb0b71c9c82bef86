import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createDatabase, tempDir } from '@podpis/testkit';
import { getBulkJob } from '../src/bulk/jobs.js';
import { loadConfig } from '../src/config/config.js';
import { openPostgres } from '../src/db/postgres.js';
import { startHrImport } from '../src/hr/import.js';
import { saveHrSource } from '../src/hr/sources.js';
import { createLogger } from '../src/logger.js';
import { startServer, type RunningServer } from '../src/server.js';
import { closedAfterEach } from './support/backends.js';
import { employee, HR_MAPPING, toCsv } from './support/hr-export.js';

describe('an HR import across a server restart', () => {
  const opened = closedAfterEach();
  const servers: RunningServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  function start(databaseUrl: string, masterKey: string): Promise<RunningServer> {
    const { config } = loadConfig({
      DATABASE_URL: databaseUrl,
      PODPIS_MASTER_KEY: masterKey,
      PODPIS_DATA_DIR: tempDir('podpis-data-'),
      PODPIS_HOST: '127.0.0.1',
      PODPIS_PORT: '0',
      PODPIS_HTTP_PORT: '0',
    });
    return startServer(config, createLogger('silent'));
  }

  it('podpis serve stopped mid-import → a new instance on the same database finishes it, no row twice', async () => {
    const url = await createDatabase(inject('postgresUrl'));
    const masterKey = randomBytes(32).toString('base64');
    const first = await start(url, masterKey);
    servers.push(first);
    const db = await openPostgres(url);
    opened.push(db);
    await saveHrSource(db, { id: '1c', mapping: HR_MAPPING }, { actor: 'operator:test' });
    const rows = Array.from({ length: 4000 }, (_, i) => employee(i + 1));
    const job = await startHrImport(
      db,
      { sourceId: '1c', file: Buffer.from(toCsv(rows)) },
      { actor: 'operator:test' },
    );

    // The first server's runner takes the job up on its next look; it is stopped after a batch or more.
    while ((await getBulkJob(db, job.id)).processed === 0)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await servers.splice(0)[0]!.close();
    const stopped = await getBulkJob(db, job.id);
    expect(stopped.status).toBe('running');
    expect(stopped.processed).toBeGreaterThan(0);
    expect(stopped.processed).toBeLessThan(4000);

    servers.push(await start(url, masterKey));
    let done = stopped;
    while (done.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 100));
      done = await getBulkJob(db, job.id);
    }
    expect(done).toMatchObject({
      status: 'completed',
      processed: 4000,
      counts: { created: 4000, skipped: 0 },
    });
    const users = await db.query<{ n: string }>("SELECT count(*) AS n FROM accounts WHERE role = 'user'");
    expect(Number(users.rows[0]!.n)).toBe(4000);
    const created = await db.query<{ n: string }>(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'user.create'",
    );
    expect(Number(created.rows[0]!.n)).toBe(4000);
  }, 180_000);
});
