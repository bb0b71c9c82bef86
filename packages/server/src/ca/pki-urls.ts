/**
 * Where relying parties fetch what certificates point to: CRLs, the OCSP
 * responder and the issuers' certificates. Plain HTTP, as RFC 5280 advises
 * (no TLS bootstrap problem for clients that validate our TLS certificates).
 */
export interface PkiUrls {
  /** The CA's full CRL: every certificate of unsharded CAs and those issued before sharding. */
  crl(caId: string): string;
  /** One shard's CRL, the distribution point of the certificates issued into that shard. */
  crlShard(caId: string, shard: number): string;
  /** The CA's delta CRL (freshestCRL of issued certificates and complete CRLs). */
  deltaCrl(caId: string): string;
  ocsp(): string;
  caIssuers(caId: string): string;
  /** The time-stamp authority (RFC 3161 over HTTP). */
  tsa(): string;
}

/** `base` may be a function when the port is known only after listening (port 0). */
export function pkiUrls(base: string | (() => string)): PkiUrls {
  const root = (): string => (typeof base === 'string' ? base : base()).replace(/\/+$/, '');
  return {
    crl: (caId) => `${root()}/pki/crl/${caId}.crl`,
    crlShard: (caId, shard) => `${root()}/pki/crl/${caId}/${shard}.crl`,
    deltaCrl: (caId) => `${root()}/pki/crl/${caId}-delta.crl`,
    ocsp: () => `${root()}/pki/ocsp`,
    caIssuers: (caId) => `${root()}/pki/ca/${caId}.crt`,
    tsa: () => `${root()}/pki/tsp`,
  };
}
