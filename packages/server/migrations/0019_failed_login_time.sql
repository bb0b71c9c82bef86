-- When an account last had a wrong password: a run of failures is forgotten
-- after an hour without one, as it is for login names without an account,
-- so how the lock answers tells no one which names exist.
ALTER TABLE accounts ADD COLUMN last_failed_login_at timestamptz;
