import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  confirmTotpEnrolment,
  disableTotp,
  methodsOf,
  POLICY_ROLES,
  regenerateRecoveryCodes,
  resetSecondFactor,
  secondFactorPolicy,
  secondFactorState,
  setSecondFactorPolicy,
  startTotpEnrolment,
  type SecondFactorContext,
  type SecondFactorPolicyEntry,
} from '../../auth/second-factor.js';
import {
  finishWebAuthnRegistration,
  removeWebAuthnCredential,
  startWebAuthnRegistration,
} from '../../auth/webauthn.js';
import { principalOf, requireRole } from '../auth-plugin.js';
import { IdParams, problems } from './users-schemas.js';
import { relyingPartyOf, WebAuthnOptions, WebAuthnRegistration } from './webauthn-schemas.js';

export interface SecondFactorRoutesOptions {
  secondFactor: SecondFactorContext;
}

const RecoveryCodes = Type.Array(Type.String(), {
  description: 'Shown once: each signs in once in place of a code; only their hashes are kept',
});

const PolicyEntry = Type.Object({
  role: Type.String(),
  required: Type.Boolean(),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
});

const policyAnswer = (entry: SecondFactorPolicyEntry) => ({
  role: entry.role,
  required: entry.required,
  updatedAt: entry.updatedAt?.toISOString() ?? null,
  updatedBy: entry.updatedBy,
});

/**
 * The user's second factor of the sign-in (authenticator app, security
 * keys, recovery codes) and
 * the administrators' policy. Enrolment routes stay open to a session whose
 * role requires a factor it has not enrolled yet; the login itself is in session.ts.
 */
