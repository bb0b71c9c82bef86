import { Type, type TSchema } from '@sinclair/typebox';
import { PROFILE_FIELD_NAMES } from '../../people/profile.js';

/** Problem details for the given statuses, for a route's `response` map. */
export function problems(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((status) => [status, Type.Ref('Problem')]));
}

/** The fields every problem details answer has, for the variants that document more of theirs. */
const problemFields = {
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  instance: Type.String(),
  requestId: Type.String(),
};

/** 422 problem details that may list per-field problems of the registration form. */
export const ProfileProblemSchema = Type.Object(
  {
    ...problemFields,
    code: Type.String({ description: 'PROFILE_INVALID, LOGIN_INVALID or PASSWORD_POLICY' }),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.String() }), {
        description: 'Every problem of the registration form, by field (PROFILE_INVALID)',
      }),
    ),
  },
  { additionalProperties: true },
);

/** 403 problem details of a key PIN check: KEY_PIN_WRONG says how many attempts are left. */
export const KeyPinProblemSchema = Type.Object(
  {
    ...problemFields,
    code: Type.String({ description: 'KEY_PIN_WRONG, or INSUFFICIENT_SCOPE / FORBIDDEN' }),
    remainingAttempts: Type.Optional(
      Type.Integer({
        minimum: 0,
        description:
          'KEY_PIN_WRONG: wrong PINs still allowed; 0 means the key is now locked (423 KEY_LOCKED next)',
      }),
    ),
  },
  { additionalProperties: true },
);

export const SubjectKindSchema = Type.Union(
  [
    Type.Literal('person'),
    Type.Literal('employee'),
    Type.Literal('entrepreneur'),
    Type.Literal('legalEntity'),
  ],
  {
    description:
      'Who the qualified certificate is for: private person, employee of an organisation, entrepreneur, organisation',
  },
);

const field = Type.String({ maxLength: 256 });
const profileFields = Object.fromEntries(PROFILE_FIELD_NAMES.map((name) => [name, Type.Optional(field)]));
const profilePatchFields = Object.fromEntries(
  PROFILE_FIELD_NAMES.map((name) => [name, Type.Optional(Type.Union([field, Type.Null()]))]),
);

/** The registration form: every field a qualified certificate needs, plus contacts. */
export const ProfileSchema = Type.Object(
  { kind: SubjectKindSchema, ...profileFields },
  {
    additionalProperties: false,
    description: 'Registration data (fields of the qualified certificate subject plus contacts)',
  },
);
export const ProfilePatchSchema = Type.Object(
  { kind: Type.Optional(SubjectKindSchema), ...profilePatchFields },
  { additionalProperties: false, description: 'Fields to change; null clears a field' },
);

export const LoginSchema = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$',
  description: '3–64 Latin letters, digits and . _ @ -; unique regardless of letter case',
});

/** The display name or login of the account behind an actor field; null for `system` and `cli:*`. */
export const ActorNameSchema = Type.Union([Type.String(), Type.Null()], {
  description: "The acting account's display name or login; null for system, cli:* or an unknown account",
});

const StatusSchema = Type.Union([Type.Literal('active'), Type.Literal('locked'), Type.Literal('disabled')]);

const accountFields = {
  id: Type.String({ format: 'uuid' }),
  role: Type.Union([Type.Literal('admin'), Type.Literal('operator'), Type.Literal('user')]),
  login: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  status: StatusSchema,
  mustChangePassword: Type.Boolean(),
  lockedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'Set while locked after too many wrong passwords',
  }),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String({
    description: 'Who created the account: operator:<id>, admin:<id>, system, cli:<user>',
  }),
  createdByName: ActorNameSchema,
};

export const AccountSchema = Type.Object(accountFields);
export const UserSchema = Type.Object({
  ...accountFields,
  profile: ProfileSchema,
  version: Type.Integer({ description: 'Quote it when editing: a stale version → 409 CONCURRENT_EDIT' }),
});

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Why an account is locked or disabled: kept in the audit log. The body may be left out (see {@link bodyMayBeOmitted}). */
export const ReasonBody = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
  { additionalProperties: false },
);

export { StatusSchema };

/** A pre-validation hook for routes whose JSON body is optional: no body is read as `{}`. */
export async function bodyMayBeOmitted(request: { body: unknown }): Promise<void> {
  request.body ??= {};
}
