-- Side effects that must follow a committed change (a fresh CRL after a
-- status change; later webhooks and notifications), written in the same
-- transaction as the change and carried out after it commits: at once by
-- the node that made the change, and by the outbox job's leader for any
-- that failed or whose node died first. `subject` coalesces effects: one
-- CRL publication carries out every pending one of the same CA.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind <> ''),
  subject text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  -- A node that claims an effect holds it until this time; past it, another may retry.
  claimed_until timestamptz,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id);
CREATE INDEX outbox_subject ON outbox (kind, subject);

-- Where an account comes from outside Podpis: a directory entry (Active
-- Directory / LDAP), an HR record. One external identity links to one account.
CREATE TABLE account_identities (
  account_id uuid NOT NULL REFERENCES accounts (id),
  source text NOT NULL CHECK (source <> ''),
  external_id text NOT NULL CHECK (external_id <> ''),
  linked_at timestamptz NOT NULL DEFAULT now(),
  linked_by text NOT NULL,
  PRIMARY KEY (source, external_id)
);
CREATE INDEX account_identities_account ON account_identities (account_id);
