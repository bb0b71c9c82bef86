import {
  buildName,
  OID,
  qualifiedSubjectName,
  validateQualifiedSubject,
  type CertificateExtensions,
  type IdentificationKind,
  type KeyUsageName,
  type QualifiedSubject,
  type SubjectKind,
} from '@podpis/pki';
import type { Name } from '@peculiar/asn1-x509';
import { DomainError } from '../core/domain-error.js';
import type { AuthorityContext } from './authorities.js';
import { CA_IDS } from './ids.js';
import type { KeyAlgorithm } from './key-algorithms.js';

/** What a certificate is for, as its row records it (`certificates.purpose`). */
export type CertificatePurpose = 'ca' | 'qualified' | 'user' | 'client' | 'server' | 'ocsp' | 'tsa' | 'audit';

/** The purposes of users' certificates, which operators manage and holders see. */
export const USER_PURPOSES: readonly CertificatePurpose[] = ['qualified', 'user'];

/** Whether a certificate of this purpose is a user's (qualified or not). */
export function isUserPurpose(purpose: string): boolean {
  return USER_PURPOSES.some((p) => p === purpose);
}

/** Which CA signs a profile's certificates. */
export type ProfileIssuer =
  /** Always this CA. */
  | { type: 'authority'; authorityId: string }
  /** The CA the certificate serves: each CA certifies its own OCSP responder. */
  | { type: 'served' }
  /** A subordinate CA's certificate: its parent, named when the CA is created. */
  | { type: 'parent' }
  /** A root CA's certificate: signed by its own key. */
  | { type: 'self' };

/** Whose name a profile's subject is and how it is checked. */
export type SubjectRules =
  /** The qualified-certificate rules of `@podpis/pki` (Order 795) for this kind of holder: INN, INNLE, SNILS, OGRN, OGRNIP with checksums. */
  | { type: 'qualified'; kind: SubjectKind }
  /** The holder's registration data without the qualified rules: a name is all it needs. */
  | { type: 'registration' }
  /** Set by the server: the CA's, the service's, the host's or the operator's name. */
  | { type: 'server' };

/** Extensions a profile adds beyond key usage, EKU and policies. */
export interface ProfileExtensions {
  subjectSignTool?: string;
  issuerSignTool?: NonNullable<CertificateExtensions['issuerSignTool']>;
  identificationKind?: IdentificationKind;
  /** privateKeyUsagePeriod equal to the certificate's validity. */
  privateKeyUsagePeriod?: boolean;
  /** id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1): nobody checks this certificate's status. */
  ocspNoCheck?: boolean;
  /** Marks the EKU critical, as RFC 3161 §2.3 wants of a TSA certificate. */
  extendedKeyUsageCritical?: boolean;
}

/**
 * A certificate profile: everything about a kind of certificate that is
 * policy, as data. The issuing code (`issue`) adds what follows from the CA
 * — issuer name, AKI, CRL distribution points, freshestCRL, AIA — and the
 * SKI of the key.
 */
export interface CertificateProfile {
  id: string;
  title: { ru: string; en: string };
  issuer: ProfileIssuer;
  purpose: CertificatePurpose;
  /** The keys it certifies, by name; the first is the default for a key the server generates. */
  keyAlgorithms: readonly KeyAlgorithm[];
  validity: { defaultDays: number; maxDays: number };
  keyUsage: readonly KeyUsageName[];
  /** OIDs. */
  extendedKeyUsage: readonly string[];
  /** certificatePolicies OIDs. */
  policies: readonly string[];
  /** basicConstraints cA with this path length; absent for end-entity certificates. */
  ca?: { pathLength?: number };
  subject: SubjectRules;
  extensions: ProfileExtensions;
}

const DAYS_PER_YEAR = 365;

/** The keys a CA of ours may have (`podpis init --alg`), and so its OCSP responder, TSA and audit keys. */
const CA_KEY_ALGORITHMS: readonly KeyAlgorithm[] = ['gost256', 'gost512', 'ecdsa-p256', 'rsa3072'];

/**
 * Users' keys: GOST, and ECDSA and RSA for keys on a PKCS#11 token (which
 * has no GOST mechanisms) — what operators could always choose.
 */
const USER_KEY_ALGORITHMS: readonly KeyAlgorithm[] = ['gost256', 'gost512', 'ecdsa-p256', 'rsa2048'];

const ISSUER_SIGN_TOOL = {
  signTool: 'Podpis @podpis/gost',
  caTool: 'Podpis CA',
  signToolCertificate: 'not certified',
  caToolCertificate: 'not certified',
};

/** The holder's signature tool of a key held in the key store: the cloud signature. */
export const CLOUD_SIGN_TOOL = 'Podpis (cloud signature)';

