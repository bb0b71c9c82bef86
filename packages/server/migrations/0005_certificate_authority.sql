-- Certification authorities of both hierarchies: GOST for users' qualified
-- certificates, ECDSA P-256 "infrastructure" for TLS (server, operators).
CREATE TABLE certificate_authorities (
  id text PRIMARY KEY,
  hierarchy text NOT NULL CHECK (hierarchy IN ('gost', 'infrastructure')),
  role text NOT NULL CHECK (role IN ('root', 'issuing')),
  parent_id text REFERENCES certificate_authorities (id),
  key_id uuid NOT NULL,
  certificate bytea NOT NULL,
  subject text NOT NULL,
  -- The last CRL number used; incremented under a row lock.
  crl_number bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Every certificate we issued. Expiry is derived from not_after when read;
-- "deleted" certificates are hidden from lists but stay for CRLs and audit.
CREATE TABLE certificates (
  serial text PRIMARY KEY,
  ca_id text NOT NULL REFERENCES certificate_authorities (id),
  purpose text NOT NULL CHECK (purpose IN ('ca', 'qualified', 'client', 'server', 'ocsp', 'tsa', 'audit')),
  account_id uuid,
  subject text NOT NULL,
  subject_attributes jsonb NOT NULL,
  not_before timestamptz NOT NULL,
  not_after timestamptz NOT NULL,
  key_id uuid,
  status text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'suspended', 'revoked')),
  revoked_at timestamptz,
  revocation_reason text,
  status_changed_at timestamptz NOT NULL DEFAULT now(),
  der bytea NOT NULL,
  sha256_fingerprint text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  deleted_at timestamptz
);
CREATE INDEX certificates_ca_status ON certificates (ca_id, status);
CREATE INDEX certificates_account ON certificates (account_id);
CREATE INDEX certificates_not_after ON certificates (not_after);

CREATE TABLE crls (
  ca_id text NOT NULL REFERENCES certificate_authorities (id),
  number bigint NOT NULL,
  delta_base bigint,
  this_update timestamptz NOT NULL,
  next_update timestamptz NOT NULL,
  der bytea NOT NULL,
  PRIMARY KEY (ca_id, number)
);
