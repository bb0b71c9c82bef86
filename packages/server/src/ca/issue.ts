import { createHash } from 'node:crypto';
import { caMetrics } from '../core/metrics.js';
import {
  formatName,
  issueCertificate,
  nameAttributes,
  type CertificateExtensions,
  type CertificateInfo,
  type KeySpec,
  type Signer,
} from '@podpis/pki';
import type { Name, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { appendAuditAlongside, appendAuditBatchAlongside, type AuditEvent } from '../audit/audit-log.js';
import { DomainError } from '../core/domain-error.js';
import { CommitGroup } from '../db/commit-group.js';
import type { Db, Queryable } from '../db/db.js';
import { mergedInserts, type Statement } from '../db/statement.js';
import {
  KeyStoreError,
  serviceSigner,
  type KeyHandle,
  type KeyPolicy,
  type KeyStore,
} from '../keystore/index.js';
import type { ChangeContext } from '../people/accounts.js';
import {
  authoritySigner,
  certificateInsert,
  findAuthority,
  type AuthorityContext,
  type AuthorityRecord,
} from './authorities.js';
import { keyAlgorithmOf } from './key-algorithms.js';
import { certificateEventData, webhookEventInsert } from '../webhooks/events.js';
import { checkKeyAlgorithm, isUserPurpose, validityDaysOf, type CertificateProfile } from './profiles.js';
import { newSerialNumber } from './serial.js';
import { caSubjectDer, parsedCaCertificate } from './parsed-certificates.js';
import { crlShardOf } from './crl-shard-of.js';
import {
  checkRememberedAuthorities,
  forgetRememberedAuthority,
  rememberedAuthority,
  StaleAuthorityError,
} from './issuing-authorities.js';

const DAY_MS = 24 * 3600 * 1000;

/** What recording one issued certificate writes: its row and event, and its audit record. */
interface IssuanceWrite {
  statements: readonly Statement[];
  record: AuditEvent;
  /** The CA as this process remembered it when it signed, checked before anything is recorded. */
  rememberedAuthority?: AuthorityRecord;
}

const commitGroups = new WeakMap<Db, CommitGroup<IssuanceWrite>>();

/**
 * Issuances with nothing of their caller's in the transaction are group
 * committed: those signed while another is being recorded are recorded
 * together, their records chained in one audit lane, their rows in one
 * INSERT. A certificate is still returned only once it is committed.
 */
function issuanceCommits(db: Db): CommitGroup<IssuanceWrite> {
  let group = commitGroups.get(db);
  if (!group) {
    group = new CommitGroup(db, async (tx, writes) => {
      await checkRememberedAuthorities(
        tx,
        db,
        writes.flatMap((write) => (write.rememberedAuthority ? [write.rememberedAuthority] : [])),
      );
      await appendAuditBatchAlongside(
        tx,
        writes.map((write) => write.record),
        mergedInserts(writes.flatMap((write) => write.statements)),
      );
    });
    commitGroups.set(db, group);
  }
  return group;
}

/** Certificates start a minute early, so a relying party whose clock lags a little accepts a new one. */
const BACKDATE_MS = 60_000;

/** Work of the caller's in the issuing transaction, given the new certificate. */
export type InTransaction = (
  tx: Queryable,
  certificate: { serial: string; der: Uint8Array },
) => Promise<void>;

export interface IssueOptions {
  /**
   * The issuing CA of a profile issued by the CA it serves (an OCSP
   * responder) or by a new CA's parent. A profile that names its CA needs
   * none; one given must be that CA.
   */
  authority?: AuthorityRecord;
  /** A self-signed profile (a root CA): the id of the CA whose own key (`keyId`) signs. */
  selfSigned?: { authorityId: string };
  /** The holder's account (users', operators' and administrators' certificates). */
  accountId?: string;
  /** The key store's key, when the private key is held there; absent for a key kept elsewhere. */
  keyId?: string;
  /**
   * The holder's signature tool, for a profile that names one: a key the
   * holder keeps (a PKCS#10 request) was made with their own tool, not ours.
   */
  subjectSignTool?: string;
  /** Days; the profile's default when absent, 400 VALIDITY_INVALID beyond its maximum. */
  validityDays?: number;
  /** `publicKey`'s DER when the caller has it (a request's own, the key store's): not encoded again. */
  publicKeyDer?: Uint8Array;
  /** subjectAltName (the HTTPS server's names). */
  subjectAltName?: CertificateExtensions['subjectAltName'];
  /** More for the `certificate.issue` record, e.g. `{ renews: serial }` or `{ reason: 'expired' }`. */
  auditDetails?: Record<string, unknown>;
  /** Runs in the issuing transaction before the certificate is recorded (a new CA's own row). */
  firstInTransaction?: InTransaction;
  /**
   * Runs in the issuing transaction after the certificate and its audit
   * record, so a change that belongs with it (revoking the certificate it
   * replaces, a renewal request's decision) commits or fails with it.
   */
  alsoInTransaction?: InTransaction;
}

export interface IssuedCertificate {
  serial: string;
  der: Uint8Array;
  /** As the certificate says them (the validity to the second), and as its row holds them. */
  subject: string;
  notBefore: Date;
  notAfter: Date;
  /** The CA that signed it, and that CA's certificate (a self-signed certificate's own). */
  caId: string;
  caCertificate: Uint8Array;
}

/** Who signs: the CA of the profile (or the one the caller names), or the subject's own key. */
interface Signing {
  caId: string;
  /** Absent for a self-signed certificate. */
  ca: { authority: AuthorityRecord; info: CertificateInfo } | undefined;
  signer: () => Promise<Signer>;
  /** Whether the CA's row and signer came from this process's memory (`rememberedAuthority`). */
  remembered: boolean;
}

async function signingFor(
  ctx: AuthorityContext,
  profile: CertificateProfile,
  options: IssueOptions,
  mayRemember: boolean,
): Promise<Signing> {
  let authority: AuthorityRecord;
  let signer: (() => Promise<Signer>) | undefined;
  switch (profile.issuer.type) {
    case 'self': {
      const { selfSigned, keyId } = options;
      if (!selfSigned || keyId === undefined)
        throw new Error(`profile ${profile.id} is self-signed: name the new CA and its key`);
      return {
        caId: selfSigned.authorityId,
        ca: undefined,
        signer: () => serviceSigner(ctx.keyStore, { id: keyId }),
        remembered: false,
      };
    }
    case 'authority':
      if (options.authority && options.authority.id !== profile.issuer.authorityId)
        throw new Error(
          `profile ${profile.id} is issued by ${profile.issuer.authorityId}, not ${options.authority.id}`,
        );
      if (options.authority) {
        authority = options.authority;
      } else if (mayRemember) {
        const remembered = await rememberedAuthority(ctx, profile.issuer.authorityId);
        authority = remembered.authority;
        signer = () => Promise.resolve(remembered.signer);
      } else {
        authority = await findAuthority(ctx.db, profile.issuer.authorityId);
      }
      break;
    case 'served':
    case 'parent':
      if (!options.authority) throw new Error(`profile ${profile.id} needs its issuing CA named`);
      authority = options.authority;
      break;
  }
  const info = parsedCaCertificate(authority.certificate);
  const now = ctx.now().getTime();
  if (now < info.notBefore.getTime() || now >= info.notAfter.getTime()) {
    throw new DomainError(
      'CA_NOT_ISSUING',
      `CA ${authority.id} is valid from ${info.notBefore.toISOString()} to ${info.notAfter.toISOString()}`,
    );
  }
  return {
    caId: authority.id,
    ca: { authority, info },
    signer: signer ?? (() => authoritySigner(ctx.keyStore, authority)),
    remembered: signer !== undefined,
  };
}

/**
 * What the CA adds to every certificate it signs: AKI, CRL distribution
 * points, freshestCRL, AIA. `crlShard`: the shard's CRL is the
 * distribution point (shard CRLs have no deltas), else the full CRL and its delta.
 */
function fromAuthority(
  ctx: AuthorityContext,
  profile: CertificateProfile,
  ca: NonNullable<Signing['ca']>,
  crlShard: number | undefined,
): CertificateExtensions {
  const id = ca.authority.id;
  const caIssuers = [ctx.urls.caIssuers(id)];
  return {
    ...(ca.info.subjectKeyIdentifier ? { authorityKeyIdentifier: ca.info.subjectKeyIdentifier } : {}),
    // Nobody checks the status of an ocsp-nocheck certificate: it gets no CRL or OCSP pointers.
    ...(profile.extensions.ocspNoCheck
      ? { authorityInfoAccess: { caIssuers } }
      : {
          ...(crlShard === undefined
            ? { crlDistributionPoints: [ctx.urls.crl(id)], freshestCrl: [ctx.urls.deltaCrl(id)] }
            : { crlDistributionPoints: [ctx.urls.crlShard(id, crlShard)] }),
          authorityInfoAccess: { ocsp: [ctx.urls.ocsp()], caIssuers },
        }),
  };
}

/**
 * Issues a certificate under `profile` — the one code that signs, records
 * and audits a certificate. The profile chooses the CA (or the caller names
 * it, for a profile issued by the CA it serves or a new CA's parent), the
 * key algorithms (422 PROFILE_KEY_ALGORITHM_NOT_ALLOWED), the validity
 * (400 VALIDITY_INVALID; never beyond the CA's own) and the extensions;
 * the CA adds its pointers. The certificate row and its `certificate.issue`
 * record commit in one transaction with the caller's `firstInTransaction`
 * and `alsoInTransaction`. `subject` is signed as given: `subjectFor`
 * applies a user profile's subject rules (before a key is generated).
 */
export async function issue(
  ctx: AuthorityContext,
  profile: CertificateProfile,
  subject: Name,
  publicKey: SubjectPublicKeyInfo,
  requester: ChangeContext,
  options: IssueOptions = {},
): Promise<IssuedCertificate> {
  checkKeyAlgorithm(profile, keyAlgorithmOf(publicKey));
  const days = validityDaysOf(profile, options.validityDays);
  // Only group-committed issuances sign from a remembered CA: their transaction checks it.
  const grouped = !options.firstInTransaction && !options.alsoInTransaction;
  try {
    return await signAndRecord(ctx, profile, subject, publicKey, requester, options, days, grouped);
  } catch (error) {
    if (!grouped || !(error instanceof StaleAuthorityError || isKeyGone(error))) throw error;
    // The CA got a new key or certificate, or lost its key, since this process read it: sign as the database says now.
    if (profile.issuer.type === 'authority') forgetRememberedAuthority(ctx.db, profile.issuer.authorityId);
    return signAndRecord(ctx, profile, subject, publicKey, requester, options, days, false);
  }
}

/** A remembered CA key that this process destroyed (or no longer finds) fails as it signs, before the commit's check. */
const isKeyGone = (error: unknown): boolean =>
  error instanceof KeyStoreError && (error.code === 'KEY_DESTROYED' || error.code === 'KEY_NOT_FOUND');

async function signAndRecord(
  ctx: AuthorityContext,
  profile: CertificateProfile,
  subject: Name,
  publicKey: SubjectPublicKeyInfo,
  requester: ChangeContext,
  options: IssueOptions,
  days: number,
  mayRemember: boolean,
): Promise<IssuedCertificate> {
  const signing = await signingFor(ctx, profile, options, mayRemember);
  const notBefore = new Date(ctx.now().getTime() - BACKDATE_MS);
  const notAfter = new Date(
    Math.min(
      notBefore.getTime() + days * DAY_MS,
      signing.ca ? signing.ca.info.notAfter.getTime() : Number.POSITIVE_INFINITY,
    ),
  );
  const { extensions: extra } = profile;
  const serialNumber = newSerialNumber();
  const crlShard =
    signing.ca && !extra.ocspNoCheck ? crlShardOf(serialNumber, signing.ca.authority.crlShards) : undefined;
  const der = await issueCertificate(
    {
      serialNumber,
      subject,
      // The CA's name as its own certificate encodes it, encoded once per CA certificate.
      issuer: signing.ca ? caSubjectDer(signing.ca.info) : subject,
      notBefore,
      notAfter,
      publicKeyInfo: options.publicKeyDer ?? publicKey,
      extensions: {
        basicConstraints: profile.ca
          ? {
              ca: true,
              ...(profile.ca.pathLength !== undefined ? { pathLength: profile.ca.pathLength } : {}),
            }
          : { ca: false },
        keyUsage: [...profile.keyUsage],
        ...(profile.extendedKeyUsage.length > 0
          ? {
              extendedKeyUsage: [...profile.extendedKeyUsage],
              ...(extra.extendedKeyUsageCritical ? { extendedKeyUsageCritical: true } : {}),
            }
          : {}),
        subjectKeyIdentifier: subjectKeyIdentifier(publicKey),
        ...(options.subjectAltName ? { subjectAltName: options.subjectAltName } : {}),
        ...(signing.ca ? fromAuthority(ctx, profile, signing.ca, crlShard) : {}),
        ...(profile.policies.length > 0 ? { certificatePolicies: [...profile.policies] } : {}),
        ...(extra.privateKeyUsagePeriod ? { privateKeyUsagePeriod: { notBefore, notAfter } } : {}),
        ...(extra.subjectSignTool !== undefined
          ? { subjectSignTool: options.subjectSignTool ?? extra.subjectSignTool }
          : {}),
        ...(extra.issuerSignTool ? { issuerSignTool: extra.issuerSignTool } : {}),
        ...(extra.identificationKind !== undefined ? { identificationKind: extra.identificationKind } : {}),
        ...(extra.ocspNoCheck ? { ocspNoCheck: true } : {}),
      },
    },
    await signing.signer(),
  );
  // The row and the audit record take what was signed, as a parser of the DER would read it
  // back (the validity is encoded to the second), without parsing the certificate again.
  const serial = Buffer.from(serialNumber).toString('hex');
  const subjectText = formatName(subject);
  const fields = {
    serialNumberHex: serial,
    subjectText,
    subject: nameAttributes(subject),
    notBefore: wholeSeconds(notBefore),
    notAfter: wholeSeconds(notAfter),
  };
  const row = certificateInsert({
    der,
    info: fields,
    caId: signing.caId,
    purpose: profile.purpose,
    profile: profile.id,
    ...(options.accountId !== undefined ? { accountId: options.accountId } : {}),
    ...(options.keyId !== undefined ? { keyId: options.keyId } : {}),
    createdBy: requester.actor,
    ...(crlShard !== undefined ? { crlShard } : {}),
  });
  // Systems that follow users' certificates hear of a new one (the CA's own, TLS and service certificates are not announced).
  const announced =
    isUserPurpose(profile.purpose) && options.accountId !== undefined
      ? [
          webhookEventInsert({
            type: 'certificate.issued',
            accountId: options.accountId,
            data: certificateEventData({
              serial,
              accountId: options.accountId,
              status: 'valid',
              profile: profile.id,
              subject: subjectText,
            }),
          }),
        ]
      : [];
  const write: IssuanceWrite = {
    statements: [row, ...announced],
    record: {
      actor: requester.actor,
      action: 'certificate.issue',
      target: `certificate:${serial}`,
      details: {
        profile: profile.id,
        purpose: profile.purpose,
        ca: signing.caId,
        subject: subjectText,
        account: options.accountId ?? null,
        key: options.keyId ?? null,
        ...options.auditDetails,
      },
      ...(requester.requestId !== undefined ? { requestId: requester.requestId } : {}),
    },
    ...(signing.remembered && signing.ca ? { rememberedAuthority: signing.ca.authority } : {}),
  };
  if (options.firstInTransaction || options.alsoInTransaction) {
    await ctx.db.transaction(async (tx) => {
      await options.firstInTransaction?.(tx, { serial, der });
      // The row, its record and its event in one statement: one round trip after the audit lane's.
      await appendAuditAlongside(tx, write.record, write.statements);
      await options.alsoInTransaction?.(tx, { serial, der });
    });
  } else {
    await issuanceCommits(ctx.db).submit(write);
  }
  caMetrics.certificatesIssued.inc({ ca: signing.caId });
  return {
    serial,
    der,
    subject: subjectText,
    notBefore: fields.notBefore,
    notAfter: fields.notAfter,
    caId: signing.caId,
    caCertificate: signing.ca?.authority.certificate ?? der,
  };
}

/**
 * RFC 5280's key identifier (SHA-1 of the subject public key), as pki's
 * `keyIdentifier` makes it, hashed here synchronously: Web Crypto's digest
 * is a job on the thread pool, a cost out of all proportion for 65 bytes.
 */
function subjectKeyIdentifier(publicKey: SubjectPublicKeyInfo): Uint8Array {
  return new Uint8Array(createHash('sha1').update(new Uint8Array(publicKey.subjectPublicKey)).digest());
}

/** A time as a certificate's validity holds it: UTCTime and GeneralizedTime there have no fractions of a second. */
function wholeSeconds(time: Date): Date {
  return new Date(Math.floor(time.getTime() / 1000) * 1000);
}

/**
 * Generates a key for a certificate and hands it to `use`; if `use` fails
 * (the certificate was refused or not recorded), the key is destroyed: no
 * key outlives a certificate that was never issued.
 */
export async function withNewKey<T>(
  keyStore: KeyStore,
  spec: KeySpec,
  policy: KeyPolicy,
  use: (key: KeyHandle) => Promise<T>,
): Promise<T> {
  const key = await keyStore.generate(spec, policy);
  try {
    return await use(key);
  } catch (error) {
    await keyStore.destroy(key).catch(() => undefined);
    throw error;
  }
}
