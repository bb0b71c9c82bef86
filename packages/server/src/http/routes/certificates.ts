import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { principalOf, requireRole } from '../auth-plugin.js';
import { scopeNote } from '../../auth/scopes.js';
import type { AuthorityContext } from '../../ca/authorities.js';
import {
  deleteCertificate,
  listCertificates,
  resumeCertificate,
  revokeCertificate,
  suspendCertificate,
} from '../../ca/certificates.js';
import {
  certificateKey,
  changeCertificatePin,
  findUserCertificate,
  issueFromCertificationRequest,
  requestUserCertificate,
  unlockCertificateKey,
} from '../../ca/certificate-lifecycle.js';
import { isUserPurpose } from '../../ca/profiles.js';
import { previewRenewal, renewCertificate } from '../../ca/renew.js';
import { getUser } from '../../people/users.js';
import { ApiError } from '../problem.js';
import {
  CertificateDetailsSchema,
  CertificateProfileIdSchema,
  CertificateSchema,
  certificateDetails,
  certificateView,
  KeySpecSchema,
  PinSchema,
  RenewalTermsSchema,
  RevocationReasonSchema,
  SerialParams,
  ValidityDaysQuery,
  ValidityDaysSchema,
} from './certificates-schemas.js';
import { registerCertificateFileRoutes } from './certificate-files.js';
import { changeContext } from './users.js';
import {
  IdParams,
  KeyPinProblemSchema,
  ProfilePatchSchema,
  ProfileProblemSchema,
  problems,
} from './users-schemas.js';

export interface CertificateRoutesOptions {
  ca: AuthorityContext;
}

const CSR_LIMIT = 64 * 1024;

/**
 * The certificate lifecycle (M1.3, M1.4, M1.6): the operator creates,
 * views, prints, downloads, suspends, resumes, revokes, renews and deletes
 * users' certificates; a user sees and downloads their own and changes
 * their key PIN.
 */
