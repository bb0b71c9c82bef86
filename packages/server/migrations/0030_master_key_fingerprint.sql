-- Which master key the software key store's keys are sealed under (issue
-- #17 §1): its public fingerprint (a keyed hash of the key, the same
-- `masterKeyId` each sealed key carries), recorded by the first node to
-- start. A node given another master key refuses to start instead of
-- failing later on every key it touches.
CREATE TABLE key_store_master (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  master_key_id text NOT NULL,
  recorded_at timestamptz NOT NULL
);