/** Ids of the profiles the server itself issues under. */
export const PROFILE_IDS = {
  qualifiedPerson: 'qualified-person',
  qualifiedEmployee: 'qualified-employee',
  qualifiedEntrepreneur: 'qualified-entrepreneur',
  qualifiedLegalEntity: 'qualified-legal-entity',
  tlsClient: 'tls-client',
  tlsServer: 'tls-server',
  ocspResponder: 'ocsp-responder',
  tsa: 'tsa',
  auditSigner: 'audit-signer',
  rootCa: 'ca-root',
  issuingCa: 'ca-issuing',
  infrastructureCa: 'ca-infrastructure',
} as const;

/** The qualified certificate of one kind of holder (Order of the FSB No. 795): the same but for the subject rules. */
function qualified(id: string, kind: SubjectKind, title: CertificateProfile['title']): CertificateProfile {
  return {
    id,
    title,
    issuer: { type: 'authority', authorityId: CA_IDS.issuing },
    purpose: 'qualified',
    keyAlgorithms: USER_KEY_ALGORITHMS,
    validity: { defaultDays: DAYS_PER_YEAR, maxDays: 5 * DAYS_PER_YEAR },
    keyUsage: ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment'],
    extendedKeyUsage: [OID.clientAuth, OID.emailProtection],
    policies: [OID.policyKC1],
    subject: { type: 'qualified', kind },
    extensions: {
      subjectSignTool: CLOUD_SIGN_TOOL,
      // FSB order No. 795 requires a qualified certificate to name the issuer's signature and CA tools.
      issuerSignTool: ISSUER_SIGN_TOOL,
      identificationKind: 0,
      privateKeyUsagePeriod: true,
    },
  };
}

