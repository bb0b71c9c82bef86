-- Key activations: a key signs only under one. A `digests` activation
-- authorises exactly those digests (hex, in order), once — what a user's
-- key gets after the holder confirms. A `service` activation is a CA or
-- service key's standing authorisation: any digests until it expires, or
-- `signatures_left` of them.
-- The caller holds the activation's secret; the row keeps only its SHA-256.
-- For a software user key the data key, unwrapped with the PIN when the
-- activation was confirmed, is sealed under that secret (`sealed_key`) and
-- erased when the activation is used: neither the PIN nor anything that
-- opens the key without the secret is stored.
CREATE TABLE key_activations (
  id uuid PRIMARY KEY,
  key_id uuid NOT NULL REFERENCES stored_keys (id),
  kind text NOT NULL CHECK (kind IN ('digests', 'service')),
  digests jsonb,
  signatures_left integer CHECK (signatures_left >= 0),
  confirmation jsonb NOT NULL,
  secret_hash bytea NOT NULL,
  sealed_key bytea,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz,
  CHECK ((kind = 'digests') = (digests IS NOT NULL)),
  CHECK (kind = 'service' OR signatures_left IS NULL),
  CHECK (consumed_at IS NULL OR sealed_key IS NULL)
);

CREATE INDEX key_activations_key ON key_activations (key_id);
