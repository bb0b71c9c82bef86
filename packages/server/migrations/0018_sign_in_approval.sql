-- Approval on an enrolled device as a second factor of the sign-in.
--
-- A pending sign-in's id is the hash of its bearer token; a device approval
-- names the sign-in by a separate, non-secret id, so the approval text, the
-- audit and the evidence can show it without helping anyone finish the sign-in.
ALTER TABLE pending_logins ADD COLUMN sign_in_id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX pending_logins_sign_in ON pending_logins (sign_in_id);

-- A sign-in is one more kind of operation a device approves (method
-- `device`); its row outlives the pending sign-in as evidence, so there is
-- no foreign key to it.
ALTER TABLE device_approvals DROP CONSTRAINT device_approvals_operation_kind_check;
ALTER TABLE device_approvals ADD CONSTRAINT device_approvals_operation_kind_check
  CHECK (operation_kind IN ('sign', 'decrypt', 'sign-in'));
