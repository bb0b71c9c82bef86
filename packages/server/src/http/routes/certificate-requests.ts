import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf, requireRole } from '../auth-plugin.js';
import { scopeNote } from '../../auth/scopes.js';
import type { AuthorityContext } from '../../ca/authorities.js';
import {
  approveCertificateRequest,
  getCertificateRequest,
  IDENTITY_DOCUMENT_TYPES,
  listCertificateRequests,
  rejectCertificateRequest,
  requestCertificate,
} from '../../ca/certificate-requests.js';
import { identitiesOf, type HrRecords } from '../../people/identities.js';
import { PROFILE_FIELD_NAMES, type ProfileField } from '../../people/profile.js';
import {
  correctOwnRegistration,
  getSelfServicePolicy,
  setSelfServicePolicy,
} from '../../people/self-service.js';
import { getUser } from '../../people/users.js';
import { CertificateSchema, certificateView, PinSchema, ValidityDaysSchema } from './certificates-schemas.js';
import { changeContext } from './users.js';
import { ActorNameSchema, IdParams, ProfilePatchSchema, ProfileSchema, problems } from './users-schemas.js';

export interface CertificateRequestRoutesOptions {
  ca: AuthorityContext;
  /** Where auto-approval reads the HR source's records; the identities' recorded data by default. */
  hr?: HrRecords;
}

const dateTime = Type.String({ format: 'date-time' });
const nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

const RequestStatusSchema = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('rejected'),
]);

const DocumentTypeSchema = Type.Union(
  [
    Type.Literal('passport'),
    Type.Literal('internationalPassport'),
    Type.Literal('foreignPassport'),
    Type.Literal('residencePermit'),
    Type.Literal('militaryId'),
  ],
  { description: `The identity document the operator checked: ${IDENTITY_DOCUMENT_TYPES.join(', ')}` },
);

const DocumentNumberLast4Schema = Type.String({
  pattern: '^[0-9]{4}$',
  description: "The last four digits of the document's number: Podpis never takes the whole number",
});

export const CertificateRequestSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  accountId: Type.String({ format: 'uuid' }),
  login: Type.String(),
  profile: Type.String({ description: 'The certificate profile asked for' }),
  keySource: Type.Union([Type.Literal('server'), Type.Literal('pkcs10')], {
    description:
      "server: a key made in the key store under the employee's PIN; pkcs10: the employee's own key",
  }),
  subject: Type.String({ description: 'The subject the registration data gave when the request was made' }),
  status: RequestStatusSchema,
  createdAt: dateTime,
  decidedAt: nullable(dateTime),
  decidedBy: nullable(Type.String()),
  decidedByName: ActorNameSchema,
  decisionComment: nullable(Type.String({ description: 'Why it was rejected' })),
  serial: nullable(Type.String({ description: 'The certificate issued on approval' })),
  autoApproved: Type.Boolean({ description: 'Approved by the HR-match rule, not by an operator' }),
  identityCheck: Type.Union([
    Type.Object({
      documentType: DocumentTypeSchema,
      documentNumberLast4: DocumentNumberLast4Schema,
      checkedBy: Type.String(),
      checkedByName: ActorNameSchema,
      checkedAt: dateTime,
    }),
    Type.Null(),
  ]),
});

const EditableFieldsSchema = Type.Array(
  Type.Unsafe<ProfileField>({ type: 'string', enum: [...PROFILE_FIELD_NAMES] }),
  {
    maxItems: PROFILE_FIELD_NAMES.length,
    description: 'Registration fields employees may correct themselves',
  },
);

const PolicySchema = Type.Object({
  editableFields: EditableFieldsSchema,
  autoApproveHrMatch: Type.Boolean({
    description:
      "Approve a request at once when the account's HR record (an `hr` identity's data) equals its registration data in every certificate field",
  }),
  updatedAt: nullable(dateTime),
  updatedBy: nullable(Type.String()),
});