/** The profiles of a Podpis installation. */
export const DEFAULT_PROFILES: readonly CertificateProfile[] = [
  qualified(PROFILE_IDS.qualifiedPerson, 'person', {
    ru: 'Квалифицированный сертификат физического лица',
    en: 'Qualified certificate of a natural person',
  }),
  qualified(PROFILE_IDS.qualifiedEmployee, 'employee', {
    ru: 'Квалифицированный сертификат работника юридического лица',
    en: 'Qualified certificate of an employee of a legal entity',
  }),
  qualified(PROFILE_IDS.qualifiedEntrepreneur, 'entrepreneur', {
    ru: 'Квалифицированный сертификат индивидуального предпринимателя',
    en: 'Qualified certificate of an individual entrepreneur',
  }),
  qualified(PROFILE_IDS.qualifiedLegalEntity, 'legalEntity', {
    ru: 'Квалифицированный сертификат юридического лица',
    en: 'Qualified certificate of a legal entity',
  }),
  {
    id: PROFILE_IDS.tlsClient,
    title: {
      ru: 'Клиентский сертификат TLS оператора или администратора',
      en: 'TLS client certificate of an operator or administrator',
    },
    issuer: { type: 'authority', authorityId: CA_IDS.infrastructureRoot },
    purpose: 'client',
    keyAlgorithms: ['ecdsa-p256'],
    validity: { defaultDays: 2 * DAYS_PER_YEAR, maxDays: 2 * DAYS_PER_YEAR },
    keyUsage: ['digitalSignature'],
    extendedKeyUsage: [OID.clientAuth],
    policies: [],
    subject: { type: 'server' },
    extensions: {},
  },
  {
    id: PROFILE_IDS.tlsServer,
    title: { ru: 'Сертификат TLS-сервера', en: 'TLS server certificate' },
    issuer: { type: 'authority', authorityId: CA_IDS.infrastructureRoot },
    purpose: 'server',
    keyAlgorithms: ['ecdsa-p256'],
    // The CA/Browser Forum's limit.
    validity: { defaultDays: 397, maxDays: 397 },
    keyUsage: ['digitalSignature'],
    extendedKeyUsage: [OID.serverAuth],
    policies: [],
    subject: { type: 'server' },
    extensions: {},
  },
  {
    id: PROFILE_IDS.ocspResponder,
    title: { ru: 'Сертификат службы OCSP', en: 'OCSP responder certificate' },
    issuer: { type: 'served' },
    purpose: 'ocsp',
    keyAlgorithms: CA_KEY_ALGORITHMS,
    validity: { defaultDays: DAYS_PER_YEAR, maxDays: DAYS_PER_YEAR },
    keyUsage: ['digitalSignature'],
    extendedKeyUsage: [OID.ocspSigning],
    policies: [],
    subject: { type: 'server' },
    extensions: { ocspNoCheck: true },
  },
  {
    id: PROFILE_IDS.tsa,
    title: { ru: 'Сертификат службы штампов времени', en: 'Time-stamp authority certificate' },
    issuer: { type: 'authority', authorityId: CA_IDS.issuing },
    purpose: 'tsa',
    keyAlgorithms: CA_KEY_ALGORITHMS,
    validity: { defaultDays: 5 * DAYS_PER_YEAR, maxDays: 5 * DAYS_PER_YEAR },
    keyUsage: ['digitalSignature', 'nonRepudiation'],
    extendedKeyUsage: [OID.timeStamping],
    policies: [],
    subject: { type: 'server' },
    extensions: { extendedKeyUsageCritical: true },
  },
  {
    id: PROFILE_IDS.auditSigner,
    title: { ru: 'Сертификат подписи журнала аудита', en: 'Audit log signer certificate' },
    issuer: { type: 'authority', authorityId: CA_IDS.issuing },
    purpose: 'audit',
    keyAlgorithms: CA_KEY_ALGORITHMS,
    validity: { defaultDays: 5 * DAYS_PER_YEAR, maxDays: 5 * DAYS_PER_YEAR },
    keyUsage: ['digitalSignature', 'nonRepudiation'],
    extendedKeyUsage: [],
    policies: [],
    subject: { type: 'server' },
    extensions: {},
  },
  {
    id: PROFILE_IDS.rootCa,
    title: { ru: 'Корневой УЦ', en: 'Root CA' },
    issuer: { type: 'self' },
    purpose: 'ca',
    keyAlgorithms: CA_KEY_ALGORITHMS,
    validity: { defaultDays: 15 * DAYS_PER_YEAR, maxDays: 15 * DAYS_PER_YEAR },
    keyUsage: ['keyCertSign', 'cRLSign', 'digitalSignature'],
    extendedKeyUsage: [],
    policies: [],
    ca: { pathLength: 1 },
    subject: { type: 'server' },
    extensions: { subjectSignTool: 'Podpis', issuerSignTool: ISSUER_SIGN_TOOL },
  },
  {
    id: PROFILE_IDS.issuingCa,
    title: { ru: 'Подчинённый (выдающий) УЦ', en: 'Subordinate (issuing) CA' },
    issuer: { type: 'parent' },
    purpose: 'ca',
    keyAlgorithms: CA_KEY_ALGORITHMS,
    validity: { defaultDays: 10 * DAYS_PER_YEAR, maxDays: 10 * DAYS_PER_YEAR },
    keyUsage: ['keyCertSign', 'cRLSign', 'digitalSignature'],
    extendedKeyUsage: [],
    policies: [],
    ca: { pathLength: 0 },
    subject: { type: 'server' },
    extensions: { subjectSignTool: 'Podpis', issuerSignTool: ISSUER_SIGN_TOOL },
  },
  {
    id: PROFILE_IDS.infrastructureCa,
    title: { ru: 'Инфраструктурный УЦ (TLS)', en: 'Infrastructure CA (TLS)' },
    issuer: { type: 'self' },
    purpose: 'ca',
    keyAlgorithms: ['ecdsa-p256'],
    validity: { defaultDays: 10 * DAYS_PER_YEAR, maxDays: 10 * DAYS_PER_YEAR },
    keyUsage: ['keyCertSign', 'cRLSign', 'digitalSignature'],
    extendedKeyUsage: [],
    policies: [],
    ca: { pathLength: 0 },
    subject: { type: 'server' },
    extensions: {},
  },
];

/** The profiles an installation issues under, looked up by id. */
export interface CertificateProfiles {
  readonly all: readonly CertificateProfile[];
  /** The profile; 404 PROFILE_NOT_FOUND for an unknown id. */
  get(id: string): CertificateProfile;
}

/** A registry of `profiles`; their ids must differ. */
export function profileRegistry(profiles: readonly CertificateProfile[]): CertificateProfiles {
  const byId = new Map(profiles.map((profile) => [profile.id, profile]));
  if (byId.size !== profiles.length) throw new Error('certificate profile ids must be unique');
  return {
    all: profiles,
    get(id) {
      const profile = byId.get(id);
      if (!profile) throw new DomainError('PROFILE_NOT_FOUND', `no certificate profile ${id}`);
      return profile;
    },
  };
}

const DEFAULT_REGISTRY = profileRegistry(DEFAULT_PROFILES);

/** The installation's profiles: the context's, or the default ones. */
export function profilesOf(ctx: Pick<AuthorityContext, 'profiles'>): CertificateProfiles {
  return ctx.profiles ?? DEFAULT_REGISTRY;
}

/** The CA a profile names (a TSA's, the operators' TLS clients'); an Error for a profile issued otherwise. */
export function authorityIdOf(profile: CertificateProfile): string {
  if (profile.issuer.type !== 'authority')
    throw new Error(`profile ${profile.id} names no CA: it is issued by ${profile.issuer.type}`);
  return profile.issuer.authorityId;
}

