import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createDatabase, openssl, opensslCheckOcsp, tempDir } from '@podpis/testkit';
import {
  certIdOf,
  createOcspRequest,
  OID,
  parseCertificate,
  parseCrl,
  parseOcspResponse,
  verifyCertificateSignature,
  verifyCrlSignature,
} from '@podpis/pki';
import { verifyAuditLog } from '../src/ca/audit-signer.js';
import type { AuthorityContext } from '../src/ca/authorities.js';
import {
  changeStatusInTransaction,
  deleteCertificate,
  getCertificate,
  issueUserCertificate,
  latestCrl,
  listCertificates,
  publishCrl,
  resumeCertificate,
  revokeCertificate,
  suspendCertificate,
} from '../src/ca/certificates.js';
import { signDueAuditCheckpoint } from '../src/ca/audit-checkpoints.js';
import { OcspResponder } from '../src/ca/ocsp-responder.js';
import { pkiUrls } from '../src/ca/pki-urls.js';
import { setUpAuthorities, type Authorities } from '../src/ca/setup.js';
import type { Db } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { SoftwareKeyStore } from '../src/keystore/index.js';
import { openPostgres } from '../src/db/postgres.js';
import { backends } from './support/backends.js';
import { issueIvanov, setUpTestAuthorities, TEST_ACCOUNT } from './support/authority.js';
import { IVANOV } from '../../pki/test/support/subjects.js';
import { asRestProblem, restRejection } from './support/domain-errors.js';
import { toPem as pem } from '../src/ca/pem.js';

const ACCOUNT = TEST_ACCOUNT;

