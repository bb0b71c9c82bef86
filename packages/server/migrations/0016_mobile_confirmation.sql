-- Mobile confirmation (docs/mobile-confirmation.md).

-- A `device` key has no PIN and is used only under an approval from its
-- holder's enrolled device.
ALTER TABLE stored_keys DROP CONSTRAINT stored_keys_protection_check;
ALTER TABLE stored_keys
  ADD CONSTRAINT stored_keys_protection_check CHECK (protection IN ('pin', 'none', 'device'));

-- An enrolment started in the cabinet (or by an operator): the activation
-- code is kept only as its SHA-256; the server's ephemeral ECDH key and the
-- code itself (needed once more to derive the channel) are sealed under the
-- master key. One-time: `completed_at` is set when a device enrols.
CREATE TABLE device_enrolments (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  code_hash bytea NOT NULL UNIQUE,
  sealed bytea NOT NULL,
  server_public bytea NOT NULL,
  challenge bytea NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  completed_at timestamptz
);
CREATE INDEX device_enrolments_account ON device_enrolments (account_id);

-- An enrolled device: its signing key (SPKI of the CLI authenticator's
-- ECDSA key, or the COSE key of a WebAuthn credential with its signature
-- counter), its channel secret sealed under the master key, and the last
-- message counter of each direction (a message must carry a higher one).
-- Removed devices stay for the audit trail, their channel erased.
CREATE TABLE devices (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('webauthn', 'authenticator')),
  platform text,
  status text NOT NULL CHECK (status IN ('active', 'blocked', 'removed')),
  public_key bytea NOT NULL,
  credential_id text,
  sign_count bigint NOT NULL DEFAULT 0,
  channel bytea,
  counter_in bigint NOT NULL DEFAULT 0,
  counter_out bigint NOT NULL DEFAULT 0,
  push_subscription jsonb,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  status_changed_at timestamptz,
  CHECK ((status = 'removed') = (channel IS NULL))
);
CREATE INDEX devices_account ON devices (account_id) WHERE status <> 'removed';

-- What an operation awaits from a device: the operation digest and a
-- random challenge the approval must name, what the device shows
-- (`summary`), and once decided the device, the signed approval as
-- received (`evidence`) and until when it stands for the PIN step.
CREATE TABLE device_approvals (
  id uuid PRIMARY KEY,
  operation_kind text NOT NULL CHECK (operation_kind IN ('sign', 'decrypt')),
  operation_id uuid NOT NULL,
  account_id uuid NOT NULL REFERENCES accounts (id),
  method text NOT NULL CHECK (method IN ('device', 'device+pin')),
  digest bytea NOT NULL,
  challenge bytea NOT NULL,
  summary jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'declined', 'used', 'refused')),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  device_id uuid REFERENCES devices (id),
  via text CHECK (via IN ('online', 'offline')),
  decided_at timestamptz,
  approved_until timestamptz,
  evidence jsonb,
  offline_failures integer NOT NULL DEFAULT 0,
  UNIQUE (operation_kind, operation_id)
);
CREATE INDEX device_approvals_pending ON device_approvals (account_id) WHERE status = 'pending';

-- How an operation is to be confirmed, fixed at creation: pin, device,
-- device+pin, or none (a key for automatic signing).
ALTER TABLE signing_operations ADD COLUMN confirmation_required text NOT NULL DEFAULT 'pin'
  CHECK (confirmation_required IN ('pin', 'device', 'device+pin', 'none'));
ALTER TABLE decryption_operations ADD COLUMN confirmation_required text NOT NULL DEFAULT 'pin'
  CHECK (confirmation_required IN ('pin', 'device', 'device+pin', 'none'));

-- Confirmation policies: `role:user` (the default for users) and
-- `account:<id>` (one user's override).
CREATE TABLE confirmation_policies (
  scope text PRIMARY KEY,
  policy jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by text NOT NULL
);

-- The Web Push (VAPID) key pair of the installation, made at first use; the
-- private key sealed under the master key.
CREATE TABLE push_keys (
  id integer PRIMARY KEY CHECK (id = 1),
  public_key text NOT NULL,
  sealed_private_key bytea NOT NULL,
  created_at timestamptz NOT NULL
);
