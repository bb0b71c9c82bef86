-- Certificate profiles (src/ca/profiles.ts): every certificate names the
-- profile it was issued under, so a renewal issues under the same one (and
-- so from the same CA); a user's certificate that is not qualified (say,
-- from a company's ECDSA CA) has purpose 'user'.
ALTER TABLE certificates DROP CONSTRAINT certificates_purpose_check;
ALTER TABLE certificates ADD CONSTRAINT certificates_purpose_check
  CHECK (purpose IN ('ca', 'qualified', 'user', 'client', 'server', 'ocsp', 'tsa', 'audit'));

ALTER TABLE certificates ADD COLUMN profile text;

-- What was issued before profiles existed, by purpose; qualified ones by the
-- identifiers their subject carries, as the qualified rules require them
-- (OGRNIP: an entrepreneur; INNLE with a surname: an employee; INNLE alone:
-- a legal entity; otherwise a natural person).
UPDATE certificates c SET profile = CASE c.purpose
  WHEN 'ca' THEN COALESCE(
    (SELECT CASE
       WHEN a.role = 'issuing' THEN 'ca-issuing'
       WHEN a.hierarchy = 'infrastructure' THEN 'ca-infrastructure'
       ELSE 'ca-root' END
     FROM certificate_authorities a WHERE a.certificate = c.der),
    'ca-issuing')
  WHEN 'client' THEN 'tls-client'
  WHEN 'server' THEN 'tls-server'
  WHEN 'ocsp' THEN 'ocsp-responder'
  WHEN 'tsa' THEN 'tsa'
  WHEN 'audit' THEN 'audit-signer'
  ELSE CASE
    WHEN c.subject_attributes @> '[{"type": "1.2.643.100.5"}]' THEN 'qualified-entrepreneur'
    WHEN c.subject_attributes @> '[{"type": "1.2.643.100.4"}]'
      AND c.subject_attributes @> '[{"type": "2.5.4.4"}]' THEN 'qualified-employee'
    WHEN c.subject_attributes @> '[{"type": "1.2.643.100.4"}]' THEN 'qualified-legal-entity'
    ELSE 'qualified-person' END
  END;

ALTER TABLE certificates ALTER COLUMN profile SET NOT NULL;
