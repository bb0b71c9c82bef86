-- Company directories (LDAP / Active Directory) an administrator connects
-- (issue #16). The service account's DN and password are sealed together by
-- the key store under the master key (purpose `directory`) and never
-- returned; the attribute map says which entry attribute fills which
-- registration field.
CREATE TABLE directories (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (name <> ''),
  url text NOT NULL,
  start_tls boolean NOT NULL DEFAULT false,
  ca_certificate text,
  bind_sealed bytea NOT NULL,
  base_dn text NOT NULL,
  user_filter text NOT NULL,
  page_size integer NOT NULL CHECK (page_size BETWEEN 1 AND 1000),
  timeout_ms integer NOT NULL CHECK (timeout_ms BETWEEN 100 AND 60000),
  attribute_map jsonb NOT NULL,
  password_sign_in boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
