-- Decryption (docs/signing.md, "Encryption and decryption"): a key performs
-- the private-key step of a CMS decryption only under a `decrypt`
-- activation, which names the SHA-256 of exactly the inputs it may process
-- (`digests`, hex, in order) and is used up by them; it never signs, as a
-- `digests` or `service` activation never decrypts.
ALTER TABLE key_activations DROP CONSTRAINT key_activations_kind_check;
ALTER TABLE key_activations
  ADD CONSTRAINT key_activations_kind_check CHECK (kind IN ('digests', 'service', 'decrypt'));
ALTER TABLE key_activations DROP CONSTRAINT key_activations_check;
ALTER TABLE key_activations
  ADD CONSTRAINT key_activations_digests_check CHECK ((kind = 'service') = (digests IS NULL));

-- Decryption operations: a user asks for a message (CMS EnvelopedData) to
-- be decrypted with one of their certificates' keys; nothing is decrypted
-- until the holder confirms. `inputs` holds the SHA-256 of exactly the key
-- steps the decryption needs (hex, in order), found at creation, so a
-- confirmation decrypts that message or nothing. The message is erased once
-- the operation ends; the decrypted content (`result`) is kept until it is
-- downloaded once or `result_expires_at` passes. Statuses and the claim
-- are as for signing operations.
CREATE TABLE decryption_operations (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  certificate_serial text NOT NULL REFERENCES certificates (serial),
  key_id uuid NOT NULL REFERENCES stored_keys (id),
  message bytea,
  message_digest text NOT NULL,
  message_size integer NOT NULL CHECK (message_size >= 0),
  inputs jsonb NOT NULL,
  status text NOT NULL CHECK (
    status IN ('awaiting_confirmation', 'confirming', 'completed', 'failed', 'cancelled')
  ),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  confirmed_at timestamptz,
  confirmation_method text,
  cancelled_at timestamptz,
  claimed_at timestamptz,
  failure text,
  result bytea,
  result_size integer,
  result_expires_at timestamptz,
  result_downloaded_at timestamptz,
  CHECK ((status = 'completed') = (confirmed_at IS NOT NULL)),
  CHECK (result IS NULL OR status = 'completed')
);

CREATE INDEX decryption_operations_account ON decryption_operations (account_id, created_at);
