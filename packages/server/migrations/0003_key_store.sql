-- The key store (M4): one row per key, whichever store holds the private half.
-- Software keys: the PKCS#8 sealed under a per-key data key, the data key
-- wrapped under the master key (and, for user keys, the PIN). PKCS#11 keys:
-- only the mapping to the token's objects. Destroyed keys keep their row
-- (public key, dates) for the audit trail; their sealed material is erased.
CREATE TABLE stored_keys (
  id uuid PRIMARY KEY,
  backend text NOT NULL CHECK (backend IN ('software', 'pkcs11')),
  label text NOT NULL,
  owner text NOT NULL,
  algorithm jsonb NOT NULL,
  protection text NOT NULL CHECK (protection IN ('pin', 'none')),
  public_key_info bytea NOT NULL,
  sealed bytea,
  wrapped_key bytea,
  wrap jsonb NOT NULL,
  failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  destroyed_at timestamptz,
  CHECK (backend <> 'software' OR destroyed_at IS NOT NULL OR (sealed IS NOT NULL AND wrapped_key IS NOT NULL))
);

CREATE INDEX stored_keys_owner ON stored_keys (owner);
