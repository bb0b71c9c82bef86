import {
  buildName,
  createCertificationRequest,
  generateSoftwareKey,
  OID,
  type NameAttribute,
} from '@podpis/pki';
import { openssl, tempDir } from '@podpis/testkit';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Name, RelativeDistinguishedName, AttributeTypeAndValue, AttributeValue } from '@peculiar/asn1-x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_ALGORITHMS } from '../../src/ca/key-algorithms.js';
import type { Db } from '../../src/db/db.js';
import { TestApi } from '../support/api.js';
import { setUpTestAuthorities } from '../support/authority.js';
import { openTestPglite } from '../support/backends.js';

/** Ivanov's qualified subject as a request spells it (givenName is "name patronymic"). */
const IVANOV_REQUESTED: NameAttribute[] = [
  { type: OID.country, value: 'RU' },
  { type: OID.commonName, value: 'Иванов Иван Иванович' },
  { type: OID.surname, value: 'Иванов' },
  { type: OID.givenName, value: 'Иван Иванович' },
  { type: OID.snils, value: '11223344595' },
  { type: OID.inn, value: '500100732259' },
];

/** A Name of UTF8String values exactly as given, so a test can put in what buildName would refuse. */
const rawName = (attributes: NameAttribute[]) =>
  new Name(
    attributes.map(
      (a) =>
        new RelativeDistinguishedName([
          new AttributeTypeAndValue({ type: a.type, value: new AttributeValue({ utf8String: a.value }) }),
        ]),
    ),
  );

describe('a PKCS#10 subject taken from the request meets the profile like registration data does (issue #14, 10)', () => {
  let db: Db;
  let api: TestApi;
  let userId: string;
  const signer = generateSoftwareKey(KEY_ALGORITHMS.gost256).then((key) => key.signer);
  beforeAll(async () => {
    db = await openTestPglite();
    const { ctx } = await setUpTestAuthorities(db);
    api = await TestApi.start(ctx);
    userId = (await api.registerUser('csr-subject')).id;
  }, 120_000);
  afterAll(async () => {
    await api.app.close();
    await db.close();
  });

  const upload = async (subject: Name) =>
    api.app.inject({
      method: 'POST',
      url: `/api/v1/users/${userId}/certificates/from-request?subjectFrom=request`,
      headers: { ...api.operator, 'content-type': 'application/pkcs10' },
      payload: Buffer.from(await createCertificationRequest({ subject, signer: await signer })),
    });
  const issuedCount = async () =>
    (await db.query("SELECT 1 FROM audit_log WHERE action = 'certificate.issue'")).rows.length;

  it('refuses a qualified subject that breaks the rules, each problem named, and signs nothing', async () => {
    const before = await issuedCount();
    const cases: [NameAttribute[], { field: string; code: string }[]][] = [
      [[{ type: OID.commonName, value: 'Sidorov' }], [{ field: 'surname', code: 'REQUIRED' }]],
      [
        IVANOV_REQUESTED.map((a) => (a.type === OID.snils ? { ...a, value: 'ABC' } : a)),
        [{ field: 'snils', code: 'SNILS_FORMAT' }],
      ],
      [
        IVANOV_REQUESTED.map((a) => (a.type === OID.inn ? { ...a, value: '' } : a)),
        [{ field: 'inn', code: 'REQUIRED' }],
      ],
      [[{ type: '1.2.3.4.5', value: 'x' }], [{ field: '1.2.3.4.5', code: 'ATTRIBUTE_NOT_ALLOWED' }]],
      [
        IVANOV_REQUESTED.map((a) => (a.type === OID.commonName ? { ...a, value: 'Иванов \u202eвонавИ' } : a)),
        [{ field: 'commonName', code: 'INVALID_CHARACTERS' }],
      ],
      [
        IVANOV_REQUESTED.map((a) => (a.type === OID.commonName ? { ...a, value: 'Иванов\u0000' } : a)),
        [{ field: 'commonName', code: 'INVALID_CHARACTERS' }],
      ],
      [
        [...IVANOV_REQUESTED, { type: OID.inn, value: '500100732259' }],
        [{ field: 'inn', code: 'DUPLICATE' }],
      ],
    ];
    for (const [attributes, expected] of cases) {
      const refused = await upload(rawName(attributes));
      expect(refused.statusCode, refused.body).toBe(422);
      const problem = refused.json<{ code: string; errors: { field: string; code: string }[] }>();
      expect(problem.code).toBe('PROFILE_INVALID');
      const named = problem.errors.map(({ field, code }) => ({ field, code }));
      expect(named).toEqual(expect.arrayContaining(expected));
    }
    expect(await issuedCount()).toBe(before);
  });

  it('issues a valid one with the profile’s encoding (NumericString INN and SNILS), which OpenSSL reads', async () => {
    const issued = await upload(buildName(IVANOV_REQUESTED));
    expect(issued.statusCode, issued.body).toBe(201);
    const { serial } = issued.json<{ serial: string }>();
    const download = await api.app.inject({
      method: 'GET',
      url: `/api/v1/certificates/${serial}/download`,
      headers: api.operator,
    });
    const file = join(tempDir('podpis-csr-subject-'), 'issued.cer');
    writeFileSync(file, download.rawPayload);
    const text = openssl(['asn1parse', '-inform', 'DER', '-in', file]).stdout.toString();
    expect(text).toMatch(/NUMERICSTRING\s+:500100732259/);
    expect(text).toMatch(/NUMERICSTRING\s+:11223344595/);
  });
});
