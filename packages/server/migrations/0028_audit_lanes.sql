-- Audit records without a global lock (issue #17 §3). Instead of one head
-- row every writer locks until it commits, records are chained in one of
-- 64 lanes: a writer takes the first lane head no other transaction holds
-- (FOR UPDATE SKIP LOCKED), so concurrent transactions — on one node or
-- many — append side by side. Each lane is a hash chain of its own, with
-- exactly the hash formula of the old single chain; checkpoints sign every
-- lane's head at once. `seq` is the global order, taken from a sequence
-- (which never waits); gaps in it are rolled-back transactions, while a
-- gap in a lane's `lane_seq` is a deleted record.

CREATE SEQUENCE audit_log_seq AS bigint;
SELECT setval('audit_log_seq', greatest(seq, 1), seq > 0) FROM audit_head;
ALTER TABLE audit_log ALTER COLUMN seq SET DEFAULT nextval('audit_log_seq');
ALTER SEQUENCE audit_log_seq OWNED BY audit_log.seq;

ALTER TABLE audit_log ADD COLUMN lane smallint, ADD COLUMN lane_seq bigint;

-- The chain written so far becomes lane 0's beginning: same hashes, same links.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
UPDATE audit_log SET lane = 0, lane_seq = seq;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;

ALTER TABLE audit_log ALTER COLUMN lane SET NOT NULL, ALTER COLUMN lane_seq SET NOT NULL;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_lane_position UNIQUE (lane, lane_seq);

-- Each lane's head: its last record's position, global sequence number and hash.
CREATE TABLE audit_lanes (
  lane smallint PRIMARY KEY CHECK (lane >= 0),
  lane_seq bigint NOT NULL,
  seq bigint NOT NULL,
  hash bytea NOT NULL
);
INSERT INTO audit_lanes (lane, lane_seq, seq, hash) SELECT 0, seq, seq, hash FROM audit_head;
INSERT INTO audit_lanes (lane, lane_seq, seq, hash)
  SELECT g, 0, 0, '\x0000000000000000000000000000000000000000000000000000000000000000'
  FROM generate_series(1, 63) AS g;
DROP TABLE audit_head;

-- A checkpoint now signs every lane's head (NULL: a checkpoint of the old
-- single chain, which names one record by `seq`). Its `seq` is the number
-- of records it covers, which only grows.
ALTER TABLE audit_checkpoints ADD COLUMN lanes jsonb;
