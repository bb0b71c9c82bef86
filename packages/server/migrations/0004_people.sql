-- People and authentication (M2, M3): accounts of administrators, operators
-- and users; the users' registration data; sessions, API tokens, operator
-- client certificates and the shared login rate-limit counters.
CREATE TABLE accounts (
  id uuid PRIMARY KEY,
  role text NOT NULL CHECK (role IN ('admin', 'operator', 'user')),
  login text NOT NULL CHECK (login <> ''),
  display_name text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'locked', 'disabled')),
  -- PHC-like string: $scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>; NULL for certificate-only accounts.
  password_hash text,
  must_change_password boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL
);
CREATE UNIQUE INDEX accounts_login ON accounts (lower(login));
CREATE INDEX accounts_role ON accounts (role);

-- A user's registration data: every field of a qualified certificate subject
-- plus contact details. `version` guards against two operators' edits
-- overwriting each other.
CREATE TABLE user_profiles (
  account_id uuid PRIMARY KEY REFERENCES accounts (id),
  kind text NOT NULL CHECK (kind IN ('person', 'employee', 'entrepreneur', 'legalEntity')),
  surname text,
  name text,
  patronymic text,
  common_name text,
  title text,
  organization_name text,
  organizational_unit_name text,
  street text,
  locality text,
  state text,
  country text,
  email text,
  inn text,
  innle text,
  snils text,
  ogrn text,
  ogrnip text,
  phone text,
  department text,
  region text,
  address text,
  position text,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_profiles_snils ON user_profiles (snils);
CREATE INDEX user_profiles_inn ON user_profiles (inn);
CREATE INDEX user_profiles_surname ON user_profiles (lower(surname));

-- Who changed which registration field from what to what.
CREATE TABLE profile_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  changed_by text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL,
  changes jsonb NOT NULL
);
CREATE INDEX profile_history_account ON profile_history (account_id, changed_at);

-- Browser sessions. The id is the SHA-256 of the cookie's random token, so a
-- copy of this table does not let anyone log in.
CREATE TABLE sessions (
  id text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  csrf_secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX sessions_account ON sessions (account_id);

-- Bearer tokens for integrations; only their SHA-256 is kept.
CREATE TABLE api_tokens (
  id uuid PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  account_id uuid NOT NULL REFERENCES accounts (id),
  name text NOT NULL,
  scopes text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);

-- TLS client certificates of operators and administrators (filled by the CA).
CREATE TABLE client_certificates (
  fingerprint_sha256 text PRIMARY KEY CHECK (fingerprint_sha256 ~ '^[0-9a-f]{64}$'),
  account_id uuid NOT NULL REFERENCES accounts (id),
  serial_hex text NOT NULL,
  issuer text NOT NULL,
  not_after timestamptz NOT NULL,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX client_certificates_account ON client_certificates (account_id);

-- Login attempts per IP address and per login in fixed windows, shared by every node.
CREATE TABLE rate_limits (
  key text PRIMARY KEY,
  window_started_at timestamptz NOT NULL,
  hits integer NOT NULL
);
