import { copyFileSync, existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { streebog256 } from '@podpis/gost';
import { certIdOf, createOcspRequest, parseCertificate, parseOcspResponse } from '@podpis/pki';
import { createDatabase, postgresBin, tempDir } from '@podpis/testkit';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { AuthorityContext } from '../src/ca/authorities.js';
import { verifyAuditLog } from '../src/ca/audit-signer.js';
import { OcspResponder } from '../src/ca/ocsp-responder.js';
import { restoreBackup } from '../src/cli/backup/restore.js';
import { loadConfig } from '../src/config/config.js';
import { pkiUrls } from '../src/ca/pki-urls.js';
import type { Db } from '../src/db/db.js';
import { openPostgres } from '../src/db/postgres.js';
import { SoftwareKeyStore } from '../src/keystore/index.js';
import { checkMasterKeyFingerprint, loadMasterKey } from '../src/keystore/master-key.js';
import { TEST_PIN, TestApi, USER_PASSWORD } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { runCli, type CliResult } from './support/cli.js';

/**
 * The restore drill of docs/deploy.md on a real PostgreSQL 15 with the
 * pg_dump, pg_restore and psql of the same major version as the server
 * the testkit starts: an installation in use is backed up while it runs,
 * broken copies of the archive are refused without leaving anything
 * behind, and the restored installation answers as the original did.
 */

const PG_BIN = dirname(postgresBin('pg_dump'));
const PASSPHRASE = 'drill: correct horse battery staple';
const opened: Db[] = [];
afterAll(async () => {
  await Promise.all(opened.map((db) => db.close()));
});

const hex = (data: Uint8Array): string => Buffer.from(streebog256(data)).toString('hex');

function podpis(args: readonly string[], env: { url: string; dir: string }): Promise<CliResult> {
  return runCli([...args, '--pg-bin', PG_BIN], { DATABASE_URL: env.url, PODPIS_DATA_DIR: env.dir });
}

/**
 * `podpis restore` in this process (the command's own function): each
 * start of the CLI costs seconds, so the refusals are checked here and
 * the CLI itself runs for the backup and the restore that succeeds.
 */
function restore(file: string, passphrase: string, env: { url: string; dir: string }, force = false) {
  const { config } = loadConfig({ DATABASE_URL: env.url, PODPIS_DATA_DIR: env.dir });
  return restoreBackup(config, {
    input: file,
    passphrase: () => Promise.resolve(passphrase),
    force,
    pgBin: PG_BIN,
  });
}

async function tableCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    );
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

/** The installation's database as a node opens it: its master key from the data directory, checked against the database. */
async function installation(url: string, dir: string): Promise<AuthorityContext> {
  const db = await openPostgres(url);
  opened.push(db);
  const masterKey = loadMasterKey({ dataDir: dir, masterKey: undefined });
  await checkMasterKeyFingerprint(db, masterKey);
  return {
    db,
    keyStore: new SoftwareKeyStore({ db, masterKey }),
    urls: pkiUrls('http://localhost:8080'),
    now: () => new Date(),
  };
}

/** Each certificate's OCSP status as the installation's responder answers it. */
async function ocspAnswers(ctx: AuthorityContext, serials: readonly string[]): Promise<unknown[]> {
  const responder = new OcspResponder(ctx);
  const issuer = await ctx.db.query<{ der: Uint8Array }>(
    "SELECT certificate AS der FROM certificate_authorities WHERE id = 'issuing'",
  );
  const answers = [];
  for (const serial of serials) {
    const { rows } = await ctx.db.query<{ der: Uint8Array }>(
      'SELECT der FROM certificates WHERE serial = $1',
      [serial],
    );
    const request = createOcspRequest({
      certIds: [await certIdOf(parseCertificate(rows[0]!.der), parseCertificate(issuer.rows[0]!.der))],
    });
    const response = parseOcspResponse(await responder.respond(request));
    answers.push(response.status === 'successful' ? response.responses[0]!.status : response.status);
  }
  await responder.close();
  return answers;
}

async function login(api: TestApi, user: string): Promise<Record<string, string>> {
  const response = await api.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { login: user, password: USER_PASSWORD },
  });
  expect(response.statusCode, response.body).toBe(200);
  return {
    cookie: String(response.headers['set-cookie']).split(';')[0]!,
    'x-csrf-token': response.json<{ csrfToken: string }>().csrfToken,
  };
}

