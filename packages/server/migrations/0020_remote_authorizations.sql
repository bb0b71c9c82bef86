-- Remote signing authorisations (docs/architecture.md, "CSC API v2"): the
-- SAD of credentials/authorize. Each names one raw signing operation over
-- exactly the hashes the signature application gave (`numSignatures` of
-- them) and, once the holder's PIN (and device approval or offline code)
-- were accepted, the key activation made for exactly those digests. The SAD
-- the application holds is this row's id with the activation's secret;
-- only the activation keeps the secret's SHA-256, so the SAD is useless
-- from a log or a dump. `hashes_digest` (SHA-256 over the hashes in order)
-- finds an authorisation still waiting for a device approval when the
-- application asks again for the same hashes. `expires_at` is the SAD's
-- end (extendTransaction moves it, never past `latest_expiry`).
CREATE TABLE remote_authorizations (
  id uuid PRIMARY KEY,
  operation_id uuid NOT NULL UNIQUE REFERENCES signing_operations (id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts (id),
  certificate_serial text NOT NULL,
  hashes_digest bytea NOT NULL,
  num_signatures integer NOT NULL CHECK (num_signatures > 0),
  activation_id uuid UNIQUE,
  approval_id uuid,
  created_at timestamptz NOT NULL,
  expires_at timestamptz,
  latest_expiry timestamptz,
  used_at timestamptz,
  CHECK ((activation_id IS NULL) = (expires_at IS NULL))
);

CREATE INDEX remote_authorizations_waiting
  ON remote_authorizations (account_id, certificate_serial, hashes_digest)
  WHERE activation_id IS NULL;
