import { buildName, OID, parseCertificate, type KeySpec } from '@podpis/pki';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { appendAudit } from '../audit/audit-log.js';
import { ensureServiceCertificates } from './service-certificate-top-up.js';
import {
  listAuthorities,
  type AuthorityContext,
  type AuthorityRecord,
  type Hierarchy,
} from './authorities.js';
import { CA_IDS } from './ids.js';
import { issue, withNewKey } from './issue.js';
import { KEY_ALGORITHMS } from './key-algorithms.js';
import { PROFILE_IDS, profilesOf } from './profiles.js';

export { CA_IDS } from './ids.js';

/** The algorithm of the GOST hierarchy's keys (`podpis init --alg`). */
export type CaAlgorithm = 'gost256' | 'gost512' | 'ecdsa' | 'rsa';

const KEY_SPECS: Readonly<Record<CaAlgorithm, KeySpec>> = {
  gost256: KEY_ALGORITHMS.gost256,
  gost512: KEY_ALGORITHMS.gost512,
  ecdsa: KEY_ALGORITHMS['ecdsa-p256'],
  rsa: KEY_ALGORITHMS.rsa3072,
};

export interface NewAuthority {
  id: string;
  hierarchy: Hierarchy;
  commonName: string;
  keySpec: KeySpec;
  /** The id of its certificate's profile: a self-signed one for a root, else one issued by `parent`. */
  profile: string;
  /** Absent for a root (self-signed). */
  parent?: AuthorityRecord;
  /** CRL shards for the certificates it issues (crl-shards.ts); 0, one full CRL, when absent. */
  crlShards?: number;
}

/**
 * Creates a CA: its key in the key store, its certificate issued under its
 * profile by the parent (or by itself), its row and the `ca.create` record
 * committed with the certificate. A failure destroys the new key.
 */
export async function createAuthority(
  ctx: AuthorityContext,
  spec: NewAuthority,
  actor: string,
): Promise<AuthorityRecord> {
  const profile = profilesOf(ctx).get(spec.profile);
  const parent = spec.parent;
  const subject = buildName([
    { type: OID.country, value: 'RU' },
    { type: OID.organizationName, value: 'Podpis' },
    { type: OID.commonName, value: spec.commonName },
  ]);
  const policy = { label: spec.commonName, owner: `ca:${spec.id}` };
  return withNewKey(ctx.keyStore, spec.keySpec, policy, async (key) => {
    const issued = await issue(
      ctx,
      profile,
      subject,
      AsnConvert.parse(key.publicKeyInfo, SubjectPublicKeyInfo),
      { actor },
      {
        ...(parent ? { authority: parent } : { selfSigned: { authorityId: spec.id } }),
        keyId: key.id,
        firstInTransaction: async (tx, { serial, der }) => {
          const { subjectText } = parseCertificate(der);
          await tx.query(
            `INSERT INTO certificate_authorities (id, hierarchy, role, parent_id, key_id, certificate, subject, crl_shards)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [
              spec.id,
              spec.hierarchy,
              parent ? 'issuing' : 'root',
              parent?.id ?? null,
              key.id,
              der,
              subjectText,
              spec.crlShards ?? 0,
            ],
          );
          await appendAudit(tx, {
            actor,
            action: 'ca.create',
            target: `ca:${spec.id}`,
            details: {
              serial,
              subject: subjectText,
              hierarchy: spec.hierarchy,
              parent: parent?.id ?? null,
              ...(spec.crlShards ? { crlShards: spec.crlShards } : {}),
            },
          });
        },
      },
    );
    return {
      id: spec.id,
      hierarchy: spec.hierarchy,
      role: parent ? 'issuing' : 'root',
      parentId: parent?.id ?? null,
      keyId: key.id,
      certificate: issued.der,
      subject: parseCertificate(issued.der).subjectText,
      crlShards: spec.crlShards ?? 0,
    };
  });
}

export interface Authorities {
  root: AuthorityRecord;
  issuing: AuthorityRecord;
  infrastructureRoot: AuthorityRecord;
}

/**
 * The CAs of a new installation: a root and an issuing CA for users'
 * certificates (GOST R 34.10-2012-256 unless asked otherwise), and an ECDSA
 * P-256 infrastructure CA for TLS, which browsers and Node understand; each
 * with a delegated OCSP responder certificate; the GOST issuing CA also
 * certifies the time-stamp authority. Idempotent: an installation that has
 * them keeps them (so `podpis init` adds what a newer version introduced).
 */
export async function setUpAuthorities(
  ctx: AuthorityContext,
  algorithm: CaAlgorithm,
  actor: string,
  options: { crlShards?: number } = {},
): Promise<Authorities> {
  // The CAs that issue end-entity certificates (users', operators', TLS) get the shards; the GOST root issues one CA.
  const shards = options.crlShards ? { crlShards: options.crlShards } : {};
  const existing = await listAuthorities(ctx.db);
  const find = (id: string): AuthorityRecord | undefined => existing.find((a) => a.id === id);
  const keySpec = KEY_SPECS[algorithm];
  const hierarchy = 'gost';
  const root =
    find(CA_IDS.root) ??
    (await createAuthority(
      ctx,
      { id: CA_IDS.root, hierarchy, commonName: 'Podpis Root CA', keySpec, profile: PROFILE_IDS.rootCa },
      actor,
    ));
  const issuing =
    find(CA_IDS.issuing) ??
    (await createAuthority(
      ctx,
      {
        id: CA_IDS.issuing,
        hierarchy,
        commonName: 'Podpis Issuing CA',
        keySpec,
        profile: PROFILE_IDS.issuingCa,
        parent: root,
        ...shards,
      },
      actor,
    ));
  const infrastructureRoot =
    find(CA_IDS.infrastructureRoot) ??
    (await createAuthority(
      ctx,
      {
        id: CA_IDS.infrastructureRoot,
        hierarchy: 'infrastructure',
        commonName: 'Podpis Infrastructure CA',
        keySpec: KEY_ALGORITHMS['ecdsa-p256'],
        profile: PROFILE_IDS.infrastructureCa,
        ...shards,
      },
      actor,
    ));
  await ensureServiceCertificates(ctx, [root, issuing, infrastructureRoot], actor);
  return { root, issuing, infrastructureRoot };
}
