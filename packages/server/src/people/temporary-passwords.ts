import { createHash } from 'node:crypto';
import { appendAudit } from '../audit/audit-log.js';
import { generateTemporaryPassword, hashPassword } from '../auth/password.js';
import type { SecretSealer } from '../auth/second-factor.js';
import { DomainError } from '../core/domain-error.js';
import type { Db, Queryable } from '../db/db.js';
import type { ChangeContext } from './accounts.js';
import { passwordLetters, protectedPasswordList, type PasswordEntry } from './password-documents.js';

/**
 * Temporary passwords of users a bulk job created (issue #16 §3). Each one
 * is random, must be changed at first sign-in and expires; only its hash
 * signs in, and the plaintext waits sealed under the master key until the
 * operator delivers the job's passwords — once, as printed letters or as a
 * password-protected file — when the sealed plaintexts are deleted in the
 * transaction that audits the delivery.
 */

/** What the key store's sealing calls these secrets. */
const SEALING_PURPOSE = 'temporary-password';

/** ≈ 92 bits from the CSPRNG: strong without a slow hash, and still typed from paper. */
export const TEMPORARY_PASSWORD_LENGTH = 16;

/**
 * scrypt cost of a temporary password's hash. A slow hash protects guessable
 * passwords; a random 92-bit one cannot be guessed at any speed, and the
 * full cost (about 0.1–0.4 s each) would make an import of 10,000 employees
 * take an hour. Sign-in still spends the full cost (`verifyPasswordAtCost`).
 */
const TEMPORARY_HASH_LOG_N = 4;

/** What a node needs to issue temporary passwords in a bulk job: the key store's sealing and the lifetime. */
export interface TemporaryPasswordIssuer {
  sealer: SecretSealer;
  /** Days until the password stops working (PODPIS_TEMPORARY_PASSWORD_DAYS). */
  validDays: number;
}

function sealId(jobId: string, accountId: string): string {
  return `${jobId}:${accountId}`;
}

function digestOf(passwordHash: string): Buffer {
  return createHash('sha256').update(passwordHash).digest();
}

/**
 * Gives each new account of a job a temporary password in the caller's
 * transaction: the hash in the account (to be changed at first sign-in,
 * expiring after `validDays`), the plaintext sealed for delivery. Nothing of
 * it is audited or logged.
 */
export async function issueTemporaryPasswords(
  tx: Queryable,
  issuer: TemporaryPasswordIssuer,
  jobId: string,
  accountIds: readonly string[],
): Promise<void> {
  if (accountIds.length === 0) return;
  const issued = await Promise.all(
    accountIds.map(async (accountId) => {
      const password = generateTemporaryPassword(TEMPORARY_PASSWORD_LENGTH);
      const hash = await hashPassword(password, TEMPORARY_HASH_LOG_N);
      const sealed = issuer.sealer.sealSecret(
        SEALING_PURPOSE,
        sealId(jobId, accountId),
        Buffer.from(password, 'utf8'),
      );
      return {
        accountId,
        hash,
        sealed: Buffer.from(sealed).toString('hex'),
        digest: digestOf(hash).toString('hex'),
      };
    }),
  );
  await tx.query(
    `UPDATE accounts a SET password_hash = d.hash, must_change_password = true,
            password_expires_at = now() + $3::int * interval '1 day'
       FROM unnest($1::uuid[], $2::text[]) AS d(id, hash) WHERE a.id = d.id`,
    [issued.map((i) => i.accountId), issued.map((i) => i.hash), issuer.validDays],
  );
  await tx.query(
    `INSERT INTO temporary_passwords (job_id, account_id, sealed, hash_digest)
     SELECT $1, t.id, decode(t.sealed, 'hex'), decode(t.digest, 'hex')
       FROM unnest($2::uuid[], $3::text[], $4::text[]) AS t(id, sealed, digest)`,
    [jobId, issued.map((i) => i.accountId), issued.map((i) => i.sealed), issued.map((i) => i.digest)],
  );
}

export const DELIVERY_FORMATS = ['letters', 'protected-file'] as const;
export type DeliveryFormat = (typeof DELIVERY_FORMATS)[number];

/** Where a job's passwords stand: how many wait, and the delivery if it happened. */
export interface TemporaryPasswordStatus {
  jobId: string;
  /** Sealed passwords waiting for delivery (0 once delivered). */
  pending: number;
  delivery: {
    format: DeliveryFormat;
    delivered: number;
    leftOut: number;
    deliveredBy: string;
    deliveredAt: string;
  } | null;
}

type DeliveryRow = {
  format: DeliveryFormat;
  delivered: number;
  left_out: number;
  delivered_by: string;
  delivered_at: Date;
};

