-- Webhook subscriptions of OAuth clients (issue #19): a client with client
-- credentials and the scope `webhooks` keeps its own subscriptions, which
-- belong to no account. It hears only events about accounts that granted it
-- consent; disabling the client disables them, deleting it deletes them.
ALTER TABLE webhook_subscriptions ALTER COLUMN owner_account_id DROP NOT NULL;
ALTER TABLE webhook_subscriptions
  ADD CONSTRAINT webhook_subscriptions_client FOREIGN KEY (client_id) REFERENCES oauth_clients (client_id),
  ADD CONSTRAINT webhook_subscriptions_owner_or_client
    CHECK ((owner_account_id IS NULL) <> (client_id IS NULL) AND NOT (client_id IS NOT NULL AND sees_all));
CREATE INDEX webhook_subscriptions_by_client ON webhook_subscriptions (client_id) WHERE client_id IS NOT NULL;
