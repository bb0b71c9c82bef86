import { API_SCOPE_NAMES } from '../auth/scopes.js';

/** OpenID Connect's own scopes: who the user is. */
export const OIDC_SCOPES = ['openid', 'profile', 'offline_access'] as const;

/** CSC API v2's scopes: `service` (list credentials, info) and `credential` (sign with one credential). */
export const CSC_SCOPES = ['service', 'credential'] as const;

/** The scopes of the REST API's resource (`${publicUrl}/api/v1`) an OAuth client may be allowed. */
export const RESOURCE_SCOPES: readonly string[] = [...API_SCOPE_NAMES, ...CSC_SCOPES];

/** Every scope an administrator may allow a client. */
export const OAUTH_SCOPES: readonly string[] = [...OIDC_SCOPES, ...RESOURCE_SCOPES];

/** The grant types an administrator may allow a client. */
export const OAUTH_GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const;
export type OAuthGrantType = (typeof OAUTH_GRANT_TYPES)[number];
