-- Leases of the periodic jobs (issue #17 §3): the node named in `holder`
-- runs job `name` until `expires_at`, renewing it by a heartbeat while it
-- lives. No transaction is held for a job's run, and a dead node's lease
-- passes to another once it expires. Times are the database's clock, so
-- nodes with skewed clocks still agree.
CREATE TABLE job_leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  acquired_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
