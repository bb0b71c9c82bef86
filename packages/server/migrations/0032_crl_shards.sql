-- CRLs partitioned into shards (issue #17): a CA with crl_shards = N > 0
-- gives each new certificate a shard 0..N-1, fixed at issuance and named in
-- its CRL distribution point (/pki/crl/<ca>/<shard>.crl); each shard's CRL
-- lists the revoked certificates of that shard only and carries a critical
-- issuingDistributionPoint with that URI. 0 keeps one full CRL per CA, as
-- before. The count only grows: shards already named in certificates stay
-- published until those certificates expire.
ALTER TABLE certificate_authorities
  ADD COLUMN crl_shards integer NOT NULL DEFAULT 0 CHECK (crl_shards BETWEEN 0 AND 4096);

-- NULL: the certificate points to the CA's full CRL (every certificate
-- issued before this migration, and those of unsharded CAs).
ALTER TABLE certificates ADD COLUMN crl_shard integer CHECK (crl_shard >= 0);

-- A shard's CRL reads its listed certificates from this index alone: the
-- revoked and suspended certificates are a small part of all of them.
CREATE INDEX certificates_crl_shard_listed ON certificates (ca_id, crl_shard, serial)
  INCLUDE (status, revoked_at, revocation_reason, not_after)
  WHERE status IN ('revoked', 'suspended');

-- NULL: the full CRL or its delta; else the shard a CRL covers.
ALTER TABLE crls ADD COLUMN shard integer;
CREATE INDEX crls_shard_latest ON crls (ca_id, shard, number) WHERE shard IS NOT NULL;