export const certificateRoutes: FastifyPluginAsyncTypebox<CertificateRoutesOptions> = async (app, { ca }) => {
  const operator = requireRole('operator');
  const readOwn = requireRole('user', { scope: 'certificates:read' });
  const changeOwnPin = requireRole('user', { scope: 'keys:pin' });
  const tags = ['certificates'];
  const details = async (found: Awaited<ReturnType<typeof findUserCertificate>>) =>
    certificateDetails(found, await certificateKey(ca, found));
  const ownCertificate = (request: FastifyRequest, serial: string) =>
    findUserCertificate(ca.db, serial, ca.now(), principalOf(request).accountId);

  app.addContentTypeParser(
    'application/pkcs10',
    { parseAs: 'buffer', bodyLimit: CSR_LIMIT },
    (_request, body, done) => {
      done(null, body);
    },
  );

  app.post(
    '/users/:id/certificates',
    {
      preHandler: operator,
      schema: {
        tags,
        summary:
          "Create a certificate request from the user's registration data (corrected if need be): the key is generated in the key store under the PIN, and the certificate issued",
        params: IdParams,
        body: Type.Object(
          {
            profile: Type.Optional(ProfilePatchSchema),
            certificateProfile: Type.Optional(CertificateProfileIdSchema),
            keySpec: Type.Optional(KeySpecSchema),
            keyStore: Type.Optional(
              Type.String({
                maxLength: 32,
                description:
                  "Where the key is generated: 'software' (default) or 'pkcs11' when the server has a token (GET /api/v1/key-stores lists them with the algorithms each makes)",
              }),
            ),
            confirmation: Type.Optional(
              Type.Union([Type.Literal('pin'), Type.Literal('none'), Type.Literal('device')], {
                description:
                  "How each use of the key is confirmed. pin (default): by its holder with the key PIN, every time. none: a legal entity's key for automatic signing by its systems (signing operations complete at once); it has no PIN, and 422 KEY_CONFIRMATION_NOT_ALLOWED for any other holder. device: every use approved on the holder's enrolled device (mobile confirmation); the key has no PIN",
              }),
            ),
            pin: Type.Optional(PinSchema),
            pinConfirmation: Type.Optional(PinSchema),
            validityDays: Type.Optional(ValidityDaysSchema),
          },
          { additionalProperties: false },
        ),
        response: { 201: CertificateSchema, 422: ProfileProblemSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const issued = await requestUserCertificate(
        ca,
        { userId: request.params.id, ...request.body },
        changeContext(request),
      );
      return reply.code(201).send(certificateView(issued));
    },
  );

  app.post(
    '/users/:id/certificates/from-request',
    {
      preHandler: operator,
      schema: {
        tags,
        summary:
          'Issue a certificate for a PKCS#10 request made by the user: JSON { csr: PEM } or an application/pkcs10 DER body; its signature must verify',
        params: IdParams,
        querystring: Type.Object({
          subjectFrom: Type.Optional(
            Type.Union([Type.Literal('profile'), Type.Literal('request')], {
              description:
                'profile (default): the checked registration data; request: the requested subject, read into the same fields and checked by the same profile rules (422 PROFILE_INVALID, each problem in `errors`)',
            }),
          ),
          certificateProfile: Type.Optional(CertificateProfileIdSchema),
          validityDays: Type.Optional(ValidityDaysQuery),
        }),
        body: {
          content: {
            'application/json': {
              schema: Type.Object(
                { csr: Type.String({ maxLength: CSR_LIMIT }) },
                { additionalProperties: false },
              ),
            },
            'application/pkcs10': { schema: Type.Unsafe<Buffer>({ description: 'PKCS#10 request, DER' }) },
          },
        },
        response: {
          201: CertificateSchema,
          422: ProfileProblemSchema,
          ...problems(400, 401, 403, 404, 409, 415),
        },
      },
    },
    async (request, reply) => {
      const body: unknown = request.body;
      let csr: Uint8Array | string;
      if (Buffer.isBuffer(body)) csr = new Uint8Array(body);
      else if (typeof body === 'object' && body !== null && 'csr' in body && typeof body.csr === 'string')
        csr = body.csr;
      else throw new ApiError(400, 'CSR_INVALID', 'send { "csr": "<PEM>" } or an application/pkcs10 body');
      const { subjectFrom, validityDays, certificateProfile } = request.query;
      const issued = await issueFromCertificationRequest(
        ca,
        {
          userId: request.params.id,
          request: csr,
          ...(certificateProfile !== undefined ? { certificateProfile } : {}),
          ...(subjectFrom !== undefined ? { subjectFrom } : {}),
          ...(validityDays !== undefined ? { validityDays: Number(validityDays) } : {}),
        },
        changeContext(request),
      );
      return reply.code(201).send(certificateView(issued));
    },
  );

  app.get(
    '/users/:id/certificates',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: "A user's certificates with their status badges, newest first",
        params: IdParams,
        response: { 200: Type.Array(CertificateSchema), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const owner = await getUser(ca.db, request.params.id);
      const list = await listCertificates(ca.db, { accountId: owner.id }, ca.now());
      return list.filter((c) => isUserPurpose(c.purpose)).map(certificateView);
    },
  );

  app.get(
    '/certificates/:serial',
    {
      preHandler: operator,
      schema: {
        tags,
        summary:
          'Every field of a certificate, readable (subject, issuer, validity, usages, policies, thumbprints), and whether the service holds its key and wrong PINs have locked it',
        params: SerialParams,
        response: { 200: CertificateDetailsSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => details(await findUserCertificate(ca.db, request.params.serial, ca.now())),
  );

  for (const [operation, summary] of [
    ['suspend', 'Suspend the certificate (CRL: certificateHold); a fresh CRL is published'],
    ['resume', 'Resume a suspended certificate; a fresh CRL is published'],
  ] as const) {
    app.post(
      `/certificates/:serial/${operation}`,
      {
        preHandler: operator,
        schema: {
          tags,
          summary,
          params: SerialParams,
          response: { 200: CertificateSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const context = changeContext(request);
        const found = await findUserCertificate(ca.db, request.params.serial, ca.now());
        const changed =
          operation === 'suspend'
            ? await suspendCertificate(ca, found.serial, context)
            : await resumeCertificate(ca, found.serial, context);
        return certificateView(changed);
      },
    );
  }

  app.post(
    '/certificates/:serial/revoke',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: 'Revoke the certificate for good; a fresh CRL is published',
        params: SerialParams,
        body: Type.Object({ reason: Type.Optional(RevocationReasonSchema) }, { additionalProperties: false }),
        response: { 200: CertificateSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const context = changeContext(request);
      const found = await findUserCertificate(ca.db, request.params.serial, ca.now());
      const revoked = await revokeCertificate(ca, found.serial, {
        ...context,
        ...(request.body.reason ? { reason: request.body.reason } : {}),
      });
      return certificateView(revoked);
    },
  );

  app.get(
    '/certificates/:serial/renewal-preview',
    {
      preHandler: operator,
      schema: {
        tags,
        summary:
          "What a renewal would certify: the holder's current registration data, and each subject attribute that differs from the certificate's",
        description:
          'A renewal (POST …/renew, or approving a renewal request) issues for the registration data as it is then, not a copy of the old subject; the office shows these changes for the operator to confirm. 422 PROFILE_INVALID when the registration data no longer fits the certificate profile.',
        params: SerialParams,
        response: {
          200: Type.Object({
            subject: Type.String({ description: 'The new certificate subject, one line' }),
            changes: Type.Array(
              Type.Object({
                type: Type.String({ description: 'The attribute OID' }),
                name: Type.String({ description: 'Its name: commonName, surname, locality, snils …' }),
                from: Type.Union([Type.String(), Type.Null()], { description: 'null: added' }),
                to: Type.Union([Type.String(), Type.Null()], { description: 'null: dropped' }),
              }),
            ),
          }),
          422: ProfileProblemSchema,
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return previewRenewal(ca, request.params.serial);
    },
  );

  app.post(
    '/certificates/:serial/renew',
    {
      preHandler: operator,
      schema: {
        tags,
        summary:
          "Renew: a new key under a new PIN and a certificate for the holder's current registration data (GET …/renewal-preview lists what changed); revokeOld revokes the old one as superseded in the same operation",
        params: SerialParams,
        body: RenewalTermsSchema,
        response: {
          201: Type.Object({
            certificate: CertificateSchema,
            revoked: Type.Union([Type.String(), Type.Null()], {
              description: 'The serial revoked as superseded',
            }),
          }),
          ...problems(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const context = changeContext(request);
      const { certificate, revoked } = await renewCertificate(
        ca,
        { serial: request.params.serial, ...request.body },
        context,
      );
      return reply.code(201).send({ certificate: certificateView(certificate), revoked });
    },
  );

  app.delete(
    '/certificates/:serial',
    {
      preHandler: operator,
      schema: {
        tags,
        summary:
          'Remove a revoked or expired certificate from the lists (it stays on the CRL until it expires)',
        params: SerialParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const found = await findUserCertificate(ca.db, request.params.serial, ca.now());
      await deleteCertificate(ca, found.serial, changeContext(request));
      return reply.code(204).send(null);
    },
  );

  registerCertificateFileRoutes(app, {
    path: '/certificates/:serial',
    preHandler: operator,
    find: (request, serial) => findUserCertificate(ca.db, serial, ca.now()),
    ca,
    summaries: {
      download: 'Download the certificate: DER (.cer), PEM, or PKCS#7 (.p7b) with the chain',
      printForm: 'The printable certificate form (PDF) for the holder to sign',
    },
  });

  app.post(
    '/certificates/:serial/unlock-key',
    {
      preHandler: operator,
      schema: {
        tags,
        summary:
          "Clear the failed-PIN counter of the certificate's key (the holder's identity checked first)",
        params: SerialParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const found = await findUserCertificate(ca.db, request.params.serial, ca.now());
      await unlockCertificateKey(ca, found, changeContext(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me/certificates',
    {
      preHandler: readOwn,
      schema: {
        tags,
        summary: 'My certificates with their status badges',
        description: scopeNote('certificates:read'),
        response: { 200: Type.Array(CertificateSchema), ...problems(401, 403) },
      },
    },
    async (request) => {
      const list = await listCertificates(ca.db, { accountId: principalOf(request).accountId }, ca.now());
      return list.filter((c) => isUserPurpose(c.purpose)).map(certificateView);
    },
  );

  app.get(
    '/me/certificates/:serial',
    {
      preHandler: readOwn,
      schema: {
        tags,
        summary:
          'One of my certificates, every field readable, and whether my key is locked after wrong PINs',
        description: scopeNote('certificates:read'),
        params: SerialParams,
        response: { 200: CertificateDetailsSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => details(await ownCertificate(request, request.params.serial)),
  );

  registerCertificateFileRoutes(app, {
    path: '/me/certificates/:serial',
    preHandler: readOwn,
    find: ownCertificate,
    ca,
    summaries: {
      download: 'Download one of my certificates: DER, PEM or PKCS#7 with the chain',
      printForm: 'The printable form (PDF) of one of my certificates, the same the operator prints',
    },
    description: scopeNote('certificates:read'),
  });

  app.post(
    '/me/certificates/:serial/pin',
    {
      preHandler: changeOwnPin,
      schema: {
        tags,
        summary:
          "Change my key's PIN (first the operator's temporary one): a wrong old PIN → 403 KEY_PIN_WRONG with remainingAttempts, then 423 KEY_LOCKED",
        description: scopeNote('keys:pin'),
        params: SerialParams,
        body: Type.Object({ oldPin: PinSchema, newPin: PinSchema }, { additionalProperties: false }),
        response: { 204: Type.Null(), 403: KeyPinProblemSchema, ...problems(400, 401, 404, 409, 423) },
      },
    },
    async (request, reply) => {
      const found = await ownCertificate(request, request.params.serial);
      await changeCertificatePin(ca, found, request.body, changeContext(request));
      return reply.code(204).send(null);
    },
  );
};
