-- HR pull and bulk item retention (issue #16).

-- A scheduled HTTP pull of an HR source's JSON export: at most one per source.
CREATE TABLE hr_pulls (
  source_id text PRIMARY KEY REFERENCES hr_sources (id) ON DELETE CASCADE,
  -- https:// (http:// only to loopback, when the installation allows it).
  url text NOT NULL,
  -- 'none' | 'bearer' | 'basic'
  auth_type text NOT NULL CHECK (auth_type IN ('none', 'bearer', 'basic')),
  -- The Basic user name (not a secret); null unless auth_type is basic.
  auth_username text,
  -- The bearer token or Basic password, sealed under the master key (purpose hr-pull, id the source).
  secret_sealed bytea,
  -- PEM of the CA (or CAs) trusted for the server's certificate; null: the system's.
  ca_certificate text,
  interval_minutes integer NOT NULL CHECK (interval_minutes BETWEEN 5 AND 10080),
  -- Dot-separated path to the array of records in the JSON body ('' : the body itself, or its first array).
  records_path text NOT NULL DEFAULT '',
  timeout_ms integer NOT NULL CHECK (timeout_ms BETWEEN 1000 AND 300000),
  max_bytes integer NOT NULL CHECK (max_bytes BETWEEN 1024 AND 33554432),
  -- The endpoint lists every employee: those missing are leavers (when the source marks them).
  full_export boolean NOT NULL DEFAULT true,
  enabled boolean NOT NULL DEFAULT true,
  next_pull_at timestamptz NOT NULL DEFAULT now(),
  -- A node pulling this source holds it until then (a dead node's claim runs out).
  pulling_until timestamptz,
  last_pull_at timestamptz,
  -- 'imported' | 'unchanged' | 'failed'
  last_status text CHECK (last_status IN ('imported', 'unchanged', 'failed')),
  last_error text,
  last_job_id uuid,
  -- What the last imported body was: an equal body (or a 304 to its ETag) imports nothing.
  last_body_sha256 text,
  last_etag text,
  -- The source's updated_at when that body was imported: a changed mapping imports the same body again.
  last_source_updated_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hr_pulls_due ON hr_pulls (next_pull_at) WHERE enabled;

-- The items' inputs (raw HR rows: SNILS, INN, …) of a finished job are erased after the retention
-- period; outcome, reason and account stay, so the report still says what happened to each row.
ALTER TABLE bulk_jobs ADD COLUMN input_erased_at timestamptz;
CREATE INDEX bulk_jobs_finished ON bulk_jobs (finished_at) WHERE input_erased_at IS NULL;
