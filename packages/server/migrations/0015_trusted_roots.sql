-- Root certificates of other CAs an administrator imported, trusted by the
-- signature verifier next to our own root CAs (docs/signing.md).
CREATE TABLE trusted_roots (
  fingerprint text PRIMARY KEY,
  der bytea NOT NULL,
  subject text NOT NULL,
  not_after timestamptz NOT NULL,
  note text,
  imported_at timestamptz NOT NULL,
  imported_by text NOT NULL
);
