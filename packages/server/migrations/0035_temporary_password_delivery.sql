-- Temporary passwords of users a bulk job created (issue #16 §3): each one
-- expires, and its plaintext waits, sealed under the master key, until the
-- operator delivers the job's passwords once (letters or a protected file).

-- When a temporary password stops working (null: no temporary password, or one that does not expire).
ALTER TABLE accounts ADD COLUMN password_expires_at timestamptz;

CREATE TABLE temporary_passwords (
  job_id uuid NOT NULL REFERENCES bulk_jobs (id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts (id),
  -- The password sealed by the key store (purpose temporary-password, bound to job and account).
  sealed bytea NOT NULL,
  -- SHA-256 of the password hash issued: a different hash at delivery means the password was changed.
  hash_digest bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, account_id)
);

-- A job's passwords are delivered once; the sealed plaintexts are deleted in the same transaction.
CREATE TABLE temporary_password_deliveries (
  job_id uuid PRIMARY KEY REFERENCES bulk_jobs (id) ON DELETE CASCADE,
  format text NOT NULL CHECK (format IN ('letters', 'protected-file')),
  delivered integer NOT NULL,
  left_out integer NOT NULL,
  delivered_by text NOT NULL,
  delivered_at timestamptz NOT NULL DEFAULT now()
);
