-- Webhooks (issue #19): subscriptions of company systems to events, and the
-- delivery of each event to each subscription, retried for a day.

CREATE TABLE webhook_subscriptions (
  id uuid PRIMARY KEY,
  -- The account that made it: an administrator's sees every event, a user's those about their own certificates and operations.
  owner_account_id uuid NOT NULL REFERENCES accounts (id),
  sees_all boolean NOT NULL,
  -- Reserved for subscriptions made by an OAuth client on a user's behalf; unused so far.
  client_id text,
  url text NOT NULL,
  description text NOT NULL DEFAULT '',
  event_types text[] NOT NULL CHECK (cardinality(event_types) > 0),
  -- The signing secret, sealed by the key store under the master key (sealSecret, purpose "webhook", bound to the id).
  secret_sealed bytea NOT NULL,
  -- After a rotation the old secret signs too, until previous_secret_until.
  previous_secret_sealed bytea,
  previous_secret_until timestamptz,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE INDEX webhook_subscriptions_owner ON webhook_subscriptions (owner_account_id);

-- One row per message and subscription, updated on every attempt.
CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY,
  -- The webhook-id header: the same on every retry and redelivery.
  message_id text NOT NULL,
  subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  event_type text NOT NULL,
  -- The exact body signed and sent ({type, timestamp, data}).
  body text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  -- A node sending an attempt holds the row until then.
  claimed_until timestamptz,
  -- Set at the first attempt: retries stop (dead) after it.
  retry_until timestamptz,
  last_attempt_at timestamptz,
  last_status_code integer,
  last_error text,
  last_response_ms integer,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (subscription_id, message_id)
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'failed');
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (subscription_id, created_at DESC);

-- operation.expired is announced once: expiry is derived from expires_at, so the announcement is marked.
ALTER TABLE signing_operations ADD COLUMN expiry_announced boolean NOT NULL DEFAULT false;
ALTER TABLE decryption_operations ADD COLUMN expiry_announced boolean NOT NULL DEFAULT false;
