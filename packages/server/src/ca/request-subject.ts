import { nameAttributes, OID, oidName, type ProfileField, type QualifiedSubject } from '@podpis/pki';
import type { Name } from '@peculiar/asn1-x509';
import { DomainError } from '../core/domain-error.js';
import { subjectFor, type CertificateProfile } from './profiles.js';

/** The registration field each subject attribute a profile knows fills. */
const FIELDS: Readonly<Record<string, ProfileField>> = {
  [OID.commonName]: 'commonName',
  [OID.surname]: 'surname',
  [OID.givenName]: 'name',
  [OID.country]: 'country',
  [OID.state]: 'state',
  [OID.locality]: 'locality',
  [OID.street]: 'street',
  [OID.organizationName]: 'organizationName',
  [OID.organizationalUnitName]: 'organizationalUnitName',
  [OID.title]: 'title',
  [OID.emailAddress]: 'email',
  [OID.inn]: 'inn',
  [OID.innle]: 'innle',
  [OID.snils]: 'snils',
  [OID.ogrn]: 'ogrn',
  [OID.ogrnip]: 'ogrnip',
};

/** What a non-qualified (registration) profile's subject carries; anything else would be dropped unseen. */
const REGISTRATION_FIELDS: ReadonlySet<ProfileField> = new Set<ProfileField>([
  'commonName',
  'surname',
  'name',
  'country',
  'locality',
  'organizationName',
  'organizationalUnitName',
  'title',
  'email',
]);

// eslint-disable-next-line no-control-regex -- matching control and bidi-override characters is the point
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffd]/;

type Problem = { field: string; code: string; message: string };

/**
 * The subject of a certificate for a PKCS#10 request whose own subject is
 * asked for: its attributes read into registration fields and put through
 * the profile's rules exactly as registration data is (`subjectFor`), so a
 * qualified certificate gets valid INN, SNILS and the rest whatever the
 * source. An attribute the profile does not carry, one given twice, or text
 * with control, bidi-override or undecodable characters is refused with
 * the rest (422 PROFILE_INVALID with `errors`) — all before anything is
 * signed.
 */
export function subjectFromRequest(profile: CertificateProfile, requested: Name): Name {
  const qualified = profile.subject.type === 'qualified' ? profile.subject : undefined;
  const subject: QualifiedSubject = { kind: qualified?.kind ?? 'person' };
  const problems: Problem[] = [];
  for (const attribute of nameAttributes(requested)) {
    const field = FIELDS[attribute.type];
    // The same field names as registration data's problems, so a form shows them alike.
    const label = field ?? attribute.type;
    if (field === undefined || (!qualified && !REGISTRATION_FIELDS.has(field))) {
      problems.push({
        field: label,
        code: 'ATTRIBUTE_NOT_ALLOWED',
        message: `the attribute ${oidName(attribute.type)} (${attribute.type}) is not part of profile ${profile.id}`,
      });
      continue;
    }
    if (UNSAFE_TEXT.test(attribute.value)) {
      problems.push({
        field: label,
        code: 'INVALID_CHARACTERS',
        message: `${field} contains control, bidi-override or undecodable characters`,
      });
      continue;
    }
    if (subject[field] !== undefined) {
      problems.push({ field: label, code: 'DUPLICATE', message: `${field} is given more than once` });
      continue;
    }
    if (field === 'name') {
      // givenName holds "name patronymic" in the Russian profile.
      const [given = '', ...patronymic] = attribute.value.trim().split(/\s+/);
      subject.name = given;
      if (patronymic.length > 0) subject.patronymic = patronymic.join(' ');
    } else {
      subject[field] = attribute.value;
    }
  }
  if (problems.length > 0) {
    throw new DomainError('PROFILE_INVALID', problems.map((p) => p.message).join('; '), { errors: problems });
  }
  return subjectFor(profile, subject);
}
