-- A user's request to renew one of their certificates (M8.3): an operator
-- approves it (a new key under a temporary PIN and a new certificate, the
-- request marked in the same transaction) or rejects it with a reason.
CREATE TABLE renewal_requests (
  id uuid PRIMARY KEY,
  serial text NOT NULL REFERENCES certificates (serial),
  account_id uuid NOT NULL REFERENCES accounts (id),
  comment text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  decided_by text,
  decision_comment text,
  new_serial text REFERENCES certificates (serial),
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
-- One open request per certificate: a second one while the first waits is refused.
CREATE UNIQUE INDEX renewal_requests_one_pending ON renewal_requests (serial) WHERE status = 'pending';
CREATE INDEX renewal_requests_status ON renewal_requests (status, created_at);
CREATE INDEX renewal_requests_account ON renewal_requests (account_id, created_at);
