import { createHash } from 'node:crypto';
import {
  buildName,
  issueCertificate,
  keyIdentifier,
  OID,
  parseCertificate,
  type CertificateExtensions,
  type KeySpec,
  type Signer,
} from '@podpis/pki';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo, type Name } from '@peculiar/asn1-x509';
import { appendAudit } from '../audit/audit-log.js';
import type { Db, Queryable } from '../db/db.js';
import { DomainError } from '../core/domain-error.js';
import { serviceSigner, type KeyStore } from '../keystore/index.js';
import type { PkiUrls } from './pki-urls.js';
import { newSerialNumber } from './serial.js';

export type Hierarchy = 'gost' | 'infrastructure';

export interface AuthorityRecord {
  id: string;
  hierarchy: Hierarchy;
  role: 'root' | 'issuing';
  parentId: string | null;
  keyId: string;
  certificate: Uint8Array;
  subject: string;
}

interface AuthorityRow extends Record<string, unknown> {
  id: string;
  hierarchy: Hierarchy;
  role: 'root' | 'issuing';
  parent_id: string | null;
  key_id: string;
  certificate: Uint8Array;
  subject: string;
}

function toRecord(row: AuthorityRow): AuthorityRecord {
  return {
    id: row.id,
    hierarchy: row.hierarchy,
    role: row.role,
    parentId: row.parent_id,
    keyId: row.key_id,
    certificate: new Uint8Array(row.certificate),
    subject: row.subject,
  };
}

export async function listAuthorities(db: Queryable): Promise<AuthorityRecord[]> {
  const { rows } = await db.query<AuthorityRow>(
    'SELECT id, hierarchy, role, parent_id, key_id, certificate, subject FROM certificate_authorities ORDER BY created_at, id',
  );
  return rows.map(toRecord);
}

export async function findAuthority(db: Queryable, id: string): Promise<AuthorityRecord> {
  const { rows } = await db.query<AuthorityRow>(
    'SELECT id, hierarchy, role, parent_id, key_id, certificate, subject FROM certificate_authorities WHERE id = $1',
    [id],
  );
  const row = rows[0];
  if (!row) throw new DomainError('CA_NOT_FOUND', `no certification authority ${id}`);
  return toRecord(row);
}

/** What a stored certificate row needs, shared by CA, service and user certificates. */
export interface StoredCertificate {
  der: Uint8Array;
  caId: string;
  purpose: 'ca' | 'qualified' | 'client' | 'server' | 'ocsp' | 'tsa' | 'audit';
  accountId?: string;
  keyId?: string;
  createdBy: string;
}

/** Records an issued certificate; its serial, subject and validity come from the DER itself. */
export async function storeCertificate(tx: Queryable, stored: StoredCertificate): Promise<string> {
  const info = parseCertificate(stored.der);
  await tx.query(
    `INSERT INTO certificates (serial, ca_id, purpose, account_id, subject, subject_attributes, not_before, not_after,
       key_id, der, sha256_fingerprint, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      info.serialNumberHex,
      stored.caId,
      stored.purpose,
      stored.accountId ?? null,
      info.subjectText,
      JSON.stringify(info.subject),
      info.notBefore,
      info.notAfter,
      stored.keyId ?? null,
      stored.der,
      createHash('sha256').update(stored.der).digest('hex'),
      stored.createdBy,
    ],
  );
  return info.serialNumberHex;
}

export interface AuthorityContext {
  db: Db;
  keyStore: KeyStore;
  urls: PkiUrls;
  now: () => Date;
}

/** The signer of a CA's key (CA keys have no PIN: the server uses them under its standing activation). */
export async function authoritySigner(keyStore: KeyStore, authority: AuthorityRecord): Promise<Signer> {
  return serviceSigner(keyStore, { id: authority.keyId });
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

export interface NewAuthority {
  id: string;
  hierarchy: Hierarchy;
  commonName: string;
  keySpec: KeySpec;
  validityYears: number;
  /** Absent for a root (self-signed). */
  parent?: AuthorityRecord;
  pathLength?: number;
  /** Extensions of the Russian profile for GOST CAs. */
  issuerSignTool?: CertificateExtensions['issuerSignTool'];
}

/** Creates a CA: key in the key store, certificate signed by the parent (or itself), row and audit record. */
export async function createAuthority(
  ctx: AuthorityContext,
  spec: NewAuthority,
  actor: string,
): Promise<AuthorityRecord> {
  const key = await ctx.keyStore.generate(spec.keySpec, { label: spec.commonName, owner: `ca:${spec.id}` });
  const signer = await serviceSigner(ctx.keyStore, key);
  const publicKeyInfo = AsnConvert.parse(key.publicKeyInfo, SubjectPublicKeyInfo);
  const subject: Name = buildName([
    { type: OID.country, value: 'RU' },
    { type: OID.organizationName, value: 'Podpis' },
    { type: OID.commonName, value: spec.commonName },
  ]);
  const parent = spec.parent;
  const parentSigner = parent ? await authoritySigner(ctx.keyStore, parent) : signer;
  const parentInfo = parent ? parseCertificate(parent.certificate) : undefined;
  const now = ctx.now();
  const der = await issueCertificate(
    {
      serialNumber: newSerialNumber(),
      subject,
      issuer: parentInfo ? parentInfo.asn1.tbsCertificate.subject : subject,
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(now.getTime() + spec.validityYears * YEAR_MS),
      publicKeyInfo,
      extensions: {
        basicConstraints: {
          ca: true,
          ...(spec.pathLength !== undefined ? { pathLength: spec.pathLength } : {}),
        },
        keyUsage: ['keyCertSign', 'cRLSign', 'digitalSignature'],
        subjectKeyIdentifier: await keyIdentifier(publicKeyInfo),
        ...(parentInfo?.subjectKeyIdentifier
          ? { authorityKeyIdentifier: parentInfo.subjectKeyIdentifier }
          : {}),
        ...(parent
          ? {
              crlDistributionPoints: [ctx.urls.crl(parent.id)],
              freshestCrl: [ctx.urls.deltaCrl(parent.id)],
              authorityInfoAccess: { ocsp: [ctx.urls.ocsp()], caIssuers: [ctx.urls.caIssuers(parent.id)] },
            }
          : {}),
        ...(spec.hierarchy === 'gost'
          ? {
              subjectSignTool: 'Podpis',
              ...(spec.issuerSignTool ? { issuerSignTool: spec.issuerSignTool } : {}),
            }
          : {}),
      },
    },
    parentSigner,
  );
  const record: AuthorityRecord = {
    id: spec.id,
    hierarchy: spec.hierarchy,
    role: parent ? 'issuing' : 'root',
    parentId: parent?.id ?? null,
    keyId: key.id,
    certificate: der,
    subject: parseCertificate(der).subjectText,
  };
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO certificate_authorities (id, hierarchy, role, parent_id, key_id, certificate, subject)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [record.id, record.hierarchy, record.role, record.parentId, record.keyId, der, record.subject],
    );
    const serial = await storeCertificate(tx, {
      der,
      caId: parent?.id ?? spec.id,
      purpose: 'ca',
      keyId: key.id,
      createdBy: actor,
    });
    await appendAudit(tx, {
      actor,
      action: 'ca.create',
      target: `ca:${spec.id}`,
      details: { serial, subject: record.subject, hierarchy: spec.hierarchy, parent: parent?.id ?? null },
    });
  });
  return record;
}
