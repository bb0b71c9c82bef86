-- HR exports and bulk jobs (issue #16): saved sources with their column
-- mapping, what each source last said about each employee, and background
-- jobs that work through their items in batches, one transaction each.

CREATE TABLE hr_sources (
  -- Short name, also the `source` of account_identities as `hr:<id>`.
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
  description text NOT NULL DEFAULT '',
  -- { kind, columns: { field: column }, defaults: { field: value } }
  mapping jsonb NOT NULL,
  -- 'auto' | 'utf-8' | 'windows-1251'
  encoding text NOT NULL DEFAULT 'auto',
  -- Whether an employee missing from a full export is marked as having left.
  mark_leavers boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The last row a source gave for each employee (by personnel number).
CREATE TABLE hr_records (
  source_id text NOT NULL REFERENCES hr_sources (id),
  external_id text NOT NULL,
  account_id uuid NOT NULL REFERENCES accounts (id),
  -- SHA-256 of the mapped row: an unchanged row is recognised without reading the profile.
  row_hash text NOT NULL,
  -- The mapped registration data of the last import (field names as in registration data):
  -- self-service auto-approval compares a request with it.
  data jsonb,
  status text NOT NULL CHECK (status IN ('present', 'left')),
  left_at timestamptz,
  -- The import that last saw the employee.
  last_job_id uuid NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_id, external_id)
);
CREATE INDEX hr_records_account ON hr_records (account_id);

CREATE TABLE bulk_jobs (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('hr.import')),
  status text NOT NULL CHECK (status IN ('queued', 'running', 'paused', 'cancelled', 'completed', 'failed')),
  -- What the job was asked to do (source, options); never a secret.
  params jsonb NOT NULL,
  total integer NOT NULL,
  -- Items up to and including this position are done; a batch moves it in its own transaction.
  cursor integer NOT NULL DEFAULT 0,
  counts jsonb NOT NULL DEFAULT '{}',
  -- A node running a batch holds the job until then.
  claimed_until timestamptz,
  claimed_by text,
  error text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX bulk_jobs_runnable ON bulk_jobs (created_at) WHERE status IN ('queued', 'running');

CREATE TABLE bulk_job_items (
  job_id uuid NOT NULL REFERENCES bulk_jobs (id) ON DELETE CASCADE,
  -- 1-based; for a file, the data row's number (the header not counted).
  position integer NOT NULL,
  input jsonb NOT NULL,
  -- created | updated | unchanged | skipped | left; null until processed.
  outcome text,
  reason text,
  account_id uuid,
  PRIMARY KEY (job_id, position)
);
