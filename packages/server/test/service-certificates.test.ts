import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createDatabase, tempDir } from '@podpis/testkit';
import { certIdOf, createOcspRequest, parseCertificate, parseOcspResponse } from '@podpis/pki';
import type { AuthorityContext } from '../src/ca/authorities.js';
import { OcspResponder } from '../src/ca/ocsp-responder.js';
import { topUpServiceCertificates } from '../src/ca/service-certificate-top-up.js';
import { pkiUrls } from '../src/ca/pki-urls.js';
import { setUpAuthorities } from '../src/ca/setup.js';
import { loadConfig } from '../src/config/config.js';
import type { Db } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { openPostgres } from '../src/db/postgres.js';
import { SoftwareKeyStore } from '../src/keystore/index.js';
import { createLogger } from '../src/logger.js';
import { startServer, type RunningServer } from '../src/server.js';
import { backends, closedAfterEach } from './support/backends.js';

const YEAR_MS = 365 * 24 * 3600 * 1000;

const opened = closedAfterEach();

/** Service certificates in force per (CA, purpose), e.g. `issuing/tsa: 1`. */
async function inForce(db: Db, at: Date): Promise<Record<string, number>> {
  const { rows } = await db.query<{ ca_id: string; purpose: string; n: number }>(
    `SELECT ca_id, purpose, count(*)::int AS n FROM certificates
     WHERE purpose IN ('ocsp', 'tsa', 'audit') AND status = 'valid' AND not_after > $1
     GROUP BY ca_id, purpose ORDER BY ca_id, purpose`,
    [at],
  );
  return Object.fromEntries(rows.map((row) => [`${row.ca_id}/${row.purpose}`, row.n]));
}

const COMPLETE = {
  'infra-root/ocsp': 1,
  'issuing/audit': 1,
  'issuing/ocsp': 1,
  'issuing/tsa': 1,
  'root/ocsp': 1,
};

describe.each(backends)('service certificates topped up at start on $name', (backend) => {
  it('a deleted TSA certificate is issued again, expired responders are replaced, each audited once', async () => {
    const db = await backend.open();
    opened.push(db);
    await migrate(db);
    const clock = { now: new Date('2026-11-28T12:00:00Z') };
    const ctx: AuthorityContext = {
      db,
      keyStore: new SoftwareKeyStore({ db, masterKey: randomBytes(32) }),
      urls: pkiUrls('http://localhost:8080'),
      now: () => clock.now,
    };
    const cas = await setUpAuthorities(ctx, 'gost256', 'system');
    const setUp = await auditHead(db);
    expect(await topUpServiceCertificates(ctx)).toEqual([]);

    // An installation from before the TSA existed.
    await db.query("DELETE FROM certificates WHERE purpose = 'tsa'");
    const [tsa, ...more] = await topUpServiceCertificates(ctx);
    expect(more).toEqual([]);
    expect(tsa).toMatchObject({ caId: 'issuing', purpose: 'tsa', reason: 'missing' });
    expect(tsa?.serial).toBe(await inForceSerial(db, 'tsa'));
    expect(await inForce(db, clock.now)).toEqual(COMPLETE);
    expect(await topUpServiceCertificates(ctx)).toEqual([]);

    // Thirteen months later the one-year OCSP responder certificates have expired.
    clock.now = new Date(clock.now.getTime() + 1.1 * YEAR_MS);
    const replaced = await topUpServiceCertificates(ctx);
    expect(replaced.map((c) => `${c.caId}/${c.purpose}:${c.reason}`)).toEqual([
      'root/ocsp:expired',
      'issuing/ocsp:expired',
      'infra-root/ocsp:expired',
    ]);
    expect(await inForce(db, clock.now)).toEqual(COMPLETE);

    // A running server renews them a month before they end (the CRL scheduler's leader calls the same top-up),
    // and its OCSP responder signs with the new one within the hour, without a restart.
    const responder = new OcspResponder(ctx);
    const request = createOcspRequest({
      certIds: [
        await certIdOf(parseCertificate(cas.issuing.certificate), parseCertificate(cas.root.certificate)),
      ],
    });
    const signedBy = async (): Promise<string> => {
      const answer = parseOcspResponse(await responder.respond(request));
      if (answer.status !== 'successful') throw new Error(`OCSP answered ${answer.status}`);
      return parseCertificate(answer.certificates[0] ?? new Uint8Array()).serialNumberHex;
    };
    clock.now = new Date(clock.now.getTime() + YEAR_MS - 10 * 24 * 3600 * 1000);
    const before = await signedBy();
    const renewed = await topUpServiceCertificates(ctx);
    expect(renewed.filter((c) => c.purpose === 'ocsp').map((c) => `${c.caId}:${c.reason}`)).toEqual([
      'root:expiring',
      'issuing:expiring',
      'infra-root:expiring',
    ]);
    expect(await signedBy()).toBe(before);
    clock.now = new Date(clock.now.getTime() + 3601_000);
    const rootResponder = renewed.find((c) => c.caId === 'root' && c.purpose === 'ocsp');
    expect(await signedBy()).toBe(rootResponder?.serial);

    // Ten days before the CAs end, the new certificates can last only as long as their CA: issued once,
    // not again on every run of the scheduler.
    clock.now = new Date(
      parseCertificate(cas.issuing.certificate).notAfter.getTime() - 10 * 24 * 3600 * 1000,
    );
    expect((await topUpServiceCertificates(ctx)).length).toBeGreaterThan(0);
    expect(await topUpServiceCertificates(ctx)).toEqual([]);

    const audit = await db.query<{ target: string; details: { purpose: string; reason?: string } }>(
      "SELECT target, details FROM audit_log WHERE action = 'certificate.issue' AND seq > $1 ORDER BY seq",
      [setUp],
    );
    expect(audit.rows.map((row) => `${row.details.purpose}:${row.details.reason ?? ''}`).slice(0, 7)).toEqual(
      [
        'tsa:missing',
        'ocsp:expired',
        'ocsp:expired',
        'ocsp:expired',
        'ocsp:expiring',
        'ocsp:expiring',
        'ocsp:expiring',
      ],
    );
    expect(audit.rows[0]?.target).toBe(`certificate:${(await inForceSerial(db, 'tsa')) ?? ''}`);
  });
});

