-- Delta CRLs (RFC 5280 §5.2.4) share the crls table and the CA's CRL
-- number sequence with complete CRLs; delta_base (from 0005) holds the
-- number of the complete CRL a delta is relative to.

-- When a certificate last came off hold: a delta CRL lists it as
-- removeFromCRL (§5.3.1) if that happened after its base, so a relying
-- party that combines the delta with a newer complete CRL drops the hold too.
ALTER TABLE certificates ADD COLUMN resumed_at timestamptz;
CREATE INDEX certificates_ca_resumed ON certificates (ca_id, resumed_at) WHERE resumed_at IS NOT NULL;

-- A delta's base is the oldest complete CRL still current (next_update ahead).
CREATE INDEX crls_complete_current ON crls (ca_id, next_update) WHERE delta_base IS NULL;