describe.each(backends)('certification authority on $name', (backend) => {
  let clock = new Date('2026-11-28T12:00:00Z');
  const opened: Db[] = [];
  const responders: OcspResponder[] = [];
  afterEach(async () => {
    // Responders hold a LISTEN connection, released before the database closes.
    await Promise.all(responders.splice(0).map((r) => r.close()));
    await Promise.all(opened.splice(0).map((db) => db.close()));
  });

  async function context(): Promise<{ ctx: AuthorityContext; cas: Authorities }> {
    const db = await backend.open();
    opened.push(db);
    clock = new Date('2026-11-28T12:00:00Z');
    return setUpTestAuthorities(db, { now: () => clock });
  }

  it('operator issues a qualified certificate → OpenSSL verifies the chain → revoke → the CRL lists it and OpenSSL agrees', async () => {
    const { ctx, cas } = await context();
    const issued = await issueIvanov(ctx, cas, 365);
    expect(issued).toMatchObject({ status: 'valid', accountId: ACCOUNT, purpose: 'qualified' });
    expect(issued.subject).toContain('CN=Иванов Иван Иванович');
    const { der } = await getCertificate(ctx.db, issued.serial, clock);
    const cert = parseCertificate(der);
    expect(cert.crlDistributionPoints).toEqual(['http://localhost:8080/pki/crl/issuing.crl']);
    expect(cert.ocspUrls).toEqual(['http://localhost:8080/pki/ocsp']);

    const dir = tempDir();
    writeFileSync(join(dir, 'root.pem'), pem('CERTIFICATE', cas.root.certificate));
    writeFileSync(join(dir, 'issuing.pem'), pem('CERTIFICATE', cas.issuing.certificate));
    writeFileSync(join(dir, 'user.pem'), pem('CERTIFICATE', der));
    const at = String(Math.floor(clock.getTime() / 1000) + 60);
    const chain = ['-attime', at, '-CAfile', join(dir, 'root.pem'), '-untrusted', join(dir, 'issuing.pem')];
    expect(openssl(['verify', ...chain, join(dir, 'user.pem')]).stdout.toString()).toContain('OK');

    await revokeCertificate(ctx, issued.serial, { actor: 'operator:1', reason: 'keyCompromise' });
    const crl = await publishCrl(ctx, cas.issuing.id, { actor: 'system' });
    const parsed = parseCrl(crl.der);
    expect(parsed.isRevoked(issued.serial)).toBe(true);
    expect(
      await verifyCrlSignature(
        parsed,
        parseCertificate(cas.issuing.certificate).asn1.tbsCertificate.subjectPublicKeyInfo,
      ),
    ).toBe(true);
    writeFileSync(join(dir, 'issuing.crl'), pem('X509 CRL', crl.der));
    const rootCrl = await publishCrl(ctx, cas.root.id, { actor: 'system' });
    writeFileSync(join(dir, 'root.crl'), pem('X509 CRL', rootCrl.der));
    writeFileSync(join(dir, 'crls.pem'), pem('X509 CRL', crl.der) + pem('X509 CRL', rootCrl.der));
    let verdict = '';
    try {
      openssl([
        'verify',
        ...chain,
        '-crl_check_all',
        '-CRLfile',
        join(dir, 'crls.pem'),
        join(dir, 'user.pem'),
      ]);
    } catch (error) {
      verdict = String(error);
    }
    expect(verdict).toContain('certificate revoked');
    expect((await latestCrl(ctx.db, cas.issuing.id))?.number).toBe(crl.number);
    expect(await verifyAuditLog(ctx.db)).toMatchObject({ ok: true });
  });

  it('two concurrent revocations: one succeeds, the other gets CERT_ALREADY_REVOKED', async () => {
    const { ctx, cas } = await context();
    const issued = await issueIvanov(ctx, cas);
    const results = await Promise.allSettled([
      revokeCertificate(ctx, issued.serial, { actor: 'operator:1', reason: 'superseded' }),
      revokeCertificate(ctx, issued.serial, { actor: 'operator:2', reason: 'keyCompromise' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(asRestProblem(rejected?.reason)).toMatchObject({ code: 'CERT_ALREADY_REVOKED', status: 409 });
    const revocations = await ctx.db.query(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'certificate.revoke'",
    );
    expect(revocations.rows).toEqual([{ n: 1 }]);
  });

  it('suspend → CRL says certificateHold → resume → off the CRL; delete only when no longer valid', async () => {
    const { ctx, cas } = await context();
    const issued = await issueIvanov(ctx, cas);
    expect((await suspendCertificate(ctx, issued.serial, { actor: 'operator:1' })).status).toBe('suspended');
    await expect(suspendCertificate(ctx, issued.serial, { actor: 'operator:1' })).rejects.toMatchObject({
      code: 'CERT_ALREADY_SUSPENDED',
    });
    let crl = parseCrl((await publishCrl(ctx, cas.issuing.id)).der);
    expect(crl.findEntry(issued.serial)?.reason).toBe('certificateHold');
    expect((await resumeCertificate(ctx, issued.serial, { actor: 'operator:1' })).status).toBe('valid');
    await expect(resumeCertificate(ctx, issued.serial, { actor: 'operator:1' })).rejects.toMatchObject({
      code: 'CERT_NOT_SUSPENDED',
    });
    crl = parseCrl((await publishCrl(ctx, cas.issuing.id)).der);
    expect(crl.isRevoked(issued.serial)).toBe(false);
    // Complete and delta CRLs share one number sequence, and each status change publishes a pair through
    // the outbox: suspend 1+2, publish 3+4, resume 5+6, then this one 7.
    expect(crl.crlNumber).toBe(7n);

    await expect(deleteCertificate(ctx, issued.serial, { actor: 'operator:1' })).rejects.toMatchObject({
      code: 'CERT_STILL_VALID',
    });
    await revokeCertificate(ctx, issued.serial, { actor: 'operator:1', reason: 'cessationOfOperation' });
    await deleteCertificate(ctx, issued.serial, { actor: 'operator:1' });
    expect(await listCertificates(ctx.db, { accountId: ACCOUNT }, clock)).toEqual([]);
    // Deleted but not expired: still on the CRL.
    expect(parseCrl((await publishCrl(ctx, cas.issuing.id)).der).isRevoked(issued.serial)).toBe(true);
  });

  it('an expired certificate shows as expired and cannot be revoked', async () => {
    const { ctx, cas } = await context();
    const issued = await issueIvanov(ctx, cas, 1);
    clock = new Date(clock.getTime() + 2 * 24 * 3600 * 1000);
    expect((await getCertificate(ctx.db, issued.serial, clock)).status).toBe('expired');
    await expect(revokeCertificate(ctx, issued.serial, { actor: 'operator:1' })).rejects.toMatchObject({
      code: 'CERT_EXPIRED',
    });
    await deleteCertificate(ctx, issued.serial, { actor: 'operator:1' });
  });

  it('an invalid profile is refused with every field and leaves no key, certificate or audit record', async () => {
    const { ctx } = await context();
    const before = await ctx.db.query(
      'SELECT (SELECT count(*) FROM certificates)::int AS certs, (SELECT count(*) FROM audit_log)::int AS audit',
    );
    const error = await issueUserCertificate(ctx, {
      accountId: ACCOUNT,
      subject: { ...IVANOV, snils: '112-233-445 96', inn: '123' },
      keySpec: { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' },
      pin: '12345678',
      validityDays: 30,
      actor: 'operator:1',
    }).catch((e: unknown) => e);
    expect(asRestProblem(error)).toMatchObject({ code: 'PROFILE_INVALID', status: 422 });
    expect(
      (error as { details: { errors: { field: string }[] } }).details.errors.map((e) => e.field).sort(),
    ).toEqual(['inn', 'snils']);
    const after = await ctx.db.query(
      'SELECT (SELECT count(*) FROM certificates)::int AS certs, (SELECT count(*) FROM audit_log)::int AS audit',
    );
    expect(after.rows).toEqual(before.rows);
    const userKeys = await ctx.db.query(
      "SELECT count(*)::int AS n FROM stored_keys WHERE owner LIKE 'user:%'",
    );
    expect(userKeys.rows).toEqual([{ n: 0 }]);
  });

  it('OCSP: openssl asks → good; suspend → revoked (certificateHold); resume → good; revoke → revoked; unknown; garbage', async () => {
    const { ctx, cas } = await context();
    // OpenSSL checks thisUpdate/nextUpdate against the real clock, so this test runs on it.
    clock = new Date();
    const issued = await issueIvanov(ctx, cas);
    const responder = new OcspResponder(ctx);
    await responder.start();
    responders.push(responder);
    const dir = tempDir();
    writeFileSync(join(dir, 'root.pem'), pem('CERTIFICATE', cas.root.certificate));
    writeFileSync(join(dir, 'issuing.pem'), pem('CERTIFICATE', cas.issuing.certificate));
    writeFileSync(
      join(dir, 'user.pem'),
      pem('CERTIFICATE', (await getCertificate(ctx.db, issued.serial, clock)).der),
    );
    const ask = async (nonce: boolean): Promise<string> => {
      const request = openssl([
        'ocsp',
        '-issuer',
        join(dir, 'issuing.pem'),
        '-cert',
        join(dir, 'user.pem'),
        ...(nonce ? [] : ['-no_nonce']),
        '-reqout',
        '-',
      ]).stdout;
      writeFileSync(join(dir, 'req.der'), request);
      writeFileSync(join(dir, 'resp.der'), await responder.respond(new Uint8Array(request)));
      // With -reqin OpenSSL also checks that the response echoes the request's nonce.
      const out = opensslCheckOcsp({
        request: join(dir, 'req.der'),
        response: join(dir, 'resp.der'),
        caFile: join(dir, 'root.pem'),
        verifyOther: join(dir, 'issuing.pem'),
      });
      expect(out.stderr).toContain('Response verify OK');
      return out.stdout.toString();
    };
    expect(await ask(false)).toContain('Cert Status: good');
    expect(await ask(true)).toContain('Cert Status: good');
    clock = new Date(clock.getTime() + 1000);
    await suspendCertificate(ctx, issued.serial, { actor: 'operator:1' });
    const suspended = await ask(false);
    expect(suspended).toContain('Cert Status: revoked');
    expect(suspended).toMatch(/Revocation Reason: certificateHold/);
    clock = new Date(clock.getTime() + 1000);
    await resumeCertificate(ctx, issued.serial, { actor: 'operator:1' });
    expect(await ask(false)).toContain('Cert Status: good');
    clock = new Date(clock.getTime() + 1000);
    await revokeCertificate(ctx, issued.serial, { actor: 'operator:1', reason: 'keyCompromise' });
    const revoked = await ask(false);
    expect(revoked).toContain('Cert Status: revoked');
    expect(revoked).toMatch(/Revocation Reason: keyCompromise/);

    const malformed = parseOcspResponse(await responder.respond(new Uint8Array([0x30, 0x03, 0x02, 0x01])));
    expect(malformed.status).toBe('malformedRequest');
    const unknownRequest = createOcspRequest({
      certIds: [
        {
          ...(await certIdOf(
            parseCertificate(cas.issuing.certificate),
            parseCertificate(cas.root.certificate),
          )),
          serialNumberHex: '0badc0de',
        },
      ],
    });
    const foreign = createOcspRequest({
      certIds: [
        {
          hashAlgorithm: OID.sha1,
          issuerNameHash: new Uint8Array(20),
          issuerKeyHash: new Uint8Array(20),
          serialNumberHex: '01',
        },
      ],
    });
    const unknown = parseOcspResponse(await responder.respond(unknownRequest));
    expect(unknown.status === 'successful' && unknown.responses[0]?.status).toBe('unknown');
    expect(parseOcspResponse(await responder.respond(foreign)).status).toBe('unauthorized');
  });

  it('the audit key signs a checkpoint when the log grew, and the chain with it verifies', async () => {
    const { ctx, cas } = await context();
    const checkpoint = await signDueAuditCheckpoint(ctx);
    const head = await ctx.db.query<{ seq: string | number }>('SELECT count(*) AS seq FROM audit_log');
    expect(checkpoint?.seq).toBe(Number(head.rows[0]?.seq));
    expect(await signDueAuditCheckpoint(ctx)).toBeUndefined(); // nothing new since
    const stored = await ctx.db.query<{ signer_certificate: Uint8Array }>(
      'SELECT signer_certificate FROM audit_checkpoints',
    );
    const signerCertificate = parseCertificate(new Uint8Array(stored.rows[0]!.signer_certificate));
    expect(signerCertificate.subjectText).toContain('Audit log signer');
    const issuing = parseCertificate(cas.issuing.certificate);
    expect(
      await verifyCertificateSignature(signerCertificate, issuing.asn1.tbsCertificate.subjectPublicKeyInfo),
    ).toBe(true);
    expect(await verifyAuditLog(ctx.db)).toMatchObject({ ok: true });
  });

  it('unknown serials and CAs get clear codes', async () => {
    const { ctx } = await context();
    expect(await restRejection(revokeCertificate(ctx, 'abcdef', { actor: 'operator:1' }))).toMatchObject({
      code: 'CERT_NOT_FOUND',
      status: 404,
    });
    await expect(revokeCertificate(ctx, 'not hex!', { actor: 'operator:1' })).rejects.toMatchObject({
      code: 'SERIAL_INVALID',
    });
    await expect(publishCrl(ctx, 'nope')).rejects.toMatchObject({ code: 'CA_NOT_FOUND' });
  });
});

describe('OCSP on two nodes over one PostgreSQL database', () => {
  let clock = new Date();
  const opened: Db[] = [];
  const responders: OcspResponder[] = [];
  afterEach(async () => {
    await Promise.all(responders.splice(0).map((r) => r.close()));
    await Promise.all(opened.splice(0).map((db) => db.close()));
  });

  it("OCSP on two nodes: a revocation on one drops the other node's cached answer at once", async () => {
    // Two nodes: two connection pools on one PostgreSQL database, one master key.
    const url = await createDatabase(inject('postgresUrl'));
    const [nodeA, nodeB] = [await openPostgres(url), await openPostgres(url)];
    opened.push(nodeA, nodeB);
    await migrate(nodeA);
    const masterKey = randomBytes(32);
    clock = new Date();
    const contextOf = (db: Db): AuthorityContext => ({
      db,
      keyStore: new SoftwareKeyStore({ db, masterKey }),
      urls: pkiUrls('http://localhost:8080'),
      now: () => clock,
    });
    const ctx = contextOf(nodeA);
    const ctxB = contextOf(nodeB);
    const cas = await setUpAuthorities(ctx, 'gost256', 'system');
    const issued = await issueIvanov(ctx, cas);
    const responderB = new OcspResponder(ctxB);
    await responderB.start();
    responders.push(responderB);
    const issuing = parseCertificate(cas.issuing.certificate);
    const certId = await certIdOf(
      parseCertificate((await getCertificate(ctx.db, issued.serial, clock)).der),
      issuing,
    );
    const request = createOcspRequest({ certIds: [certId] });
    const statusOf = async (): Promise<unknown> => {
      const response = parseOcspResponse(await responderB.respond(request));
      return response.status === 'successful' ? response.responses[0]?.status : response.status;
    };
    expect(await statusOf()).toBe('good');
    expect(await statusOf()).toBe('good'); // now answered from node B's cache
    // Straight through the transaction, so only PostgreSQL's NOTIFY (not this process's event) reaches node B.
    await nodeA.transaction((tx) =>
      changeStatusInTransaction(
        tx,
        issued.serial,
        'revoke',
        { actor: 'operator:1', reason: 'keyCompromise' },
        clock,
      ),
    );
    await expect.poll(statusOf, { timeout: 5000 }).toMatchObject({ revoked: { reason: 'keyCompromise' } });
  });
});