/** Where the passwords of a job stand (its caller found the job: people/ does not read bulk jobs). */
export async function temporaryPasswordStatus(
  db: Queryable,
  jobId: string,
): Promise<TemporaryPasswordStatus> {
  const { rows } = await db.query<DeliveryRow>(
    'SELECT format, delivered, left_out, delivered_by, delivered_at FROM temporary_password_deliveries WHERE job_id = $1',
    [jobId],
  );
  const { rows: pending } = await db.query<{ n: string | number }>(
    'SELECT count(*) AS n FROM temporary_passwords WHERE job_id = $1',
    [jobId],
  );
  const row = rows[0];
  return {
    jobId,
    pending: Number(pending[0]?.n ?? 0),
    delivery: row
      ? {
          format: row.format,
          delivered: row.delivered,
          leftOut: row.left_out,
          deliveredBy: row.delivered_by,
          deliveredAt: row.delivered_at.toISOString(),
        }
      : null,
  };
}

/**
 * A file password the operator chose must resist guessing offline (the file
 * can be copied): 12 characters with three kinds of lower case, upper case,
 * digits and other signs, or a 20-character passphrase; at most 127 bytes
 * (what a PDF password can hold) → else 422 FILE_PASSWORD_WEAK.
 */
export function checkFilePassword(password: string): void {
  const length = Array.from(password).length;
  const kinds = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u].filter((kind) =>
    kind.test(password),
  ).length;
  if (Buffer.byteLength(password, 'utf8') > 127) {
    throw new DomainError('FILE_PASSWORD_WEAK', 'the file password is longer than 127 bytes');
  }
  if (!(length >= 20 || (length >= 12 && kinds >= 3))) {
    throw new DomainError(
      'FILE_PASSWORD_WEAK',
      'the file password needs 12 characters with three of lower case, upper case, digits and other signs, or 20 characters',
    );
  }
}

/** Where the sealed passwords are opened and the documents made. */
export interface DeliveryContext {
  db: Db;
  sealer: SecretSealer;
  /** The office's address, printed in the letters as where to sign in. */
  publicUrl: string;
  now: () => Date;
}

/** A delivered file: the document, and the file password when Podpis generated it (shown this once). */
export interface Delivery {
  format: DeliveryFormat;
  fileName: string;
  content: Uint8Array;
  generatedFilePassword?: string;
  delivered: number;
  /** Users left out: their password was changed (they already signed in) or expired. */
  leftOut: { login: string; reason: 'changed' | 'expired' }[];
}

type PendingRow = {
  account_id: string;
  sealed: Uint8Array;
  hash_digest: Uint8Array;
  login: string;
  surname: string | null;
  name: string | null;
  patronymic: string | null;
  password_hash: string | null;
  must_change_password: boolean;
  expired: boolean;
  password_expires_at: Date | null;
};

/**
 * Delivers a finished job's temporary passwords, exactly once: as letters
 * (one A4 page per employee, in Russian) or as a list in a PDF encrypted
 * with AES-256 under the file password (the operator's, checked, or one
 * generated and returned this once). Users whose password was changed or
 * expired are left out. The document is made before anything changes; then
 * one transaction records the delivery, deletes the sealed plaintexts and
 * audits `temporary_passwords.delivered` (counts only). A second delivery →
 * 410 TEMPORARY_PASSWORDS_DELIVERED; a job with none waiting (it created
 * nobody, or housekeeping erased them) → 409
 * TEMPORARY_PASSWORDS_NONE; a job still working → 409 BULK_JOB_STATE.
 */
