-- Second factor of users' password sign-in (docs/sign-in-security.md), owned by auth/.

-- One TOTP authenticator per account. The secret is sealed under the master
-- key (KeyStore.sealSecret('totp', account id, …)), so a copy of the database
-- alone cannot compute codes. enabled_at is NULL between enrolment start and
-- the first correct code; last_used_step refuses a code's second use.
CREATE TABLE second_factor_totp (
  account_id uuid PRIMARY KEY REFERENCES accounts (id),
  sealed_secret bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  enabled_at timestamptz,
  last_used_step bigint
);

-- One-time recovery codes, only their SHA-256 kept; a new set replaces the old.
CREATE TABLE second_factor_recovery_codes (
  code_hash text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz
);
CREATE INDEX second_factor_recovery_codes_account ON second_factor_recovery_codes (account_id);

-- WebAuthn security keys and passkeys registered as a second factor; the
-- public key (COSE) and the authenticator's signature counter, which must
-- grow with every use (a clone of the key would fall behind).
CREATE TABLE webauthn_credentials (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  credential_id text NOT NULL UNIQUE,
  public_key bytea NOT NULL,
  sign_count bigint NOT NULL DEFAULT 0,
  transports text[] NOT NULL DEFAULT '{}',
  rp_id text NOT NULL,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE INDEX webauthn_credentials_account ON webauthn_credentials (account_id);

-- Challenges of security-key registrations: one-time and short-lived, in the
-- database so the answer may reach any node.
CREATE TABLE webauthn_challenges (
  challenge text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  rp_id text NOT NULL,
  expires_at timestamptz NOT NULL
);

-- A password that was right, waiting for the second factor: the bearer token
-- is kept as its SHA-256, used once, and lives 5 minutes; in the database,
-- so the second step may reach any node. A security-key sign-in keeps its
-- WebAuthn challenge here (one attempt per challenge).
CREATE TABLE pending_logins (
  id text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  expires_at timestamptz NOT NULL,
  webauthn_challenge text,
  ip text,
  user_agent text
);
CREATE INDEX pending_logins_account ON pending_logins (account_id);

-- Which roles must use a second factor, set by administrators.
CREATE TABLE second_factor_policy (
  role text PRIMARY KEY CHECK (role IN ('admin', 'operator', 'user')),
  required boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);

-- A session whose role requires a second factor its account does not have
-- yet may only enrol one (and read or end itself).
ALTER TABLE sessions ADD COLUMN second_factor_enrolment_required boolean NOT NULL DEFAULT false;
