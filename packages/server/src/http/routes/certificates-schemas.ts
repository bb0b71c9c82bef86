import { createHash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { OID, oidName, parseCertificate, publicKeyDetail, type NameAttribute } from '@podpis/pki';
import type { CertificateKey } from '../../ca/certificate-lifecycle.js';
import type { CertificateSummary } from '../../ca/certificates.js';

const dateTime = Type.String({ format: 'date-time' });
const nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const SerialParams = Type.Object({
  serial: Type.String({ pattern: '^[0-9A-Fa-f:]{1,60}$', description: 'Serial number in hex' }),
});

export const CertificateStatusSchema = Type.Union(
  [Type.Literal('valid'), Type.Literal('suspended'), Type.Literal('revoked'), Type.Literal('expired')],
  { description: 'The status badge; expired is derived from the validity' },
);

export const RevocationReasonSchema = Type.Union(
  [
    Type.Literal('unspecified'),
    Type.Literal('keyCompromise'),
    Type.Literal('cACompromise'),
    Type.Literal('affiliationChanged'),
    Type.Literal('superseded'),
    Type.Literal('cessationOfOperation'),
    Type.Literal('privilegeWithdrawn'),
    Type.Literal('aACompromise'),
  ],
  { description: 'RFC 5280 CRLReason; suspension (certificateHold) has its own operation' },
);

export const CertificateSchema = Type.Object({
  serial: Type.String(),
  caId: Type.String(),
  accountId: nullable(Type.String({ format: 'uuid' })),
  subject: Type.String(),
  notBefore: dateTime,
  notAfter: dateTime,
  status: CertificateStatusSchema,
  revokedAt: nullable(dateTime),
  revocationReason: nullable(Type.String()),
});
export type CertificateView = Static<typeof CertificateSchema>;

export function certificateView(summary: CertificateSummary): CertificateView {
  return {
    serial: summary.serial,
    caId: summary.caId,
    accountId: summary.accountId,
    subject: summary.subject,
    notBefore: summary.notBefore.toISOString(),
    notAfter: summary.notAfter.toISOString(),
    status: summary.status,
    revokedAt: summary.revokedAt?.toISOString() ?? null,
    revocationReason: summary.revocationReason,
  };
}

const Attribute = Type.Object({ type: Type.String(), name: Type.String(), value: Type.String() });
const NamedOid = Type.Object({ oid: Type.String(), name: Type.String() });

export const CertificateKeySchema = Type.Object(
  {
    held: Type.Boolean({ description: 'The service holds the private key (false: the holder keeps it)' }),
    locked: Type.Boolean({ description: 'Locked after too many wrong PINs, until an operator unlocks it' }),
    store: Type.Union([Type.Literal('software'), Type.Literal('pkcs11'), Type.Null()]),
    remainingAttempts: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Wrong PINs still allowed before the key locks' }),
    ),
    confirmation: Type.Optional(
      Type.Union([Type.Literal('pin'), Type.Literal('none'), Type.Literal('device')], {
        description:
          "A held key's policy: pin, every use confirmed by the holder; none, a legal entity's key for automatic signing, without a PIN; device, every use approved on the holder's enrolled device",
      }),
    ),
  },
  { description: "The certificate's private key in the key store" },
);

export const CertificateDetailsSchema = Type.Object({
  ...CertificateSchema.properties,
  key: CertificateKeySchema,
  details: Type.Object({
    serialNumber: Type.String(),
    subject: Type.Array(Attribute),
    issuer: Type.Array(Attribute),
    issuerText: Type.String(),
    notBefore: dateTime,
    notAfter: dateTime,
    signatureAlgorithm: NamedOid,
    publicKeyAlgorithm: NamedOid,
    publicKeyDetail: Type.Object(
      {
        bits: Type.Optional(Type.Integer({ description: "An RSA modulus's size" })),
        curve: Type.Optional(Type.String({ description: "An EC key's named curve (OID)" })),
      },
      { description: 'What the key algorithm alone does not say; empty for GOST keys' },
    ),
    keyUsage: Type.Array(Type.String()),
    extendedKeyUsage: Type.Array(NamedOid),
    certificatePolicies: Type.Array(NamedOid),
    crlDistributionPoints: Type.Array(Type.String()),
    ocspUrls: Type.Array(Type.String()),
    caIssuersUrls: Type.Array(Type.String()),
    subjectSignTool: nullable(Type.String()),
    thumbprints: Type.Object({ sha1: Type.String(), sha256: Type.String() }),
    qualified: Type.Object(
      {
        inn: Type.Optional(Type.String()),
        innle: Type.Optional(Type.String()),
        snils: Type.Optional(Type.String()),
        ogrn: Type.Optional(Type.String()),
        ogrnip: Type.Optional(Type.String()),
      },
      { description: 'Identifiers of the Russian qualified profile (ИНН, ИНН ЮЛ, СНИЛС, ОГРН, ОГРНИП)' },
    ),
  }),
});