const RegistrationSchema = Type.Object({
  profile: ProfileSchema,
  version: Type.Integer({ description: 'Quote it when correcting: a stale version → 409 CONCURRENT_EDIT' }),
  editableFields: EditableFieldsSchema,
  sources: Type.Array(Type.Object({ source: Type.String(), externalId: Type.String() }), {
    description: 'Where the data came from: directory and HR identities linked to the account',
  }),
});

const KeySchema = Type.Union([
  Type.Object(
    {
      type: Type.Literal('server'),
      pin: PinSchema,
      pinConfirmation: PinSchema,
    },
    {
      additionalProperties: false,
      description:
        'A key made in the key store now, under this PIN (never stored); usable only once a certificate is issued for it',
    },
  ),
  Type.Object(
    {
      type: Type.Literal('pkcs10'),
      csr: Type.String({
        maxLength: 64 * 1024,
        description: 'PKCS#10 request, PEM; its signature must verify',
      }),
    },
    { additionalProperties: false, description: "The employee's own key: its subject is ignored" },
  ),
]);

/**
 * Self-service certificate requests (issue #16 §4): the employee's data and
 * request in the cabinet, the operators' queue, the administrator's policy.
 */
export const certificateRequestRoutes: FastifyPluginAsyncTypebox<CertificateRequestRoutesOptions> = async (
  app,
  { ca, hr },
) => {
  const operator = requireRole('operator');
  const admin = requireRole('admin');
  const tags = ['certificate requests'];

  app.get(
    '/me/registration',
    {
      preHandler: requireRole('user', { scope: 'certificates:read' }),
      schema: {
        tags,
        summary:
          'My registration data (as the operator, directory or HR filled it) and which fields I may correct',
        description: scopeNote('certificates:read'),
        response: { 200: RegistrationSchema, ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const { accountId } = principalOf(request);
      const [user, policy, sources] = await Promise.all([
        getUser(ca.db, accountId),
        getSelfServicePolicy(ca.db),
        identitiesOf(ca.db, accountId),
      ]);
      return {
        profile: user.profile,
        version: user.version,
        editableFields: policy.editableFields,
        sources: sources.map(({ source, externalId }) => ({ source, externalId })),
      };
    },
  );

  app.patch(
    '/me/registration',
    {
      preHandler: requireRole('user', { scope: 'certificates:renew' }),
      schema: {
        tags,
        summary:
          'Correct my registration data: only the fields the administrator allows (403 PROFILE_FIELD_NOT_EDITABLE); kept in the history and the audit log',
        description: scopeNote('certificates:renew'),
        body: Type.Object(
          { version: Type.Integer(), profile: ProfilePatchSchema },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ profile: ProfileSchema, version: Type.Integer() }),
          ...problems(400, 401, 403, 409, 422),
        },
      },
    },
    async (request) => {
      const user = await correctOwnRegistration(
        ca.db,
        principalOf(request).accountId,
        request.body,
        changeContext(request),
      );
      return { profile: user.profile, version: user.version };
    },
  );

  app.post(
    '/me/certificate-requests',
    {
      preHandler: requireRole('user', { scope: 'certificates:renew' }),
      schema: {
        tags,
        summary:
          'Ask for a certificate for my registration data: a key on the server under a PIN I choose, or my own PKCS#10; one request waits per profile (409 CERTIFICATE_ALREADY_REQUESTED)',
        description: `${scopeNote('certificates:renew')} Approved at once (status approved, autoApproved) when the administrator's HR-match rule applies.`,
        body: Type.Object(
          {
            certificateProfile: Type.Optional(
              Type.String({ description: 'The qualified profile for my kind when absent' }),
            ),
            key: KeySchema,
          },
          { additionalProperties: false },
        ),
        response: { 201: CertificateRequestSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { key, certificateProfile } = request.body;
      const created = await requestCertificate(
        ca,
        principalOf(request).accountId,
        {
          ...(certificateProfile !== undefined ? { certificateProfile } : {}),
          key:
            key.type === 'server'
              ? { type: 'server', pin: key.pin, pinConfirmation: key.pinConfirmation }
              : { type: 'pkcs10', request: key.csr },
        },
        changeContext(request),
        ...(hr ? [hr] : []),
      );
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/me/certificate-requests',
    {
      preHandler: requireRole('user', { scope: 'certificates:read' }),
      schema: {
        tags,
        summary:
          'My certificate requests, newest first: status, the reason of a rejection, the certificate issued',
        description: scopeNote('certificates:read'),
        response: { 200: Type.Array(CertificateRequestSchema), ...problems(401, 403) },
      },
    },
    async (request) => listCertificateRequests(ca.db, { accountId: principalOf(request).accountId }),
  );

  app.get(
    '/me/certificate-requests/:id',
    {
      preHandler: requireRole('user', { scope: 'certificates:read' }),
      schema: {
        tags,
        summary: 'One of my certificate requests',
        description: scopeNote('certificates:read'),
        params: IdParams,
        response: { 200: CertificateRequestSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => getCertificateRequest(ca.db, request.params.id, principalOf(request).accountId),
  );

  app.get(
    '/certificate-requests',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: "Employees' certificate requests, newest first (at most 500), by status",
        querystring: Type.Object(
          { status: Type.Optional(RequestStatusSchema) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(CertificateRequestSchema), ...problems(400, 401, 403) },
      },
    },
    async (request) =>
      listCertificateRequests(ca.db, request.query.status ? { status: request.query.status } : {}),
  );

  app.get(
    '/certificate-requests/:id',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: 'One certificate request',
        params: IdParams,
        response: { 200: CertificateRequestSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => getCertificateRequest(ca.db, request.params.id),
  );

  app.post(
    '/certificate-requests/:id/approve',
    {
      preHandler: operator,
      schema: {
        tags,
        summary:
          'Record the identity check and approve: the certificate is issued for the registration data; of two decisions at once one wins, the other 409 CERTIFICATE_REQUEST_ALREADY_DECIDED',
        params: IdParams,
        body: Type.Object(
          {
            identityCheck: Type.Object(
              { documentType: DocumentTypeSchema, documentNumberLast4: DocumentNumberLast4Schema },
              { additionalProperties: false },
            ),
            validityDays: Type.Optional(ValidityDaysSchema),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ request: CertificateRequestSchema, certificate: CertificateSchema }),
          ...problems(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request) => {
      const { identityCheck, validityDays } = request.body;
      const { request: decided, certificate } = await approveCertificateRequest(
        ca,
        request.params.id,
        identityCheck,
        changeContext(request),
        validityDays !== undefined ? { validityDays } : {},
      );
      return { request: decided, certificate: certificateView(certificate) };
    },
  );

  app.post(
    '/certificate-requests/:id/reject',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: 'Reject with a reason the employee sees; a key made for the request is destroyed',
        params: IdParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' }) },
          { additionalProperties: false },
        ),
        response: { 200: CertificateRequestSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      rejectCertificateRequest(ca, request.params.id, request.body.reason, changeContext(request)),
  );

  app.get(
    '/self-service-policy',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'What employees may do themselves: the fields they correct, the HR-match auto-approval',
        response: { 200: PolicySchema, ...problems(401, 403) },
      },
    },
    async () => getSelfServicePolicy(ca.db),
  );

  app.put(
    '/self-service-policy',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Set the self-service policy (audited with the values before and after)',
        body: Type.Object(
          { editableFields: EditableFieldsSchema, autoApproveHrMatch: Type.Boolean() },
          { additionalProperties: false },
        ),
        response: { 200: PolicySchema, ...problems(400, 401, 403) },
      },
    },
    async (request) =>
      setSelfServicePolicy(
        ca.db,
        // The schema's enum admits registration field names only.
        { ...request.body, editableFields: request.body.editableFields as ProfileField[] },
        changeContext(request),
      ),
  );
};