async function auditHead(db: Db): Promise<number> {
  const { rows } = await db.query<{ seq: string | number }>(
    'SELECT coalesce(max(seq), 0) AS seq FROM audit_log',
  );
  return Number(rows[0]?.seq ?? 0);
}

async function inForceSerial(db: Db, purpose: string): Promise<string | undefined> {
  const { rows } = await db.query<{ serial: string }>(
    "SELECT serial FROM certificates WHERE purpose = $1 AND status = 'valid'",
    [purpose],
  );
  return rows[0]?.serial;
}

describe('podpis serve on two nodes over one PostgreSQL database', () => {
  const servers: RunningServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  function start(databaseUrl: string, masterKey: string, init = false): Promise<RunningServer> {
    const { config } = loadConfig({
      DATABASE_URL: databaseUrl,
      PODPIS_MASTER_KEY: masterKey,
      PODPIS_DATA_DIR: tempDir('podpis-data-'),
      PODPIS_HOST: '127.0.0.1',
      PODPIS_PORT: '0',
      PODPIS_HTTP_PORT: '0',
    });
    return startServer(config, createLogger('silent'), init ? { initIfEmpty: { algorithm: 'ecdsa' } } : {});
  }

  it('the TSA and audit certificates deleted → both nodes start together → each issued exactly once', async () => {
    const url = await createDatabase(inject('postgresUrl'));
    const masterKey = randomBytes(32).toString('base64');
    const first = await start(url, masterKey, true);
    await first.close();

    const db = await openPostgres(url);
    opened.push(db);
    await db.query("DELETE FROM certificates WHERE purpose IN ('tsa', 'audit')");
    const initialised = await auditHead(db);
    // Each node has a data dir of its own, so each also gets an HTTPS certificate: those are left out below.
    servers.push(...(await Promise.all([start(url, masterKey), start(url, masterKey)])));

    expect(await inForce(db, new Date())).toEqual(COMPLETE);
    const audit = await db.query<{ purpose: string; reason: string }>(
      `SELECT details->>'purpose' AS purpose, details->>'reason' AS reason FROM audit_log
       WHERE action = 'certificate.issue' AND seq > $1 AND details->>'purpose' <> 'server' ORDER BY seq`,
      [initialised],
    );
    expect(audit.rows).toEqual([
      { purpose: 'tsa', reason: 'missing' },
      { purpose: 'audit', reason: 'missing' },
    ]);
    const tsa = await fetch(`${servers[0]!.pkiUrl}/pki/cas`);
    expect(((await tsa.json()) as { tsaUrl?: string }[]).filter((ca) => ca.tsaUrl)).toHaveLength(1);
  });
});