const QUALIFIED_ATTRIBUTES = {
  inn: OID.inn,
  innle: OID.innle,
  snils: OID.snils,
  ogrn: OID.ogrn,
  ogrnip: OID.ogrnip,
} as const;

const named = (oid: string) => ({ oid, name: oidName(oid) });
const attributes = (names: NameAttribute[]) =>
  names.map((a) => ({ type: a.type, name: oidName(a.type), value: a.value }));

/** Everything in the certificate, readable: what the operator's "Просмотр" shows. */
export function certificateDetails(
  summary: CertificateSummary & { der: Uint8Array },
  key: CertificateKey,
): Static<typeof CertificateDetailsSchema> {
  const cert = parseCertificate(summary.der);
  const qualified: Partial<Record<keyof typeof QUALIFIED_ATTRIBUTES, string>> = {};
  for (const [field, oid] of Object.entries(QUALIFIED_ATTRIBUTES) as [
    keyof typeof QUALIFIED_ATTRIBUTES,
    string,
  ][]) {
    const value = cert.subject.find((a) => a.type === oid)?.value;
    if (value !== undefined) qualified[field] = value;
  }
  return {
    ...certificateView(summary),
    key,
    details: {
      serialNumber: cert.serialNumberHex,
      subject: attributes(cert.subject),
      issuer: attributes(cert.issuer),
      issuerText: cert.issuerText,
      notBefore: cert.notBefore.toISOString(),
      notAfter: cert.notAfter.toISOString(),
      signatureAlgorithm: named(cert.signatureAlgorithm),
      publicKeyAlgorithm: named(cert.publicKeyAlgorithm),
      publicKeyDetail: publicKeyDetail(cert.asn1.tbsCertificate.subjectPublicKeyInfo),
      keyUsage: cert.keyUsage,
      extendedKeyUsage: cert.extendedKeyUsage.map(named),
      certificatePolicies: cert.certificatePolicies.map(named),
      crlDistributionPoints: cert.crlDistributionPoints,
      ocspUrls: cert.ocspUrls,
      caIssuersUrls: cert.caIssuersUrls,
      subjectSignTool: cert.subjectSignTool ?? null,
      thumbprints: {
        sha1: createHash('sha1').update(cert.der).digest('hex'),
        sha256: createHash('sha256').update(cert.der).digest('hex'),
      },
      qualified,
    },
  };
}

export const KeySpecSchema = Type.Union(
  [Type.Literal('gost256'), Type.Literal('gost512'), Type.Literal('ecdsa-p256'), Type.Literal('rsa2048')],
  {
    description:
      'Key algorithm: gost256 (GOST R 34.10-2012 256, paramSet A; default), gost512, ecdsa-p256, rsa2048',
  },
);

export const CertificateProfileIdSchema = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,63}$',
  description:
    "The certificate profile (GET /api/v1/profiles): it chooses the CA, the key algorithms and the checks of the holder's data; default the qualified profile for the holder's kind (qualified-person for a natural person)",
});

export const PinSchema = Type.String({
  maxLength: 1024,
  description: 'Key PIN; 6 to 128 characters (400 KEY_PIN_INVALID otherwise)',
});

export const ValidityDaysSchema = Type.Integer({ minimum: 1, maximum: 1825, description: 'Default 365' });

/** The same in a query string, which is text (the API does not coerce types): digits, range checked on issue. */
export const ValidityDaysQuery = Type.String({
  pattern: '^[1-9]\\d{0,3}$',
  description: '1..1825 days, default 365 (400 VALIDITY_INVALID outside)',
});

/** A renewal as the operator orders it: the new key's PIN (twice), the old certificate revoked or not, the validity. */
export const RenewalTermsSchema = Type.Object(
  {
    pin: Type.Optional(
      Type.String({
        maxLength: 1024,
        description:
          "The new key's PIN, 6 to 128 characters; required unless the old key signs without confirmation (key.confirmation none), whose renewal is a key without a PIN again (400 KEY_PIN_NOT_APPLICABLE for a PIN)",
      }),
    ),
    pinConfirmation: Type.Optional(PinSchema),
    revokeOld: Type.Optional(Type.Boolean({ description: 'Revoke the old certificate as superseded' })),
    validityDays: Type.Optional(ValidityDaysSchema),
    expectedSubject: Type.Optional(
      Type.String({
        maxLength: 4096,
        description:
          "The subject GET …/renewal-preview showed, which the operator confirmed; when the holder's registration data changed since → 409 CONCURRENT_EDIT and nothing is issued",
      }),
    ),
  },
  { additionalProperties: false },
);

export const FormatQuery = Type.Object({
  format: Type.Optional(
    Type.Union([Type.Literal('der'), Type.Literal('pem'), Type.Literal('p7b')], {
      description: 'der (default, .cer), pem, or p7b: PKCS#7 certs-only with the chain to the root',
    }),
  ),
});

/** A file answer (sent as a Buffer, which the serializer passes through untouched). */
export const Binary = (description: string) =>
  Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description });
