-- Signing operations (docs/architecture.md, "Signing service"): a user asks
-- for signatures by a certificate's key over documents known by their
-- digests; nothing is signed until the holder confirms. `to_be_signed` holds
-- exactly the digests the key will sign (hex, in order), fixed at creation
-- with whatever the format needs to complete them (`prepared`: the CAdES
-- signing time), so a confirmation signs what was created or nothing.
-- `expired` is derived from `expires_at` when read; `confirming` is the
-- claim a confirmation holds while the key signs, so two confirmations
-- cannot both sign; `claimed_at` names the claim, and a claim older than
-- its lease (a node that died while confirming) may be taken over.
CREATE TABLE signing_operations (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  certificate_serial text NOT NULL REFERENCES certificates (serial),
  key_id uuid NOT NULL REFERENCES stored_keys (id),
  format text NOT NULL CHECK (format IN ('raw', 'cades-bes')),
  parameters jsonb NOT NULL,
  documents jsonb NOT NULL,
  to_be_signed jsonb NOT NULL,
  prepared jsonb NOT NULL,
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
  CHECK ((status = 'completed') = (confirmed_at IS NOT NULL))
);

CREATE INDEX signing_operations_account ON signing_operations (account_id, created_at);

CREATE TABLE signing_results (
  operation_id uuid NOT NULL REFERENCES signing_operations (id),
  index integer NOT NULL CHECK (index >= 0),
  der bytea NOT NULL,
  PRIMARY KEY (operation_id, index)
);
