-- OAuth 2.0 / OpenID Connect authorisation server (oidc-provider), owned by oauth/.

-- Every object the provider keeps (access tokens, codes, refresh tokens,
-- grants, interactions, sessions, pushed requests, …): one row per model and
-- id, its payload as the provider gave it. grant_id, uid and user_code are
-- the provider's look-up keys; expired rows are purged by housekeeping.
CREATE TABLE oauth_models (
  model text NOT NULL,
  id text NOT NULL,
  payload jsonb NOT NULL,
  grant_id text,
  uid text,
  user_code text,
  expires_at timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX oauth_models_grant ON oauth_models (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oauth_models_uid ON oauth_models (model, uid) WHERE uid IS NOT NULL;
CREATE INDEX oauth_models_user_code ON oauth_models (model, user_code) WHERE user_code IS NOT NULL;
CREATE INDEX oauth_models_expires ON oauth_models (expires_at) WHERE expires_at IS NOT NULL;

-- Clients registered by administrators. Only the SHA-256 of a client secret
-- is kept (the secret is shown once); private_key_jwt clients keep a JWKS.
CREATE TABLE oauth_clients (
  client_id text PRIMARY KEY,
  name text NOT NULL,
  secret_hash text,
  jwks jsonb,
  auth_method text NOT NULL CHECK (auth_method IN ('client_secret_basic', 'client_secret_post', 'private_key_jwt')),
  redirect_uris text[] NOT NULL DEFAULT '{}',
  grant_types text[] NOT NULL,
  scopes text[] NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((auth_method = 'private_key_jwt') = (jwks IS NOT NULL)),
  CHECK ((auth_method = 'private_key_jwt') = (secret_hash IS NULL))
);

-- The provider's own secrets, made once and shared by every node: the JWT
-- signing key (a P-256 JWK) and the cookie keys, sealed under the master key.
CREATE TABLE oauth_secrets (
  name text PRIMARY KEY,
  sealed bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
