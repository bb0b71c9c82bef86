import { afterEach, describe, expect, it } from 'vitest';
import {
  buildName,
  createCertificationRequest,
  generateSoftwareKey,
  keyIdentifier,
  OID,
  parseCertificate,
  verifyCertificateSignature,
} from '@podpis/pki';
import { verifyAuditLog } from '../src/ca/audit-signer.js';
import type { AuthorityContext } from '../src/ca/authorities.js';
import { issueFromCertificationRequest } from '../src/ca/certificate-lifecycle.js';
import { getCertificate, type CertificateSummary } from '../src/ca/certificates.js';
import { KEY_ALGORITHMS } from '../src/ca/key-algorithms.js';
import { PROFILE_IDS } from '../src/ca/profiles.js';
import { CA_IDS, createAuthority, type Authorities } from '../src/ca/setup.js';
import type { Db } from '../src/db/db.js';
import { registerUser } from '../src/people/users.js';
import { IVANOV_PERSON } from '../../pki/test/support/subjects.js';
import { backends } from './support/backends.js';
import { setUpTestAuthorities } from './support/authority.js';

/**
 * What makes issuance fast must not make it wrong: the issuing CA's parsed
 * certificate is kept in memory, so a CA with a new certificate and key
 * must sign with them at once; and concurrent issuances each get their
 * own serial, row and audit record in an intact chain.
 */
