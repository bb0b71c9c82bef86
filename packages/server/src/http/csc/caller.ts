import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/principal.js';
import { DomainError } from '../../core/domain-error.js';

/**
 * What each group of methods needs of an access token: CSC's `service`
 * (listing, information) or `credential` (authorising and signing) — or
 * the API-token scope that means the same here. Sessions are not scoped.
 */
export const SERVICE_SCOPES = ['service', 'certificates:read'] as const;
export const CREDENTIAL_SCOPES = ['credential', 'signing'] as const;

/**
 * The caller, a user, and a token allowed one of `scopes`: our API tokens
 * and sessions today; an OAuth access token (a principal with its scopes)
 * works the same way.
 */
export async function caller(request: FastifyRequest, scopes: readonly string[]): Promise<Principal> {
  const principal = await request.server.podpisAuth.user(request);
  if (principal.role !== 'user') {
    throw new DomainError('FORBIDDEN', 'the CSC API is for certificate holders');
  }
  if (principal.mustChangePassword) {
    throw new DomainError('PASSWORD_CHANGE_REQUIRED', 'change the temporary password first');
  }
  if (principal.scopes !== undefined && !scopes.some((scope) => principal.scopes!.includes(scope))) {
    throw new DomainError('INSUFFICIENT_SCOPE', `this access token needs the scope ${scopes.join(' or ')}`, {
      requiredScope: scopes[0],
    });
  }
  request.principal = principal;
  return principal;
}
