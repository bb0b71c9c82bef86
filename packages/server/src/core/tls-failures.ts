/**
 * Node's error codes that mean a TLS connection to a server we call out to
 * (a directory, an HR system) failed on its certificate or its protocol:
 * the administrator's fix is the custom CA or the server's TLS set-up, not
 * the network. One list, so every outgoing connection says the same.
 */
const TLS_FAILURE_CODES: ReadonlySet<string> = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

export function isTlsFailureCode(code: unknown): code is string {
  return typeof code === 'string' && TLS_FAILURE_CODES.has(code);
}