export async function deliverTemporaryPasswords(
  ctx: DeliveryContext,
  /** The bulk job, as its caller read it. */
  job: { id: string; status: string },
  request: { format: DeliveryFormat; filePassword?: string },
  context: ChangeContext,
): Promise<Delivery> {
  const jobId = job.id;
  if (request.format === 'protected-file' && request.filePassword !== undefined) {
    checkFilePassword(request.filePassword);
  }
  const status = await temporaryPasswordStatus(ctx.db, jobId);
  if (status.delivery) throw alreadyDelivered(status.delivery);
  if (job.status !== 'completed' && job.status !== 'cancelled') {
    throw new DomainError('BULK_JOB_STATE', 'passwords are delivered once the job has finished', {
      jobStatus: job.status,
    });
  }
  const { rows } = await ctx.db.query<PendingRow>(
    `SELECT t.account_id, t.sealed, t.hash_digest, a.login, p.surname, p.name, p.patronymic, a.password_hash,
            a.must_change_password, coalesce(a.password_expires_at <= now(), false) AS expired, a.password_expires_at
       FROM temporary_passwords t JOIN accounts a ON a.id = t.account_id
       LEFT JOIN user_profiles p ON p.account_id = t.account_id
      WHERE t.job_id = $1 ORDER BY p.surname, p.name, p.patronymic, a.login`,
    [jobId],
  );
  if (rows.length === 0) {
    throw new DomainError(
      'TEMPORARY_PASSWORDS_NONE',
      'no temporary passwords of this job are waiting: it created no users, or their passwords expired undelivered and were erased',
    );
  }
  const entries: PasswordEntry[] = [];
  const leftOut: Delivery['leftOut'] = [];
  for (const row of rows) {
    const unchanged =
      row.must_change_password &&
      row.password_hash !== null &&
      digestOf(row.password_hash).equals(Buffer.from(row.hash_digest));
    if (!unchanged) {
      leftOut.push({ login: row.login, reason: 'changed' });
      continue;
    }
    if (row.expired) {
      leftOut.push({ login: row.login, reason: 'expired' });
      continue;
    }
    const opened = ctx.sealer.openSecret(SEALING_PURPOSE, sealId(jobId, row.account_id), row.sealed);
    entries.push({
      login: row.login,
      fullName: [row.surname, row.name, row.patronymic].filter((part) => part).join(' '),
      givenNames: [row.name, row.patronymic].filter((part) => part).join(' '),
      password: Buffer.from(opened).toString('utf8'),
      expiresAt: row.password_expires_at,
    });
  }
  const generatedFilePassword =
    request.format === 'protected-file' && request.filePassword === undefined
      ? generateTemporaryPassword(20)
      : undefined;
  const content =
    request.format === 'letters'
      ? await passwordLetters(entries, { signInUrl: `${ctx.publicUrl}/`, now: ctx.now() })
      : await protectedPasswordList(entries, {
          password: request.filePassword ?? generatedFilePassword!,
          jobId,
          now: ctx.now(),
        });
  await ctx.db.transaction(async (tx) => {
    const { rows: recorded } = await tx.query<DeliveryRow>(
      `INSERT INTO temporary_password_deliveries (job_id, format, delivered, left_out, delivered_by)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (job_id) DO NOTHING RETURNING format`,
      [jobId, request.format, entries.length, leftOut.length, context.actor],
    );
    if (recorded.length === 0) {
      // Another delivery of this job committed while this document was being made.
      throw new DomainError(
        'TEMPORARY_PASSWORDS_DELIVERED',
        'the passwords of this job were already delivered',
      );
    }
    await tx.query('DELETE FROM temporary_passwords WHERE job_id = $1', [jobId]);
    await appendAudit(tx, {
      actor: context.actor,
      ...(context.requestId ? { requestId: context.requestId } : {}),
      action: 'temporary_passwords.delivered',
      target: `bulk_job:${jobId}`,
      details: {
        format: request.format,
        delivered: entries.length,
        leftOut: leftOut.length,
        ...(request.format === 'protected-file'
          ? { filePassword: generatedFilePassword ? 'generated' : 'chosen by the operator' }
          : {}),
      },
    });
  });
  const fileName =
    request.format === 'letters' ? `passwords-${jobId}-letters.pdf` : `passwords-${jobId}-protected.pdf`;
  return {
    format: request.format,
    fileName,
    content,
    ...(generatedFilePassword ? { generatedFilePassword } : {}),
    delivered: entries.length,
    leftOut,
  };
}

/** What one purge erased: the sealed passwords, and the jobs they belonged to. */
export interface PurgedPasswords {
  passwords: number;
  jobs: string[];
}

/**
 * Erases sealed temporary passwords nobody can usefully deliver any more,
 * so an undelivered job does not keep plaintexts (under the master key)
 * for ever: those whose password expired (the delivery window is the
 * password's lifetime, PODPIS_TEMPORARY_PASSWORD_DAYS), and all sealed
 * more than `retentionDays` ago (the bulk jobs' retention, after which the
 * job's rows are erased too). A password changed in between (an operator's
 * reset) is dead but stays until then, so the delivery can still name its
 * user among those left out. One transaction, audited as
 * one `temporary_passwords.purge` (jobs and count) when anything went; a
 * later delivery of such a job finds nothing waiting.
 */
export async function purgeUndeliveredPasswords(
  db: Db,
  sealedBefore: Date,
  retentionDays: number,
): Promise<PurgedPasswords> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ job_id: string }>(
      `DELETE FROM temporary_passwords t USING accounts a
        WHERE a.id = t.account_id
          AND (t.created_at < $1 OR coalesce(a.password_expires_at <= now(), false))
        RETURNING t.job_id`,
      [sealedBefore],
    );
    if (rows.length === 0) return { passwords: 0, jobs: [] };
    const jobs = [...new Set(rows.map((r) => r.job_id))].sort();
    await appendAudit(tx, {
      actor: 'system',
      action: 'temporary_passwords.purge',
      details: { jobs, passwords: rows.length, retentionDays },
    });
    return { passwords: rows.length, jobs };
  });
}

function alreadyDelivered(delivery: NonNullable<TemporaryPasswordStatus['delivery']>): DomainError {
  return new DomainError(
    'TEMPORARY_PASSWORDS_DELIVERED',
    `the passwords of this job were delivered on ${delivery.deliveredAt} and are no longer kept; reset the password of anyone who did not get theirs`,
    { deliveredAt: delivery.deliveredAt, deliveredBy: delivery.deliveredBy, format: delivery.format },
  );
}
