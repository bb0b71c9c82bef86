import {
  validateQualifiedSubject,
  type ProfileField as SubjectField,
  type ProfileProblem,
  type QualifiedSubject,
} from '@podpis/pki/profiles';
import type { Profile, SubjectKind } from '../../api/types';

/** Every field of the registration form except the holder type. */
export type ProfileField = Exclude<keyof Profile, 'kind'>;

/** What the form holds: the holder type plus any field, possibly empty while being typed. */
export type ProfileValues = { kind: SubjectKind } & Partial<Record<ProfileField, string>>;

/** A change to the registration data as PATCH takes it: a new value, or null to clear a field. */
export type ProfilePatch = Partial<Record<ProfileField, string | null>> & { kind?: SubjectKind };

export const KINDS = [
  'person',
  'employee',
  'entrepreneur',
  'legalEntity',
] as const satisfies readonly SubjectKind[];

/** The form's sections, in the order the application documents list them. */
export const SECTIONS = {
  person: ['surname', 'name', 'patronymic', 'commonName'],
  organization: ['organizationName', 'organizationalUnitName', 'title'],
  address: ['country', 'state', 'locality', 'street'],
  identifiers: ['snils', 'inn', 'innle', 'ogrn', 'ogrnip'],
  contacts: ['email', 'phone', 'address', 'region', 'department', 'position'],
} as const satisfies Record<string, readonly ProfileField[]>;

export type Section = keyof typeof SECTIONS;

export const PROFILE_FIELDS: readonly ProfileField[] = Object.values(SECTIONS).flat();

/** Fields that go into the qualified certificate (the rest are the operator's contact notes). */
const SUBJECT_FIELDS: ReadonlySet<string> = new Set<SubjectField>([
  'surname',
  'name',
  'patronymic',
  'commonName',
  'title',
  'organizationName',
  'organizationalUnitName',
  'street',
  'locality',
  'state',
  'country',
  'email',
  'inn',
  'innle',
  'snils',
  'ogrn',
  'ogrnip',
]);

const CONTACTS = SECTIONS.contacts;
const ADDRESS = SECTIONS.address;
const PERSON = ['surname', 'name', 'patronymic', 'commonName'] as const;

/**
 * Fields a holder type normally fills (FSB order No. 795, section II); the
 * others stay reachable through "show all fields", since a rare document
 * may still carry them.
 */
const RELEVANT: Readonly<Record<SubjectKind, ReadonlySet<ProfileField>>> = {
  person: new Set([...PERSON, ...ADDRESS, 'snils', 'inn', ...CONTACTS]),
  employee: new Set([
    ...PERSON,
    ...SECTIONS.organization,
    ...ADDRESS,
    'snils',
    'inn',
    'innle',
    'ogrn',
    ...CONTACTS,
  ]),
  entrepreneur: new Set([...PERSON, ...ADDRESS, 'snils', 'inn', 'ogrnip', ...CONTACTS]),
  legalEntity: new Set([
    'commonName',
    ...SECTIONS.organization.filter((field) => field !== 'title'),
    ...ADDRESS,
    'innle',
    'ogrn',
    ...CONTACTS,
  ]),
};

export function isKind(value: string): value is SubjectKind {
  return (KINDS as readonly string[]).includes(value);
}

export function isRelevant(kind: SubjectKind, field: ProfileField): boolean {
  return RELEVANT[kind].has(field);
}

function isSubjectField(field: ProfileField): field is ProfileField & SubjectField {
  return SUBJECT_FIELDS.has(field);
}

function subjectOf(values: Partial<ProfileValues>, kind: SubjectKind): QualifiedSubject {
  const subject: QualifiedSubject = { kind };
  for (const field of PROFILE_FIELDS) {
    const value = values[field];
    if (isSubjectField(field) && typeof value === 'string') subject[field] = value;
  }
  return subject;
}

/** The problems of one field under the qualified profile, the same check the server makes. */
export function fieldProblems(
  values: Partial<ProfileValues>,
  kind: SubjectKind,
  field: ProfileField,
): ProfileProblem[] {
  if (!isSubjectField(field)) return [];
  return validateQualifiedSubject(subjectOf(values, kind)).filter((problem) => problem.field === field);
}

/** The fields a holder type must fill: the REQUIRED problems of an empty subject. */
export function requiredFields(kind: SubjectKind): ReadonlySet<ProfileField> {
  return new Set(
    validateQualifiedSubject({ kind })
      .filter((problem) => problem.code === 'REQUIRED')
      .map((problem) => problem.field),
  );
}

/** The registration data to send: trimmed, empty fields left out. */
export function profileOf(values: ProfileValues): Profile {
  const profile: Profile = { kind: values.kind };
  for (const field of PROFILE_FIELDS) {
    const value = values[field]?.trim();
    if (value) profile[field] = value;
  }
  return profile;
}

/** Only what the operator changed, with null for a cleared field; empty when nothing changed. */
export function profilePatch(before: Profile, values: ProfileValues): ProfilePatch {
  const after = profileOf(values);
  const patch: ProfilePatch = {};
  if (after.kind !== before.kind) patch.kind = after.kind;
  for (const field of PROFILE_FIELDS) {
    if (!(field in values)) continue;
    if (after[field] !== before[field]) patch[field] = after[field] ?? null;
  }
  return patch;
}

/** "Surname Name Patronymic" for a person, the organisation for a legal entity: how lists name a user. */
export function holderName(profile: Profile): string {
  const person = [profile.surname, profile.name, profile.patronymic].filter(Boolean).join(' ');
  if (profile.kind === 'legalEntity') return profile.organizationName ?? profile.commonName ?? '';
  return person || profile.commonName || '';
}
