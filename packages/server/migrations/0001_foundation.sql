-- Facts about this installation that every node shares.
CREATE TABLE installation (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  installation_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO installation (installation_id) VALUES (gen_random_uuid());
