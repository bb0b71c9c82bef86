import type { AuthorityContext } from '../ca/authorities.js';
import { certificateKey, findUserCertificate } from '../ca/certificate-lifecycle.js';
import { DomainError } from '../core/domain-error.js';
import type { KeyRef } from '../keystore/index.js';

/**
 * The holder's certificate whose key the service may use now, and that
 * key: the certificate must be theirs (CERT_NOT_FOUND), valid now
 * (CERT_NOT_VALID: revoked, suspended, expired or not yet valid) and its key
 * held here (KEY_NOT_HELD). `use` says what for, in the refusal.
 */
export async function holderKey(
  ctx: AuthorityContext,
  serial: string,
  accountId: string,
  use: 'sign' | 'decrypt',
): Promise<{ certificate: Awaited<ReturnType<typeof findUserCertificate>>; key: KeyRef }> {
  const now = ctx.now();
  const certificate = await findUserCertificate(ctx.db, serial, now, accountId);
  if (certificate.status !== 'valid' || certificate.notBefore.getTime() > now.getTime()) {
    throw new DomainError(
      'CERT_NOT_VALID',
      `certificate ${certificate.serial} is ${certificate.status === 'valid' ? 'not yet valid' : certificate.status}: it cannot ${use}`,
      { certificateStatus: certificate.status },
    );
  }
  const held = await certificateKey(ctx, certificate);
  if (!held.held || certificate.keyId === null) {
    throw new DomainError(
      'KEY_NOT_HELD',
      `the private key of certificate ${certificate.serial} is not held by the service`,
    );
  }
  return { certificate, key: { id: certificate.keyId } };
}