/** Creates and confirms with the PIN a CAdES-BES signing operation → its id. */
async function sign(api: TestApi, session: Record<string, string>, serial: string, text: string) {
  const created = await api.app.inject({
    method: 'POST',
    url: '/api/v1/signing-operations',
    headers: session,
    payload: {
      certificate: serial,
      format: 'cades',
      parameters: { level: 'BES' },
      documents: [{ name: 'act.txt', digest: hex(new TextEncoder().encode(text)) }],
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ id: string }>().id;
  const confirmed = await api.app.inject({
    method: 'POST',
    url: `/api/v1/signing-operations/${id}/confirm`,
    headers: session,
    payload: { method: 'pin', pin: TEST_PIN.pin },
  });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  expect(confirmed.json<{ status: string }>().status).toBe('completed');
  return id;
}

describe('restore drill: PostgreSQL installation → encrypted backup → fresh database', () => {
  it('backs up a running installation, refuses broken copies leaving nothing behind, and the restored one answers OCSP, verifies its audit log and signs with the user’s key', async () => {
    const server = inject('postgresUrl');
    const source = { url: await createDatabase(server), dir: tempDir('podpis-drill-source-') };
    const sourceDb = await openPostgres(source.url);
    opened.push(sourceDb);
    const masterKey = loadMasterKey({ dataDir: source.dir, masterKey: undefined });
    const { ctx: sourceCtx } = await setUpTestAuthorities(sourceDb, { masterKey });
    await checkMasterKeyFingerprint(sourceDb, masterKey);
    const api = await TestApi.start(sourceCtx);
    const user = await api.registerUser('drill-holder');
    const session = await api.userSession(user);
    const kept = await api.issue(user.id, TEST_PIN);
    const revoked = await api.issue(user.id, TEST_PIN);
    const revocation = await api.operatorPost(`/api/v1/certificates/${revoked.serial}/revoke`, {
      reason: 'keyCompromise',
    });
    expect(revocation.statusCode, revocation.body).toBe(200);
    const signedBefore = await sign(api, session, kept.serial, 'Акт сверки № 1');
    const serials = [kept.serial, revoked.serial];
    const answersBefore = await ocspAnswers(sourceCtx, serials);
    expect(answersBefore[0]).toBe('good');
    expect(answersBefore[1]).toMatchObject({ revoked: { reason: 'keyCompromise' } });

    // The backup runs beside the live installation (no need to stop it).
    const files = tempDir('podpis-drill-files-');
    const passphraseFile = join(files, 'passphrase');
    writeFileSync(passphraseFile, `${PASSPHRASE}\n`, { mode: 0o600 });
    const archive = join(files, 'podpis.backup');
    const made = await podpis(
      ['backup', '--out', archive, '--passphrase-file', passphraseFile, '--json'],
      source,
    );
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const backup = JSON.parse(made.stdout) as {
      database: string;
      entries: string[];
      masterKeyFingerprint: string;
    };
    expect(backup).toMatchObject({ database: 'postgresql', entries: ['keys'], masterKeySource: 'file' });
    expect(statSync(archive).mode & 0o077).toBe(0);
    const bytes = readFileSync(archive);
    expect(bytes.includes(readFileSync(join(source.dir, 'keys', 'master.key')))).toBe(false);
    expect(bytes.includes(Buffer.from('drill-holder'))).toBe(false);
    await api.close();

    // Broken copies and a wrong passphrase: a clear error, an untouched database, no files.
    const truncated = join(files, 'truncated.backup');
    copyFileSync(archive, truncated);
    truncateSync(truncated, bytes.length - 100);
    const tampered = join(files, 'tampered.backup');
    const altered = Buffer.from(bytes);
    altered[altered.length - 200]! ^= 0x01;
    writeFileSync(tampered, altered);
    const target = { url: await createDatabase(server), dir: tempDir('podpis-drill-target-') };
    for (const [file, passphrase, code] of [
      [archive, 'not the passphrase at all', 'BACKUP_PASSPHRASE_WRONG'],
      [truncated, PASSPHRASE, 'BACKUP_TRUNCATED'],
      [tampered, PASSPHRASE, 'BACKUP_TAMPERED'],
    ] as const) {
      await expect(restore(file, passphrase, target)).rejects.toMatchObject({ code });
      expect(await tableCount(target.url)).toBe(0);
      expect(existsSync(join(target.dir, 'keys'))).toBe(false);
    }

    const restored = await podpis(['restore', '--in', archive, '--passphrase-file', passphraseFile], target);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('restored database, keys into the database and');
    expect(restored.stdout).toMatch(/audit log: OK: \d+ audit records/);
    await expect(restore(archive, PASSPHRASE, target)).rejects.toMatchObject({ code: 'INSTALLATION_EXISTS' });
    const emptyDir = { url: target.url, dir: tempDir('podpis-drill-other-') };
    await expect(restore(archive, PASSPHRASE, emptyDir)).rejects.toMatchObject({
      code: 'DATABASE_NOT_EMPTY',
    });

    // The restored installation, started as a node starts: same master key, same answers.
    const targetCtx = await installation(target.url, target.dir);
    expect(await ocspAnswers(targetCtx, serials)).toEqual(answersBefore);
    const { rows } = await targetCtx.db.query<{ status: string }>(
      'SELECT status FROM signing_operations WHERE id = $1',
      [signedBefore],
    );
    expect(rows).toEqual([{ status: 'completed' }]);
    const restoredApi = await TestApi.start(targetCtx);
    await sign(restoredApi, await login(restoredApi, user.login), kept.serial, 'Акт сверки № 2');
    await restoredApi.close();
    expect(await verifyAuditLog(targetCtx.db)).toMatchObject({ ok: true });

    // --force replaces the public schema of a database in use, in the same one transaction.
    expect(await restore(archive, PASSPHRASE, target, true)).toMatchObject({
      replaced: true,
      audit: { ok: true },
    });
    const after = await targetCtx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM signing_operations',
    );
    expect(after.rows[0]!.n).toBe(1);
  }, 420_000);
});