describe.each(backends)('issuance from PKCS#10 on $name', (backend) => {
  const opened: Db[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
  });

  async function installation(): Promise<{
    ctx: AuthorityContext;
    cas: Authorities;
    issueOne: () => Promise<string>;
    issueSummary: () => Promise<CertificateSummary>;
  }> {
    const db = await backend.open();
    opened.push(db);
    const { ctx, cas } = await setUpTestAuthorities(db, { algorithm: 'ecdsa' });
    const { user } = await registerUser(
      db,
      { scryptLogN: 10, passwordMinLength: 8 },
      { login: 'ivanov', profile: { ...IVANOV_PERSON } },
      { actor: 'operator:1' },
    );
    const issueSummary = async (): Promise<CertificateSummary> => {
      const { signer } = await generateSoftwareKey(KEY_ALGORITHMS['ecdsa-p256']);
      const request = await createCertificationRequest({
        subject: buildName([{ type: OID.commonName, value: 'ivanov' }]),
        signer,
      });
      return issueFromCertificationRequest(ctx, { userId: user.id, request }, { actor: 'operator:1' });
    };
    const issueOne = async (): Promise<string> => (await issueSummary()).serial;
    return { ctx, cas, issueOne, issueSummary };
  }

  it('the issuing CA gets a new key and certificate → the next certificate is signed with them, not a remembered one', async () => {
    const { ctx, cas, issueOne } = await installation();
    const before = parseCertificate((await getCertificate(ctx.db, await issueOne(), ctx.now())).der);
    expect(before.authorityKeyIdentifier).toEqual(
      parseCertificate(cas.issuing.certificate).subjectKeyIdentifier,
    );

    const rekeyed = await rekeyIssuingCa(ctx, cas);

    const after = parseCertificate((await getCertificate(ctx.db, await issueOne(), ctx.now())).der);
    const newCa = parseCertificate(rekeyed.certificate);
    expect(after.authorityKeyIdentifier).toEqual(newCa.subjectKeyIdentifier);
    expect(after.authorityKeyIdentifier).not.toEqual(before.authorityKeyIdentifier);
    expect(await verifyCertificateSignature(after, newCa.asn1.tbsCertificate.subjectPublicKeyInfo)).toBe(
      true,
    );
    const oldCa = parseCertificate(cas.issuing.certificate);
    expect(await verifyCertificateSignature(after, oldCa.asn1.tbsCertificate.subjectPublicKeyInfo)).toBe(
      false,
    );
  });

  it('the issuing CA is re-keyed and this process destroys its old key → the next certificate is signed with the new key', async () => {
    const { ctx, cas, issueOne } = await installation();
    await issueOne();
    const rekeyed = await rekeyIssuingCa(ctx, cas);
    await ctx.keyStore.destroy({ id: cas.issuing.keyId });
    const after = parseCertificate((await getCertificate(ctx.db, await issueOne(), ctx.now())).der);
    const newCa = parseCertificate(rekeyed.certificate);
    expect(after.authorityKeyIdentifier).toEqual(newCa.subjectKeyIdentifier);
    expect(await verifyCertificateSignature(after, newCa.asn1.tbsCertificate.subjectPublicKeyInfo)).toBe(
      true,
    );
  });

  it('the issuing CA key is destroyed elsewhere after this process signed with it → the next issuance is refused and records nothing', async () => {
    const { ctx, cas, issueOne } = await installation();
    await issueOne();
    const count = async (): Promise<number> =>
      Number(
        (
          await ctx.db.query<{ n: string }>('SELECT count(*) AS n FROM certificates WHERE purpose = $1', [
            'user',
          ])
        ).rows[0]!.n,
      );
    const before = await count();
    // As another node destroying it would: this process's key store hears nothing of it.
    await ctx.db.query('UPDATE stored_keys SET destroyed_at = now() WHERE id = $1', [cas.issuing.keyId]);
    await expect(issueOne()).rejects.toMatchObject({ code: 'KEY_DESTROYED' });
    expect(await count()).toBe(before);
  });

  it('the issuing CA is sharded after this process read it → the next certificate names its shard CRL; its key identifier is SHA-1 of the key', async () => {
    const { ctx, issueSummary } = await installation();
    const first = parseCertificate(
      (await getCertificate(ctx.db, (await issueSummary()).serial, ctx.now())).der,
    );
    expect(first.crlDistributionPoints).toEqual([ctx.urls.crl(CA_IDS.issuing)]);
    expect(first.subjectKeyIdentifier).toEqual(
      await keyIdentifier(first.asn1.tbsCertificate.subjectPublicKeyInfo),
    );
    await ctx.db.query('UPDATE certificate_authorities SET crl_shards = 4 WHERE id = $1', [CA_IDS.issuing]);
    const next = parseCertificate(
      (await getCertificate(ctx.db, (await issueSummary()).serial, ctx.now())).der,
    );
    const shards = [0, 1, 2, 3].map((shard) => ctx.urls.crlShard(CA_IDS.issuing, shard));
    expect(next.crlDistributionPoints).toHaveLength(1);
    expect(shards).toContain(next.crlDistributionPoints[0]);
  });

  it('what an issuance answers is what its row holds: serial, subject, validity, status', async () => {
    const { ctx, issueSummary } = await installation();
    const answered = await issueSummary();
    const serial = answered.serial;
    const { der, ...stored } = await getCertificate(ctx.db, serial, ctx.now());
    expect(answered).toEqual(stored);
    const { rows } = await ctx.db.query<{ details: { subject: string } }>(
      "SELECT details FROM audit_log WHERE action = 'certificate.issue' AND target = $1",
      [`certificate:${serial}`],
    );
    const info = parseCertificate(der);
    expect(info.serialNumberHex).toBe(serial);
    expect(stored).toMatchObject({
      subject: info.subjectText,
      notBefore: info.notBefore,
      notAfter: info.notAfter,
      status: 'valid',
    });
    expect(rows[0]!.details.subject).toBe(info.subjectText);
    const { rows: attributes } = await ctx.db.query<{ subject_attributes: unknown }>(
      'SELECT subject_attributes FROM certificates WHERE serial = $1',
      [serial],
    );
    expect(attributes[0]!.subject_attributes).toEqual(JSON.parse(JSON.stringify(info.subject)));
  });

  it('24 concurrent issuances → 24 serials, each with its row and one certificate.issue record, and the audit chain verifies', async () => {
    const { ctx, issueOne } = await installation();
    const serials = await Promise.all(Array.from({ length: 24 }, () => issueOne()));
    expect(new Set(serials).size).toBe(24);
    const { rows: stored } = await ctx.db.query<{ serial: string }>(
      'SELECT serial FROM certificates WHERE serial = ANY($1)',
      [serials],
    );
    expect(stored).toHaveLength(24);
    const { rows: records } = await ctx.db.query<{ target: string }>(
      "SELECT target FROM audit_log WHERE action = 'certificate.issue' AND target = ANY($1)",
      [serials.map((serial) => `certificate:${serial}`)],
    );
    expect(records.map((r) => r.target).sort()).toEqual(serials.map((s) => `certificate:${s}`).sort());
    expect(await verifyAuditLog(ctx.db)).toMatchObject({ ok: true });
  });

  it('concurrent issuances are group committed: fewer transactions than certificates, each with its row, record and event', async () => {
    const { ctx, issueOne } = await installation();
    let transactions = 0;
    const db = ctx.db;
    ctx.db = {
      ...db,
      transaction: async (work) => {
        // The first commit takes a while, as under load: the issuances signed meanwhile wait for it.
        if (++transactions === 1) await new Promise((resolve) => setTimeout(resolve, 500));
        return db.transaction(work);
      },
    };
    const serials = await Promise.all(Array.from({ length: 16 }, () => issueOne()));
    expect(transactions).toBeLessThan(16);
    const { rows: events } = await db.query<{ serial: string }>(
      "SELECT payload->'data'->>'serial' AS serial FROM outbox WHERE payload->>'type' = 'certificate.issued'",
    );
    expect(events.map((event) => event.serial).sort()).toEqual([...serials].sort());
    const { rows: records } = await db.query<{ target: string }>(
      "SELECT target FROM audit_log WHERE action = 'certificate.issue' AND target = ANY($1)",
      [serials.map((serial) => `certificate:${serial}`)],
    );
    expect(records).toHaveLength(16);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true });
  });
});

/** The same issuing CA, re-keyed: a new key and certificate from the root, put in its row. */
async function rekeyIssuingCa(
  ctx: AuthorityContext,
  cas: Authorities,
): Promise<{ keyId: string; certificate: Uint8Array }> {
  const rekeyed = await createAuthority(
    ctx,
    {
      id: 'rekeyed',
      hierarchy: 'gost',
      commonName: 'Podpis Issuing CA',
      keySpec: KEY_ALGORITHMS['ecdsa-p256'],
      profile: PROFILE_IDS.issuingCa,
      parent: cas.root,
    },
    'system',
  );
  await ctx.db.query('UPDATE certificate_authorities SET key_id = $2, certificate = $3 WHERE id = $1', [
    CA_IDS.issuing,
    rekeyed.keyId,
    rekeyed.certificate,
  ]);
  return rekeyed;
}
