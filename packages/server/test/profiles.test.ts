import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openssl, tempDir } from '@podpis/testkit';
import { buildName, generateSoftwareKey, OID, parseCertificate } from '@podpis/pki';
import type { AuthorityContext } from '../src/ca/authorities.js';
import { getCertificate } from '../src/ca/certificates.js';
import { issue } from '../src/ca/issue.js';
import { KEY_ALGORITHMS } from '../src/ca/key-algorithms.js';
import { toPem as pem } from '../src/ca/pem.js';
import {
  DEFAULT_PROFILES,
  PROFILE_IDS,
  profileRegistry,
  profilesOf,
  type CertificateProfile,
} from '../src/ca/profiles.js';
import { topUpServiceCertificates } from '../src/ca/service-certificate-top-up.js';
import { createAuthority, type Authorities } from '../src/ca/setup.js';
import { issueClientCertificate, issueTlsServerCertificate } from '../src/ca/tls-certificates.js';
import type { Db } from '../src/db/db.js';
import { migrate, readMigrations } from '../src/db/migrate.js';
import { registerOperator } from '../src/people/accounts.js';
import { TEST_PIN as PIN, TestApi } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { restRejection } from './support/domain-errors.js';
import { openEmptyTestPglite, openTestPglite } from './support/backends.js';

/** A company's own CA for its staff, beside the qualified one: ECDSA keys, no qualified identifiers. */
const EMPLOYEES_CA = 'employees';
const EMPLOYEE_ECDSA: CertificateProfile = {
  id: 'employee-ecdsa',
  title: { ru: 'Сертификат работника (ECDSA)', en: "Employee's certificate (ECDSA)" },
  issuer: { type: 'authority', authorityId: EMPLOYEES_CA },
  purpose: 'user',
  keyAlgorithms: ['ecdsa-p256'],
  validity: { defaultDays: 365, maxDays: 730 },
  keyUsage: ['digitalSignature', 'keyEncipherment'],
  extendedKeyUsage: [OID.clientAuth, OID.emailProtection],
  policies: [],
  subject: { type: 'registration' },
  extensions: {},
};

interface Problem {
  status: number;
  code: string;
  allowedKeyAlgorithms?: string[];
}

