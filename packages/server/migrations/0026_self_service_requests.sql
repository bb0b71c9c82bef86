-- Self-service certificate requests (issue #16 §4): an employee asks for a
-- certificate in the cabinet; an operator checks the identity documents and
-- approves (the certificate issued) or rejects with a reason.

-- What the administrator allows employees to do themselves: which
-- registration fields they may correct, and whether a request whose data
-- match the HR source record exactly is approved without an operator.
-- One row; absent means the defaults (nothing editable, manual approval).
CREATE TABLE self_service_policy (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  editable_fields text[] NOT NULL DEFAULT '{}',
  auto_approve_hr_match boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);

-- The registration data an external identity last brought (a directory
-- entry's or an HR record's, in registration field names), so Podpis can
-- compare the account's data with its source; null until the source says.
ALTER TABLE account_identities ADD COLUMN source_data jsonb;

CREATE TABLE certificate_requests (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  -- The certificate profile asked for.
  profile text NOT NULL CHECK (profile <> ''),
  -- 'server': a key generated in the key store at request time under the
  -- PIN the employee chose (never stored here); no certificate names it
  -- until approval, so nothing can use it before. 'pkcs10': the employee's
  -- own request, its proof of possession checked when it was received.
  key_source text NOT NULL CHECK (key_source IN ('server', 'pkcs10')),
  key_id uuid REFERENCES stored_keys (id),
  csr bytea,
  -- The subject the registration data gave at request time, for the operator.
  subject text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  decided_by text,
  decision_comment text,
  serial text REFERENCES certificates (serial),
  -- Approved by the HR match rule rather than by an operator.
  auto_approved boolean NOT NULL DEFAULT false,
  -- The operator's identity check: the document's type and only the last
  -- four characters of its number, who checked and when.
  document_type text,
  document_number_last4 text CHECK (document_number_last4 ~ '^[0-9]{4}$'),
  document_checked_by text,
  document_checked_at timestamptz,
  CHECK ((status = 'pending') = (decided_at IS NULL)),
  CHECK ((key_source = 'server') = (key_id IS NOT NULL)),
  CHECK ((key_source = 'pkcs10') = (csr IS NOT NULL)),
  CHECK ((status = 'approved') = (serial IS NOT NULL)),
  CHECK ((document_type IS NULL) = (document_checked_at IS NULL)),
  CHECK (status <> 'approved' OR auto_approved OR document_type IS NOT NULL)
);
-- One waiting request per employee and profile: a second one is refused.
CREATE UNIQUE INDEX certificate_requests_one_pending ON certificate_requests (account_id, profile)
  WHERE status = 'pending';
CREATE INDEX certificate_requests_status ON certificate_requests (status, created_at);
CREATE INDEX certificate_requests_account ON certificate_requests (account_id, created_at);
