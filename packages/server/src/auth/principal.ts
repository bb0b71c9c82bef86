import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type Role = 'admin' | 'operator' | 'user';

/** Who is making a request, and how they proved it. */
export interface Principal {
  accountId: string;
  role: Role;
  login: string;
  /** `oauth`: an access token oidc-provider issued to a client acting for the user with their consent. */
  method: 'session' | 'token' | 'certificate' | 'oauth';
  /** Session logins only: the session's id (the SHA-256 of its cookie token). */
  sessionId?: string;
  /** Client-certificate logins only: the SHA-256 fingerprint of the certificate presented (a sign-out is remembered for it). */
  certificateFingerprint?: string;
  /** OAuth access tokens only: the client that acts for the user. */
  clientId?: string;
  /** OAuth access tokens only: the grant the user approved (a CSC credential authorisation may belong to it). */
  grantId?: string;
  /** Bearer tokens (API and OAuth) only: what the token may do. */
  scopes?: readonly string[];
  /** Bearer tokens only: the name its owner gave it (an OAuth client's name), which a device shows as the system that asks. */
  tokenName?: string;
  mustChangePassword: boolean;
  /** Session logins only: the role requires a second factor the account has not enrolled yet, so only enrolment is allowed. */
  secondFactorEnrolmentRequired?: boolean;
}

/** The audit log's name for a principal: `operator:<id>`, `user:<id>`, `admin:<id>`. */
export function actorOf(principal: Pick<Principal, 'role' | 'accountId'>): string {
  return `${principal.role}:${principal.accountId}`;
}

/** A random secret of 32 bytes from the CSPRNG, base64url. */
export function randomSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** What the database keeps of a bearer secret (session cookie, API token): its SHA-256, hex. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time equality of two strings of any length (CSRF tokens): their SHA-256 digests are compared. */
export function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}
