-- Signature formats become modules (docs/signing.md): `cades` with its
-- level, attachment and mode as parameters replaces `cades-bes`; `xades`
-- and `pades` follow. Earlier CAdES-BES operations keep their meaning.
ALTER TABLE signing_operations DROP CONSTRAINT signing_operations_format_check;
UPDATE signing_operations
  SET format = 'cades', parameters = parameters || '{"level": "BES", "mode": "sign"}'::jsonb
  WHERE format = 'cades-bes';
ALTER TABLE signing_operations
  ADD CONSTRAINT signing_operations_format_check CHECK (format IN ('raw', 'cades', 'xades', 'pades'));

-- Documents kept for a signing operation (the content an attached signature
-- carries, a signature to co-sign): in chunks, so any node serves them and
-- none holds a large one whole; deleted after `expires_at` by housekeeping.
CREATE TABLE signing_documents (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  name text NOT NULL,
  size bigint NOT NULL CHECK (size >= 0),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE INDEX signing_documents_expiry ON signing_documents (expires_at);

CREATE TABLE signing_document_chunks (
  document_id uuid NOT NULL REFERENCES signing_documents (id) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq >= 0),
  bytes bytea NOT NULL,
  PRIMARY KEY (document_id, seq)
);
