import { createHash } from 'node:crypto';
import type { SubjectKind } from '@podpis/pki';
import { DomainError } from '../core/domain-error.js';
import {
  assertValidProfile,
  normalizeProfile,
  PROFILE_FIELD_NAMES,
  type Profile,
  type ProfileField,
  type ProfilePatch,
} from '../people/profile.js';

/** What a row gives besides the registration data: the personnel number and the login. */
export const HR_KEY_FIELDS = ['externalId', 'login'] as const;
export type HrMappedField = ProfileField | (typeof HR_KEY_FIELDS)[number];

/**
 * How an export's columns become registration data: `columns` names the
 * column for each field (the personnel number `externalId` is required),
 * `defaults` gives constant values for fields the export lacks — the
 * company's name, INN, OGRN and city are the same on every row of an
 * employer's export.
 */
export interface HrMapping {
  kind: SubjectKind;
  columns: Partial<Record<HrMappedField, string>>;
  defaults: Partial<Record<ProfileField, string>>;
}

const SUBJECT_KINDS: readonly SubjectKind[] = ['employee', 'person', 'entrepreneur', 'legalEntity'];
const MAPPED_FIELDS = new Set<string>([...HR_KEY_FIELDS, ...PROFILE_FIELD_NAMES]);

/** A mapping as the operator sent it, checked: unknown fields or a missing personnel number → HR_MAPPING_INVALID. */
export function checkMapping(mapping: HrMapping): HrMapping {
  const problems: string[] = [];
  if (!SUBJECT_KINDS.includes(mapping.kind)) problems.push(`unknown kind ${JSON.stringify(mapping.kind)}`);
  for (const field of Object.keys(mapping.columns)) {
    if (!MAPPED_FIELDS.has(field)) problems.push(`unknown field ${field}`);
  }
  for (const field of Object.keys(mapping.defaults)) {
    if (!PROFILE_FIELD_NAMES.includes(field as ProfileField)) problems.push(`unknown default field ${field}`);
  }
  if (!mapping.columns.externalId) problems.push('the personnel number column (externalId) is required');
  if (problems.length > 0) throw new DomainError('HR_MAPPING_INVALID', problems.join('; '), { problems });
  return mapping;
}

/** Columns the mapping names that the file does not have → HR_MAPPING_INVALID, before any row is imported. */
export function assertColumnsPresent(mapping: HrMapping, columns: readonly string[]): void {
  const missing = Object.values(mapping.columns).filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new DomainError('HR_MAPPING_INVALID', `the file has no column ${missing.join(', ')}`, {
      missingColumns: missing,
      columns,
    });
  }
}

/** A row made into a registration, or the reason it cannot be one (a stable code and a readable message). */
export type MappedRow =
  | { ok: true; externalId: string; login: string; profile: Profile; hash: string }
  | { ok: false; externalId: string; code: string; message: string };

const LOGIN_UNSAFE = /[^A-Za-z0-9._@-]/g;

/**
 * Maps one export row: defaults first, then the mapped columns (a non-empty
 * cell wins), normalised and checked as the registration form is (required
 * fields, SNILS/INN/OGRN check digits). The login is the mapped column's,
 * or the e-mail address, or `hr-<personnel number>`.
 */
export function mapRow(row: Readonly<Record<string, string>>, mapping: HrMapping): MappedRow {
  const cell = (field: HrMappedField): string | undefined => {
    const column = mapping.columns[field];
    const value = column === undefined ? undefined : row[column]?.trim();
    return value === '' ? undefined : value;
  };
  const externalId = cell('externalId') ?? '';
  if (externalId === '') {
    return { ok: false, externalId, code: 'REQUIRED', message: 'externalId: the personnel number is empty' };
  }
  const patch: ProfilePatch & { kind: SubjectKind } = { kind: mapping.kind, ...mapping.defaults };
  for (const field of PROFILE_FIELD_NAMES) {
    const value = cell(field);
    if (value !== undefined) patch[field] = value;
  }
  const profile = normalizeProfile(patch);
  try {
    assertValidProfile(profile);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const problems = (error.details?.errors ?? []) as { field: string; code: string }[];
    return {
      ok: false,
      externalId,
      code: problems.map((p) => `${p.field}:${p.code}`).join(' ') || error.code,
      message: error.message,
    };
  }
  const login = cell('login') ?? profile.email ?? `hr-${externalId.replace(LOGIN_UNSAFE, '')}`;
  return { ok: true, externalId, login, profile, hash: profileHash(profile) };
}

/** SHA-256 of the profile's fields in a fixed order: equal rows, equal hashes. */
export function profileHash(profile: Profile): string {
  const hash = createHash('sha256').update(profile.kind);
  for (const field of PROFILE_FIELD_NAMES) hash.update(`\u0000${field}=${profile[field] ?? ''}`);
  return hash.digest('hex');
}
