import { createHash } from 'node:crypto';
import { parseCertificate, type CertificateInfo, type Signer } from '@podpis/pki';
import type { Db, Queryable } from '../db/db.js';
import type { Statement } from '../db/statement.js';
import { DomainError } from '../core/domain-error.js';
import { serviceSigner, type KeyStore } from '../keystore/index.js';
import type { PkiUrls } from './pki-urls.js';
import type { CertificatePurpose, CertificateProfiles } from './profiles.js';

export type Hierarchy = 'gost' | 'infrastructure';

export interface AuthorityRecord {
  id: string;
  hierarchy: Hierarchy;
  role: 'root' | 'issuing';
  parentId: string | null;
  keyId: string;
  certificate: Uint8Array;
  subject: string;
  /** How many CRL shards new certificates are spread over; 0: one full CRL (see crl-shards.ts). */
  crlShards: number;
}

interface AuthorityRow extends Record<string, unknown> {
  id: string;
  hierarchy: Hierarchy;
  role: 'root' | 'issuing';
  parent_id: string | null;
  key_id: string;
  certificate: Uint8Array;
  subject: string;
  crl_shards: number;
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
    crlShards: row.crl_shards,
  };
}

export async function listAuthorities(db: Queryable): Promise<AuthorityRecord[]> {
  const { rows } = await db.query<AuthorityRow>(
    'SELECT id, hierarchy, role, parent_id, key_id, certificate, subject, crl_shards FROM certificate_authorities ORDER BY created_at, id',
  );
  return rows.map(toRecord);
}

export async function findAuthority(db: Queryable, id: string): Promise<AuthorityRecord> {
  const { rows } = await db.query<AuthorityRow>(
    'SELECT id, hierarchy, role, parent_id, key_id, certificate, subject, crl_shards FROM certificate_authorities WHERE id = $1',
    [id],
  );
  const row = rows[0];
  if (!row) throw new DomainError('CA_NOT_FOUND', `no certification authority ${id}`);
  return toRecord(row);
}

/** What a stored certificate row needs, shared by CA, service and user certificates. */
export interface StoredCertificate {
  der: Uint8Array;
  /**
   * What the row takes from `der`, when the caller has it (parsing costs
   * milliseconds): `der` parsed, or the same fields as the caller signed them;
   * `der` is parsed here otherwise.
   */
  info?: StoredFields;
  caId: string;
  purpose: CertificatePurpose;
  /** The id of the certificate profile it was issued under. */
  profile: string;
  accountId?: string;
  keyId?: string;
  createdBy: string;
  /** The CRL shard named in its distribution point; absent: the CA's full CRL. */
  crlShard?: number;
}

/** The fields of a certificate row read from its DER. */
export type StoredFields = Pick<
  CertificateInfo,
  'serialNumberHex' | 'subjectText' | 'subject' | 'notBefore' | 'notAfter'
>;

/** Records an issued certificate; its serial, subject and validity come from the DER itself. */
export async function storeCertificate(tx: Queryable, stored: StoredCertificate): Promise<string> {
  const info = stored.info ?? parseCertificate(stored.der);
  const { sql, params } = certificateInsert({ ...stored, info });
  await tx.query(sql, params);
  return info.serialNumberHex;
}

/** The statement `storeCertificate` runs, for `issue`, which sends it together with its audit record. */
export function certificateInsert(stored: StoredCertificate & { info: StoredFields }): Statement {
  const { info } = stored;
  return {
    sql: `INSERT INTO certificates (serial, ca_id, purpose, account_id, subject, subject_attributes, not_before, not_after,
       key_id, der, sha256_fingerprint, created_by, profile, crl_shard)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    params: [
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
      stored.profile,
      stored.crlShard ?? null,
    ],
  };
}

export interface AuthorityContext {
  db: Db;
  keyStore: KeyStore;
  urls: PkiUrls;
  now: () => Date;
  /** The certificate profiles issued under; the default ones (`DEFAULT_PROFILES`) when absent. */
  profiles?: CertificateProfiles;
}

/** The signer of a CA's key (CA keys have no PIN: the server uses them under its standing activation). */
export async function authoritySigner(keyStore: KeyStore, authority: AuthorityRecord): Promise<Signer> {
  return serviceSigner(keyStore, { id: authority.keyId });
}
