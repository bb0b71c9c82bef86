import {
  normaliseSnils,
  validateQualifiedSubject,
  type QualifiedSubject,
  type SubjectKind,
} from '@podpis/pki';
import { DomainError } from '../core/domain-error.js';

/** Registration form fields that go into a qualified certificate, with their database columns. */
export const SUBJECT_FIELDS = {
  surname: 'surname',
  name: 'name',
  patronymic: 'patronymic',
  commonName: 'common_name',
  title: 'title',
  organizationName: 'organization_name',
  organizationalUnitName: 'organizational_unit_name',
  street: 'street',
  locality: 'locality',
  state: 'state',
  country: 'country',
  email: 'email',
  inn: 'inn',
  innle: 'innle',
  snils: 'snils',
  ogrn: 'ogrn',
  ogrnip: 'ogrnip',
} as const;

/** Registration form fields kept for the operator's work only (contacts, HR data). */
export const CONTACT_FIELDS = {
  phone: 'phone',
  department: 'department',
  region: 'region',
  address: 'address',
  position: 'position',
} as const;

export const PROFILE_FIELDS = { ...SUBJECT_FIELDS, ...CONTACT_FIELDS };
export type ProfileField = keyof typeof PROFILE_FIELDS;
export const PROFILE_FIELD_NAMES = Object.keys(PROFILE_FIELDS) as ProfileField[];

/** A user's registration data: the certificate subject plus contact details; absent fields are empty. */
export type Profile = { kind: SubjectKind } & Partial<Record<ProfileField, string>>;

/** A change to a profile: a new value, or null to clear the field. */
export type ProfilePatch = { kind?: SubjectKind } & Partial<Record<ProfileField, string | null>>;

/** Trims every field, drops empty ones, and keeps only the digits of a SNILS (which may be typed with separators). */
export function normalizeProfile(input: ProfilePatch & { kind: SubjectKind }): Profile {
  const profile: Profile = { kind: input.kind };
  for (const field of PROFILE_FIELD_NAMES) {
    const value = input[field]?.trim();
    if (value) profile[field] = value;
  }
  if (profile.snils !== undefined) profile.snils = normaliseSnils(profile.snils);
  return profile;
}

/**
 * Checks the profile against the qualified-certificate rules; every problem
 * is reported at once → 422 PROFILE_INVALID with `errors: [{ field, code, message }]`.
 */
export function assertValidProfile(profile: Profile): void {
  const subject: QualifiedSubject = { kind: profile.kind };
  for (const field of Object.keys(SUBJECT_FIELDS) as (keyof typeof SUBJECT_FIELDS)[]) {
    const value = profile[field];
    if (value !== undefined) subject[field] = value;
  }
  const problems = validateQualifiedSubject(subject);
  if (problems.length > 0) {
    throw new DomainError('PROFILE_INVALID', problems.map((p) => p.message).join('; '), {
      errors: problems.map(({ field, code, message }) => ({ field, code, message })),
    });
  }
}

export type ProfileRow = Record<string, unknown> & { kind: SubjectKind };

export function profileFromRow(row: ProfileRow): Profile {
  const profile: Profile = { kind: row.kind };
  for (const field of PROFILE_FIELD_NAMES) {
    const value = row[PROFILE_FIELDS[field]];
    if (typeof value === 'string') profile[field] = value;
  }
  return profile;
}

/** Field-level difference for the history: `{ field: { from, to } }`, null for an empty side. */
export function profileDiff(
  before: Profile,
  after: Profile,
): Record<string, { from: string | null; to: string | null }> {
  const diff: Record<string, { from: string | null; to: string | null }> = {};
  if (before.kind !== after.kind) diff.kind = { from: before.kind, to: after.kind };
  for (const field of PROFILE_FIELD_NAMES) {
    if (before[field] !== after[field])
      diff[field] = { from: before[field] ?? null, to: after[field] ?? null };
  }
  return diff;
}
