-- Documents uploaded on their own (`POST /api/v1/documents`, docs/signing.md
-- "Large documents"): streamed into chunks, so a document is written by many
-- statements, none holding a transaction open for the whole upload. Until
-- its last chunk is written and its size and digests recorded it is not
-- `complete`: nobody sees or uses it, and a failed upload deletes it (or
-- housekeeping does, at `expires_at`, if the node died). `digests` holds the
-- digests made while it streamed in: {"streebog256": hex, …}.
ALTER TABLE signing_documents ADD COLUMN complete boolean NOT NULL DEFAULT true;
ALTER TABLE signing_documents ADD COLUMN digests jsonb NOT NULL DEFAULT '{}'::jsonb;
CREATE INDEX signing_documents_account ON signing_documents (account_id, created_at);

-- Ended signing operations are deleted after the retention with their results.
CREATE INDEX signing_operations_created ON signing_operations (created_at);
ALTER TABLE signing_results DROP CONSTRAINT signing_results_operation_id_fkey;
ALTER TABLE signing_results
  ADD CONSTRAINT signing_results_operation_id_fkey
  FOREIGN KEY (operation_id) REFERENCES signing_operations (id) ON DELETE CASCADE;

-- Used-up and expired key activations are deleted by housekeeping.
CREATE INDEX key_activations_expiry ON key_activations (expires_at);
