-- CSC oauth2code credential authorisation (docs/architecture.md, "CSC API
-- v2"): a remote authorisation made on the OAuth consent page belongs to
-- the grant the user approved there. The access tokens of that grant (of
-- that client, for that user) sign its hashes without a SAD: the
-- activation's secret is kept sealed under the key store's master key
-- (purpose `csc-oauth-sad`, bound to this row's id), never in plain text.
ALTER TABLE remote_authorizations
  ADD COLUMN oauth_grant_id text,
  ADD COLUMN oauth_client_id text,
  ADD COLUMN sealed_secret bytea,
  ADD CHECK ((oauth_grant_id IS NULL) = (sealed_secret IS NULL) AND (oauth_grant_id IS NULL) = (oauth_client_id IS NULL));

CREATE UNIQUE INDEX remote_authorizations_oauth_grant
  ON remote_authorizations (oauth_grant_id)
  WHERE oauth_grant_id IS NOT NULL;