async function counts(db: Db): Promise<unknown> {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM certificates)::int AS certificates,
            (SELECT count(*) FROM audit_log)::int AS audit,
            (SELECT count(*) FROM stored_keys)::int AS keys`,
  );
  return rows[0];
}

describe('certificate profiles: one installation, a GOST qualified CA and an ECDSA employees’ CA', () => {
  let db: Db;
  let ctx: AuthorityContext;
  let cas: Authorities;
  let api: TestApi;
  const dir = tempDir('podpis-profiles-');

  beforeAll(async () => {
    db = await openTestPglite();
    ({ ctx, cas } = await setUpTestAuthorities(db));
    ctx.profiles = profileRegistry([...DEFAULT_PROFILES, EMPLOYEE_ECDSA]);
    // The employees' CA: an ECDSA P-256 subordinate of the same root, with its OCSP responder.
    await createAuthority(
      ctx,
      {
        id: EMPLOYEES_CA,
        hierarchy: 'gost',
        commonName: 'Podpis Employees CA',
        keySpec: KEY_ALGORITHMS['ecdsa-p256'],
        profile: PROFILE_IDS.issuingCa,
        parent: cas.root,
      },
      'system',
    );
    expect((await topUpServiceCertificates(ctx)).map((c) => `${c.caId}:${c.purpose}`)).toEqual([
      `${EMPLOYEES_CA}:ocsp`,
    ]);
    api = await TestApi.start(ctx);
  }, 120_000);
  afterAll(async () => {
    await api.close();
    await db.close();
  });

  /** OpenSSL's verdict on `der` up the chain `root` ← `intermediate`. */
  function verify(name: string, der: Uint8Array, intermediate: Uint8Array): string {
    writeFileSync(join(dir, 'root.pem'), pem('CERTIFICATE', cas.root.certificate));
    writeFileSync(join(dir, `${name}-ca.pem`), pem('CERTIFICATE', intermediate));
    writeFileSync(join(dir, `${name}.pem`), pem('CERTIFICATE', der));
    return openssl([
      'verify',
      '-CAfile',
      join(dir, 'root.pem'),
      '-untrusted',
      join(dir, `${name}-ca.pem`),
      join(dir, `${name}.pem`),
    ]).stdout.toString();
  }

  it('the operator issues the qualified profile from the GOST issuing CA and the employees’ profile from the ECDSA CA → OpenSSL verifies each chain', async () => {
    const user = await api.registerUser('petrova');
    const qualified = await api.issue(user.id, PIN);
    const employee = await api.issue(user.id, { ...PIN, certificateProfile: EMPLOYEE_ECDSA.id });

    const q = await getCertificate(db, qualified.serial, ctx.now());
    expect(q).toMatchObject({
      caId: cas.issuing.id,
      profile: PROFILE_IDS.qualifiedPerson,
      purpose: 'qualified',
    });
    const e = await getCertificate(db, employee.serial, ctx.now());
    expect(e).toMatchObject({ caId: EMPLOYEES_CA, profile: EMPLOYEE_ECDSA.id, purpose: 'user' });

    const qualifiedCert = parseCertificate(q.der);
    expect(qualifiedCert.publicKeyAlgorithm).toBe(OID.gost3410_2012_256);
    expect(qualifiedCert.certificatePolicies).toEqual([OID.policyKC1]);
    expect(qualifiedCert.subject.map((a) => a.type)).toEqual(expect.arrayContaining([OID.snils, OID.inn]));
    const employeeCert = parseCertificate(e.der);
    expect(employeeCert.publicKeyAlgorithm).toBe(OID.ecPublicKey);
    expect(employeeCert.certificatePolicies).toEqual([]);
    expect(employeeCert.subject.map((a) => a.type)).not.toContain(OID.snils);
    expect(employeeCert.subjectText).toContain('CN=Иванов Иван Иванович');
    // CRL, delta CRL and AIA come from the CA that signed, not from the profile.
    expect(employeeCert.crlDistributionPoints).toEqual([`http://localhost:8080/pki/crl/${EMPLOYEES_CA}.crl`]);
    expect(employeeCert.caIssuersUrls).toEqual([`http://localhost:8080/pki/ca/${EMPLOYEES_CA}.crt`]);

    const employeesCa = (
      await db.query<{ certificate: Uint8Array }>(
        'SELECT certificate FROM certificate_authorities WHERE id = $1',
        [EMPLOYEES_CA],
      )
    ).rows[0]!.certificate;
    expect(verify('qualified', q.der, cas.issuing.certificate)).toContain('OK');
    expect(verify('employee', e.der, new Uint8Array(employeesCa))).toContain('OK');

    // Both are the user's certificates, listed for the operator alike.
    const listed = await api.app.inject({
      method: 'GET',
      url: `/api/v1/users/${user.id}/certificates`,
      headers: api.operator,
    });
    expect(
      listed
        .json<{ serial: string }[]>()
        .map((c) => c.serial)
        .sort(),
    ).toEqual([qualified.serial, employee.serial].sort());
  });

  it('a key algorithm the profile does not allow, an unknown profile or one not for users is refused, leaving no key, row or audit record', async () => {
    const user = await api.registerUser('sidorova');
    const before = await counts(db);
    const refused = async (payload: Record<string, unknown>): Promise<Problem> => {
      const response = await api.operatorPost(`/api/v1/users/${user.id}/certificates`, {
        ...PIN,
        ...payload,
      });
      return response.json<Problem>();
    };

    expect(await refused({ certificateProfile: EMPLOYEE_ECDSA.id, keySpec: 'gost256' })).toMatchObject({
      status: 422,
      code: 'PROFILE_KEY_ALGORITHM_NOT_ALLOWED',
      allowedKeyAlgorithms: ['ecdsa-p256'],
    });
    expect(await refused({ certificateProfile: 'no-such-profile' })).toMatchObject({
      status: 404,
      code: 'PROFILE_NOT_FOUND',
    });
    expect(await refused({ certificateProfile: PROFILE_IDS.ocspResponder })).toMatchObject({
      status: 422,
      code: 'PROFILE_NOT_APPLICABLE',
    });

    // A PKCS#10 request with a GOST key under the ECDSA-only profile.
    const key = join(dir, 'gost.key');
    openssl(['genpkey', '-algorithm', 'gost2012_256', '-pkeyopt', 'paramset:A', '-out', key]);
    const csr = openssl(['req', '-new', '-key', key, '-subj', '/CN=Sidorova/C=RU']).stdout.toString();
    const fromRequest = await api.operatorPost(
      `/api/v1/users/${user.id}/certificates/from-request?certificateProfile=${EMPLOYEE_ECDSA.id}`,
      { csr },
    );
    expect(fromRequest.json()).toMatchObject({ status: 422, code: 'PROFILE_KEY_ALGORITHM_NOT_ALLOWED' });

    // The one issuing path refuses as well, whoever calls it: the TLS server profile certifies ECDSA P-256 only.
    const { signer } = await generateSoftwareKey(KEY_ALGORITHMS.gost256);
    expect(
      await restRejection(
        issue(
          ctx,
          profilesOf(ctx).get(PROFILE_IDS.tlsServer),
          buildName([{ type: OID.commonName, value: 'localhost' }]),
          signer.publicKeyInfo,
          { actor: 'test' },
        ),
      ),
    ).toMatchObject({ status: 422, code: 'PROFILE_KEY_ALGORITHM_NOT_ALLOWED' });

    expect(await counts(db)).toEqual(before);
  });

  it('administrators and operators read the profiles: CA, key algorithms, validity, key usage, EKU, policies; a user’s session may not', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: api.operator });
    expect(response.statusCode, response.body).toBe(200);
    const profiles = response.json<{ id: string }[]>();
    expect(profiles.map((p) => p.id)).toEqual([...DEFAULT_PROFILES, EMPLOYEE_ECDSA].map((p) => p.id));
    expect(profiles.find((p) => p.id === PROFILE_IDS.qualifiedPerson)).toEqual({
      id: 'qualified-person',
      title: {
        ru: 'Квалифицированный сертификат физического лица',
        en: 'Qualified certificate of a natural person',
      },
      issuer: { type: 'authority', authorityId: 'issuing' },
      available: true,
      purpose: 'qualified',
      keyAlgorithms: ['gost256', 'gost512', 'ecdsa-p256', 'rsa2048'],
      validity: { defaultDays: 365, maxDays: 1825 },
      keyUsage: ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment'],
      extendedKeyUsage: [
        { oid: OID.clientAuth, name: 'clientAuth' },
        { oid: OID.emailProtection, name: 'emailProtection' },
      ],
      extendedKeyUsageCritical: false,
      policies: [{ oid: OID.policyKC1, name: expect.any(String) as string }],
      ca: null,
      subject: { type: 'qualified', kind: 'person' },
      extensions: [
        { oid: OID.subjectSignTool, name: expect.any(String) as string, value: 'Podpis (cloud signature)' },
        {
          oid: OID.issuerSignTool,
          name: expect.any(String) as string,
          value: 'Podpis @podpis/gost; Podpis CA',
        },
        { oid: OID.identificationKind, name: expect.any(String) as string, value: '0' },
        { oid: OID.privateKeyUsagePeriod, name: expect.any(String) as string, value: null },
      ],
    });
    expect(profiles.find((p) => p.id === PROFILE_IDS.ocspResponder)).toMatchObject({
      issuer: { type: 'served' },
      extendedKeyUsage: [{ oid: OID.ocspSigning }],
    });

    const user = await api.registerUser('kuznetsova');
    const session = await api.userSession(user);
    const forbidden = await api.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: session });
    // Operators' and administrators' routes take a client certificate; a user's session is none.
    expect(forbidden.json()).toMatchObject({ status: 401, code: 'CLIENT_CERTIFICATE_REQUIRED' });
  });

  it('every certificate issued — CA, user, PKCS#10, renewal, OCSP, TSA, audit, TLS server and client — has exactly one certificate.issue record naming its profile', async () => {
    const user = await api.registerUser('smirnova');
    const first = await api.issue(user.id, PIN);
    const renewed = await api.operatorPost(`/api/v1/certificates/${first.serial}/renew`, PIN);
    expect(renewed.statusCode, renewed.body).toBe(201);
    const key = join(dir, 'ecdsa.key');
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
    const csr = openssl(['req', '-new', '-key', key, '-subj', '/CN=Smirnova/C=RU']).stdout.toString();
    const fromRequest = await api.operatorPost(`/api/v1/users/${user.id}/certificates/from-request`, { csr });
    expect(fromRequest.statusCode, fromRequest.body).toBe(201);
    const operator = await registerOperator(
      db,
      { login: 'operator-tls', role: 'operator' },
      { actor: 'system' },
    );
    await issueClientCertificate(ctx, { id: operator.id, login: operator.login }, 'system');
    await issueTlsServerCertificate(ctx, ['localhost', '127.0.0.1'], 'system');

    const { rows } = await db.query<{ serial: string; purpose: string; profile: string; records: string[] }>(
      `SELECT c.serial, c.purpose, c.profile,
              COALESCE(array_agg(a.details->>'profile') FILTER (WHERE a.seq IS NOT NULL), '{}') AS records
         FROM certificates c
         LEFT JOIN audit_log a ON a.action = 'certificate.issue' AND a.target = 'certificate:' || c.serial
        GROUP BY c.serial, c.purpose, c.profile`,
    );
    expect(new Set(rows.map((r) => r.purpose))).toEqual(
      new Set(['ca', 'qualified', 'user', 'client', 'server', 'ocsp', 'tsa', 'audit']),
    );
    for (const row of rows) expect(row.records, `${row.purpose} ${row.serial}`).toEqual([row.profile]);
    const records = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'certificate.issue'",
    );
    expect(records.rows[0]?.n).toBe(rows.length);
  });

  it('an ended CA issues nothing (CA_NOT_ISSUING), and the service top-up passes it by', async () => {
    // Eleven years on: the issuing, infrastructure and employees' CAs (ten years) have ended, the root (fifteen) has not.
    const later: AuthorityContext = { ...ctx, now: () => new Date(Date.now() + 11 * 365 * 86_400_000) };
    const { signer } = await generateSoftwareKey(KEY_ALGORITHMS['ecdsa-p256']);
    expect(
      await restRejection(
        issue(
          later,
          profilesOf(later).get(PROFILE_IDS.tlsServer),
          buildName([{ type: OID.commonName, value: 'localhost' }]),
          signer.publicKeyInfo,
          { actor: 'test' },
        ),
      ),
    ).toMatchObject({ status: 409, code: 'CA_NOT_ISSUING' });
    expect((await topUpServiceCertificates(later)).map((c) => `${c.caId}:${c.purpose}:${c.reason}`)).toEqual([
      'root:ocsp:expired',
    ]);
  });
});