export const secondFactorRoutes: FastifyPluginAsyncTypebox<SecondFactorRoutesOptions> = async (
  app,
  { secondFactor },
) => {
  const tags = ['session'];
  const enrolment = requireRole('user', { methods: ['session'], allowSecondFactorEnrolment: true });

  app.get(
    '/session/second-factor',
    {
      preHandler: enrolment,
      schema: {
        tags,
        summary:
          'Your second factors: authenticator app, security keys, recovery codes left, whether one is required',
        response: {
          200: Type.Object({
            totp: Type.Boolean(),
            webauthn: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                createdAt: Type.String({ format: 'date-time' }),
                lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
              }),
            ),
            recoveryCodesLeft: Type.Integer(),
            required: Type.Boolean(),
            methods: Type.Array(Type.String()),
          }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const state = await secondFactorState(
        secondFactor.db,
        principal.accountId,
        principal.role,
        secondFactor.devices,
      );
      return {
        totp: state.totp,
        webauthn: state.webauthn.map((key) => ({
          id: key.id,
          name: key.name,
          createdAt: key.createdAt.toISOString(),
          lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
        })),
        recoveryCodesLeft: state.recoveryCodesLeft,
        required: state.required,
        methods: methodsOf(state),
      };
    },
  );

  app.post(
    '/session/second-factor/totp',
    {
      preHandler: enrolment,
      schema: {
        tags,
        summary: 'Start enrolling an authenticator app: a new secret and its otpauth:// URI (shown once)',
        response: {
          200: Type.Object({
            secret: Type.String({ description: 'base32, for typing into the app by hand' }),
            uri: Type.String({ description: 'otpauth:// URI to show as a QR code' }),
          }),
          ...problems(401, 403, 409, 422),
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return startTotpEnrolment(secondFactor, principalOf(request));
    },
  );

  app.post(
    '/session/second-factor/totp/confirm',
    {
      preHandler: enrolment,
      schema: {
        tags,
        summary:
          'Finish enrolling the authenticator app with a current code; the first factor brings recovery codes',
        body: Type.Object(
          { code: Type.String({ minLength: 1, maxLength: 16 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ recoveryCodes: Type.Optional(RecoveryCodes) }),
          ...problems(400, 401, 403, 409),
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return confirmTotpEnrolment(secondFactor, principalOf(request), request.body.code.trim(), request.id);
    },
  );

  app.delete(
    '/session/second-factor/totp',
    {
      preHandler: requireRole('user', { methods: ['session'] }),
      schema: {
        tags,
        summary: 'Disable the authenticator app (asks for the password again)',
        body: Type.Object(
          { password: Type.String({ minLength: 1, maxLength: 1024 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...problems(400, 401, 403, 409, 423) },
      },
    },
    async (request, reply) => {
      await disableTotp(secondFactor, principalOf(request), request.body.password, request.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/session/second-factor/webauthn/options',
    {
      preHandler: enrolment,
      schema: {
        tags,
        summary: 'Options for navigator.credentials.create: register a security key or passkey',
        response: { 200: WebAuthnOptions, ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return startWebAuthnRegistration(secondFactor, principalOf(request), relyingPartyOf(request));
    },
  );

  app.post(
    '/session/second-factor/webauthn',
    {
      preHandler: enrolment,
      schema: {
        tags,
        summary:
          "Register a security key or passkey with the browser's answer; the first factor brings recovery codes",
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 64 }), response: WebAuthnRegistration },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ id: Type.String(), recoveryCodes: Type.Optional(RecoveryCodes) }),
          ...problems(400, 401, 403, 422),
        },
      },
    },
    async (request, reply) => {
      const registered = await finishWebAuthnRegistration(
        secondFactor,
        principalOf(request),
        relyingPartyOf(request),
        request.body.name.trim(),
        request.body.response,
        request.id,
      );
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(registered);
    },
  );

  app.delete(
    '/session/second-factor/webauthn/:id',
    {
      preHandler: requireRole('user', { methods: ['session'] }),
      schema: {
        tags,
        summary: 'Remove one of your security keys (asks for the password again)',
        params: IdParams,
        body: Type.Object(
          { password: Type.String({ minLength: 1, maxLength: 1024 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409, 423) },
      },
    },
    async (request, reply) => {
      await removeWebAuthnCredential(
        secondFactor,
        principalOf(request),
        request.params.id,
        request.body.password,
        request.id,
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/session/second-factor/recovery-codes',
    {
      preHandler: requireRole('user', { methods: ['session'] }),
      schema: {
        tags,
        summary: 'A new set of recovery codes (shown once); the old ones stop working',
        response: { 200: Type.Object({ recoveryCodes: RecoveryCodes }), ...problems(401, 403, 409) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return { recoveryCodes: await regenerateRecoveryCodes(secondFactor, principalOf(request), request.id) };
    },
  );

  app.delete(
    '/users/:id/second-factor',
    {
      preHandler: requireRole('operator'),
      schema: {
        tags: ['users'],
        summary:
          "Remove a user's second factors (authenticator app, security keys, recovery codes) when they lost them",
        params: IdParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await resetSecondFactor(secondFactor.db, principalOf(request), request.params.id, request.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/second-factor-policy',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['administration'],
        summary: 'Which roles must sign in with a second factor',
        response: { 200: Type.Object({ roles: Type.Array(PolicyEntry) }), ...problems(401, 403) },
      },
    },
    async () => ({ roles: (await secondFactorPolicy(secondFactor.db)).map(policyAnswer) }),
  );

  app.put(
    '/second-factor-policy/:role',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['administration'],
        summary: 'Require (or stop requiring) a second factor of a role, from its next sign-in',
        params: Type.Object({ role: Type.Union(POLICY_ROLES.map((role) => Type.Literal(role))) }),
        body: Type.Object({ required: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: PolicyEntry, ...problems(400, 401, 403) },
      },
    },
    async (request) =>
      policyAnswer(
        await setSecondFactorPolicy(
          secondFactor.db,
          principalOf(request),
          request.params.role,
          request.body.required,
          request.id,
        ),
      ),
  );
};
