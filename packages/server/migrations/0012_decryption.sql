-- Decryption (docs/signing.md, "Encryption and decryption"): a key performs
-- the private-key step of a CMS decryption only under a `decrypt`
-- activation, which names the SHA-256 of exactly the inputs it may process
-- (`digests`, hex, in order) and is used up by them; it never signs, as a
-- `digests` or `service` activation never decrypts.
ALTER TABLE key_activations DROP CONSTRAINT key_activations_kind_check;
ALTER TABLE key_activations
  ADD CONSTRAINT key_activations_kind_check CHECK (kind IN ('digests', 'service', 'decrypt'));
ALTER TABLE key_activations DROP CONSTRAINT key_activations_check;
ALTER TABLE key_activations
  ADD CONSTRAINT key_activations_digests_check CHECK ((kind = 'service') = (digests IS NULL));
