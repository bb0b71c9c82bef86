-- Certificate campaigns (issue #16, section 3): a bulk job that issues one
-- key and certificate to each selected user, exactly once across restarts.

ALTER TABLE bulk_jobs DROP CONSTRAINT bulk_jobs_kind_check;
ALTER TABLE bulk_jobs ADD CONSTRAINT bulk_jobs_kind_check CHECK (kind IN ('hr.import', 'certificate.campaign'));

-- A secret the job needs on every node and after a restart (a campaign's
-- temporary key PIN), sealed under the master key and bound to the job's id;
-- erased when the job completes or is cancelled. Never in `params`.
ALTER TABLE bulk_jobs ADD COLUMN sealed_secret bytea;

-- The certificate an item issued: written in the issuing transaction itself,
-- so a certificate exists exactly when its item says so.
ALTER TABLE bulk_job_items ADD COLUMN certificate_serial text;