/** Whether operators issue a profile's certificates to users (its subject is a holder's registration data). */
export function isUserProfile(profile: CertificateProfile): boolean {
  return profile.subject.type !== 'server';
}

/**
 * The profile of a user's certificate: the one asked for (422
 * PROFILE_NOT_APPLICABLE if it is not for users), or else the qualified
 * profile for the holder's kind (a natural person's by default).
 */
export function userProfile(
  profiles: CertificateProfiles,
  requested: string | undefined,
  kind: SubjectKind,
): CertificateProfile {
  if (requested !== undefined) {
    const profile = profiles.get(requested);
    if (!isUserProfile(profile))
      throw new DomainError(
        'PROFILE_NOT_APPLICABLE',
        `profile ${profile.id} is not for users' certificates`,
        { profile: profile.id },
      );
    return profile;
  }
  const matching = profiles.all.find((p) => p.subject.type === 'qualified' && p.subject.kind === kind);
  if (!matching) throw new DomainError('PROFILE_NOT_FOUND', `no qualified certificate profile for a ${kind}`);
  return matching;
}

/** 422 PROFILE_KEY_ALGORITHM_NOT_ALLOWED unless the profile certifies keys of `algorithm`. */
export function checkKeyAlgorithm(profile: CertificateProfile, algorithm: KeyAlgorithm | undefined): void {
  if (algorithm !== undefined && profile.keyAlgorithms.includes(algorithm)) return;
  throw new DomainError(
    'PROFILE_KEY_ALGORITHM_NOT_ALLOWED',
    `profile ${profile.id} does not certify ${algorithm ?? 'such'} keys; it allows ${profile.keyAlgorithms.join(', ')}`,
    {
      profile: profile.id,
      keyAlgorithm: algorithm ?? null,
      allowedKeyAlgorithms: [...profile.keyAlgorithms],
    },
  );
}

/** The validity asked for, or the profile's default; 400 VALIDITY_INVALID beyond 1 to the profile's maximum days. */
export function validityDaysOf(profile: CertificateProfile, requested: number | undefined): number {
  const days = requested ?? profile.validity.defaultDays;
  if (!Number.isInteger(days) || days < 1 || days > profile.validity.maxDays) {
    throw new DomainError(
      'VALIDITY_INVALID',
      `validity must be 1 to ${profile.validity.maxDays} days for profile ${profile.id}`,
      { maxDays: profile.validity.maxDays },
    );
  }
  return days;
}

/** A name from registration data without the qualified identifiers: who and where, for a corporate certificate. */
function registrationName(subject: QualifiedSubject): Name {
  const fullName = [subject.surname, subject.name, subject.patronymic].filter(Boolean).join(' ');
  const commonName = (subject.commonName ?? fullName).trim();
  if (commonName === '') {
    throw new DomainError('PROFILE_INVALID', 'surname is required for this kind of subject', {
      errors: [
        { field: 'surname', code: 'REQUIRED', message: 'surname is required for this kind of subject' },
      ],
    });
  }
  return buildName([
    { type: OID.country, value: subject.country ?? '' },
    { type: OID.locality, value: subject.locality ?? '' },
    { type: OID.organizationName, value: subject.organizationName ?? '' },
    { type: OID.organizationalUnitName, value: subject.organizationalUnitName ?? '' },
    { type: OID.title, value: subject.title ?? '' },
    { type: OID.commonName, value: commonName },
    { type: OID.emailAddress, value: subject.email ?? '' },
  ]);
}

/**
 * The subject of a user's certificate under `profile`, from the holder's
 * registration data: checked by the qualified rules of the profile's kind
 * of holder (every problem at once → 422 PROFILE_INVALID with `errors`),
 * or taken as registered. Call it before a key is generated, so a bad
 * request leaves no key behind.
 */
export function subjectFor(profile: CertificateProfile, subject: QualifiedSubject): Name {
  switch (profile.subject.type) {
    case 'qualified': {
      const holder: QualifiedSubject = { ...subject, kind: profile.subject.kind };
      const problems = validateQualifiedSubject(holder);
      if (problems.length > 0) {
        throw new DomainError('PROFILE_INVALID', problems.map((p) => p.message).join('; '), {
          errors: problems.map(({ field, code, message }) => ({ field, code, message })),
        });
      }
      return qualifiedSubjectName(holder);
    }
    case 'registration':
      return registrationName(subject);
    case 'server':
      throw new DomainError(
        'PROFILE_NOT_APPLICABLE',
        `profile ${profile.id} is not for users' certificates`,
        {
          profile: profile.id,
        },
      );
  }
}