describe('migration 0010: certificates issued before profiles', () => {
  it('get the profile of their purpose, qualified ones by the identifiers of their subject', async () => {
    const db = await openEmptyTestPglite();
    try {
      const all = readMigrations();
      await migrate(
        db,
        all.filter((m) => m.name !== 'certificate_profiles'),
      );
      await db.query(
        `INSERT INTO certificate_authorities (id, hierarchy, role, key_id, certificate, subject)
         VALUES ('root', 'gost', 'root', $1, '\\x0101', 'CN=Root'),
                ('infra-root', 'infrastructure', 'root', $2, '\\x0202', 'CN=Infra')`,
        [randomUUID(), randomUUID()],
      );
      await db.query(
        `INSERT INTO certificate_authorities (id, hierarchy, role, parent_id, key_id, certificate, subject)
         VALUES ('issuing', 'gost', 'issuing', 'root', $1, '\\x0303', 'CN=Issuing')`,
        [randomUUID()],
      );
      const insert = (serial: string, caId: string, purpose: string, attributes: string[], der?: string) =>
        db.query(
          `INSERT INTO certificates (serial, ca_id, purpose, subject, subject_attributes, not_before, not_after, der,
             sha256_fingerprint, created_by)
           VALUES ($1, $2, $3, 'CN=x', $4, now(), now() + interval '1 day', $5, $6, 'test')`,
          [
            serial,
            caId,
            purpose,
            JSON.stringify(attributes.map((type) => ({ type, value: '1' }))),
            der !== undefined ? Buffer.from(der, 'hex') : randomBytes(8),
            randomBytes(32).toString('hex'),
          ],
        );
      await insert('01', 'root', 'ca', [OID.commonName], '0101');
      await insert('02', 'infra-root', 'ca', [OID.commonName], '0202');
      await insert('0c', 'root', 'ca', [OID.commonName], '0303');
      await insert('03', 'root', 'qualified', [OID.surname, OID.snils, OID.inn]);
      await insert('04', 'root', 'qualified', [OID.surname, OID.snils, OID.innle, OID.ogrn]);
      await insert('05', 'root', 'qualified', [OID.surname, OID.snils, OID.inn, OID.ogrnip]);
      await insert('06', 'root', 'qualified', [OID.organizationName, OID.innle, OID.ogrn]);
      await insert('07', 'root', 'ocsp', [OID.commonName]);
      await insert('08', 'root', 'tsa', [OID.commonName]);
      await insert('09', 'root', 'audit', [OID.commonName]);
      await insert('0a', 'infra-root', 'client', [OID.commonName]);
      await insert('0b', 'infra-root', 'server', [OID.commonName]);

      await migrate(db, all);
      const { rows } = await db.query<{ serial: string; profile: string }>(
        'SELECT serial, profile FROM certificates ORDER BY serial',
      );
      expect(Object.fromEntries(rows.map((r) => [r.serial, r.profile]))).toEqual({
        '01': 'ca-root',
        '02': 'ca-infrastructure',
        '03': 'qualified-person',
        '04': 'qualified-employee',
        '05': 'qualified-entrepreneur',
        '06': 'qualified-legal-entity',
        '07': 'ocsp-responder',
        '08': 'tsa',
        '09': 'audit-signer',
        '0a': 'tls-client',
        '0b': 'tls-server',
        '0c': 'ca-issuing',
      });
    } finally {
      await db.close();
    }
  });
});
