-- An operator or administrator who signs out: the browser keeps presenting
-- the client certificate until it is closed, so the server remembers that
-- this certificate's holder signed out and refuses it until an explicit
-- sign-in with it (POST /api/v1/session/certificate).
ALTER TABLE client_certificates ADD COLUMN signed_out_at timestamptz;
