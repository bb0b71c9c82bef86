/**
 * What a bearer API token may do, chosen when the user creates it. Each
 * route a user can call with a token names the one scope it needs; a
 * session (the user in the browser) and operators' client certificates are
 * not limited by scopes. Asking who the token belongs to (`GET /session`,
 * `GET /me`) needs none.
 */
export const API_SCOPES = {
  'certificates:read': 'list, view and download your certificates',
  'keys:pin': "change the PIN of your certificates' keys",
  'certificates:renew': 'ask an operator to renew your certificates',
  signing:
    "sign documents and digests with your certificates' keys (each signature still needs your confirmation: the key PIN or an approval on your device)",
  encryption: 'encrypt messages to certificates',
  decryption:
    "decrypt messages with your certificates' keys (each decryption still needs your confirmation: the key PIN or an approval on your device)",
  webhooks:
    'manage your webhook subscriptions, which hear of events about your own certificates and operations',
} as const;

export type ApiScope = keyof typeof API_SCOPES;

export const API_SCOPE_NAMES = Object.keys(API_SCOPES) as ApiScope[];

/** One line per scope, for the OpenAPI description of token creation. */
export function describeScopes(): string {
  return API_SCOPE_NAMES.map((scope) => `\`${scope}\`: ${API_SCOPES[scope]}`).join('; ');
}

/** The sentence a route's OpenAPI description carries about its scope. */
export function scopeNote(scope: ApiScope): string {
  return `With a bearer token: needs the scope \`${scope}\` (403 INSUFFICIENT_SCOPE otherwise).`;
}
