import { appendAudit } from '../audit/audit-log.js';
import { DomainError } from '../core/domain-error.js';
import type { Db, Queryable } from '../db/db.js';
import type { ChangeContext } from './accounts.js';
import type { HrRecords } from './identities.js';
import {
  normalizeProfile,
  PROFILE_FIELD_NAMES,
  profileDiff,
  SUBJECT_FIELDS,
  type Profile,
  type ProfileField,
  type ProfilePatch,
} from './profile.js';
import { getUser, updateUserProfile, type UserView } from './users.js';

/**
 * What the administrator lets employees do in their cabinet: correct the
 * registration fields listed (the rest only an operator changes, against
 * documents), and have a certificate request approved without an operator
 * when the data match the HR source record exactly.
 */
export interface SelfServicePolicy {
  editableFields: ProfileField[];
  autoApproveHrMatch: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** Until an administrator decides: nothing editable, every request decided by an operator. */
const DEFAULT_POLICY: SelfServicePolicy = {
  editableFields: [],
  autoApproveHrMatch: false,
  updatedAt: null,
  updatedBy: null,
};

type PolicyRow = {
  editable_fields: string[];
  auto_approve_hr_match: boolean;
  updated_at: Date;
  updated_by: string;
};

const isProfileField = (name: string): name is ProfileField =>
  (PROFILE_FIELD_NAMES as readonly string[]).includes(name);

export async function getSelfServicePolicy(db: Queryable): Promise<SelfServicePolicy> {
  const { rows } = await db.query<PolicyRow>(
    'SELECT editable_fields, auto_approve_hr_match, updated_at, updated_by FROM self_service_policy',
  );
  const row = rows[0];
  if (!row) return DEFAULT_POLICY;
  return {
    // A field dropped from the registration form since is no longer offered.
    editableFields: row.editable_fields.filter(isProfileField),
    autoApproveHrMatch: row.auto_approve_hr_match,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

/** The administrator sets the policy; the change and its audit record (before → after) commit together. */
export async function setSelfServicePolicy(
  db: Db,
  policy: { editableFields: readonly ProfileField[]; autoApproveHrMatch: boolean },
  context: ChangeContext,
): Promise<SelfServicePolicy> {
  const editableFields = PROFILE_FIELD_NAMES.filter((field) => policy.editableFields.includes(field));
  await db.transaction(async (tx) => {
    const before = await getSelfServicePolicy(tx);
    await tx.query(
      `INSERT INTO self_service_policy (singleton, editable_fields, auto_approve_hr_match, updated_by)
       VALUES (true, $1, $2, $3)
       ON CONFLICT (singleton) DO UPDATE
         SET editable_fields = $1, auto_approve_hr_match = $2, updated_at = now(), updated_by = $3`,
      [editableFields, policy.autoApproveHrMatch, context.actor],
    );
    await appendAudit(tx, {
      ...context,
      action: 'self_service.policy_change',
      target: 'self-service-policy',
      details: {
        editableFields: { from: before.editableFields, to: editableFields },
        autoApproveHrMatch: { from: before.autoApproveHrMatch, to: policy.autoApproveHrMatch },
      },
    });
  });
  return getSelfServicePolicy(db);
}

/**
 * The employee corrects their registration data in the cabinet: only the
 * fields the policy makes editable (403 PROFILE_FIELD_NOT_EDITABLE naming
 * the others, nothing saved), never the kind; the same version check,
 * validation, history and audit (`user.self_update`) as an operator's edit.
 */
export async function correctOwnRegistration(
  db: Db,
  accountId: string,
  input: { version: number; profile: ProfilePatch },
  context: ChangeContext,
): Promise<UserView> {
  const policy = await getSelfServicePolicy(db);
  const current = await getUser(db, accountId);
  const corrected = normalizeProfile({ ...current.profile, ...input.profile, kind: current.profile.kind });
  const changed = Object.keys(profileDiff(current.profile, corrected));
  const refused = [
    ...(input.profile.kind !== undefined && input.profile.kind !== current.profile.kind ? ['kind'] : []),
    ...changed.filter((field) => !(policy.editableFields as string[]).includes(field)),
  ];
  if (refused.length > 0) {
    throw new DomainError(
      'PROFILE_FIELD_NOT_EDITABLE',
      `only an operator may change ${refused.join(', ')}; the administrator lets employees correct ${policy.editableFields.join(', ') || 'nothing'}`,
      { fields: refused, editableFields: policy.editableFields },
    );
  }
  return updateUserProfile(db, accountId, input, context, 'user.self_update');
}

/** The certificate subject's part of registration data (kind and subject fields), as compared with a source. */
function subjectPart(profile: Profile): Profile {
  const part: Profile = { kind: profile.kind };
  for (const field of Object.keys(SUBJECT_FIELDS) as (keyof typeof SUBJECT_FIELDS)[]) {
    const value = profile[field];
    if (value !== undefined) part[field] = value;
  }
  return normalizeProfile(part);
}

/**
 * Whether the registration data equal the HR source's record exactly in
 * everything a certificate certifies: there is at least one HR record for
 * the account, and every one of them has the same kind and the same value
 * in every subject field (an empty field on one side only is a difference).
 * Contact fields are the operator's working notes and are not compared.
 */
export async function matchesHrRecord(
  db: Queryable,
  hr: HrRecords,
  accountId: string,
  registration: Profile,
): Promise<boolean> {
  const records = await hr.recordsOf(db, accountId);
  if (records.length === 0) return false;
  const mine = subjectPart(registration);
  return records.every((record) => Object.keys(profileDiff(subjectPart(record.data), mine)).length === 0);
}
