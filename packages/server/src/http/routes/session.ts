import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthConfig } from '../../config/config.js';
import type { Db } from '../../db/db.js';
import { createApiToken, revokeApiToken } from '../../auth/api-tokens.js';
import { signOutCertificate } from '../../auth/client-certificate.js';
import { principalOf, requireRole, SESSION_COOKIE } from '../auth-plugin.js';
import { API_SCOPE_NAMES, describeScopes } from '../../auth/scopes.js';
import {
  type DirectoryPasswordCheck,
  changePassword,
  completeSecondFactor,
  logIn,
  logOut,
  requestDeviceSignIn,
  type LoginResult,
} from '../../auth/sessions.js';
import type { SecondFactorContext } from '../../auth/second-factor.js';
import { ApiError } from '../problem.js';
import { webAuthnSignInOptions } from '../../auth/webauthn.js';
import { relyingPartyOf, WebAuthnAssertion, WebAuthnOptions } from './webauthn-schemas.js';
import { DomainError } from '../../core/domain-error.js';
import { IdParams, ProfileProblemSchema, problems } from './users-schemas.js';

export interface SessionRoutesOptions {
  db: Db;
  settings: AuthConfig;
  secondFactor: SecondFactorContext;
  /** Tells the user's devices a sign-in awaits them (Web Push); absent without mobile confirmation. */
  announce?: (accountId: string, signInId: string) => void;
  /** Checks the password of users whose directory signs them in (LDAP bind); absent: Podpis passwords only. */
  directoryPassword?: DirectoryPasswordCheck;
}

const Password = Type.String({ minLength: 1, maxLength: 1024 });

function sessionCookie(value: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Strict`;
}

const SessionAnswer = Type.Object({
  secondFactorRequired: Type.Literal(false),
  csrfToken: Type.String({
    description: 'Send it in X-CSRF-Token with every state-changing request',
  }),
  expiresAt: Type.String({ format: 'date-time' }),
  mustChangePassword: Type.Boolean({
    description: 'If true, only POST /api/v1/session/password is allowed',
  }),
  secondFactorEnrolmentRequired: Type.Boolean({
    description:
      'If true, the role requires a second factor the account has not enrolled: only enrolment (/api/v1/session/second-factor/…) is allowed',
  }),
  account: Type.Object({ id: Type.String(), login: Type.String(), role: Type.String() }),
});

const PendingAnswer = Type.Object({
  secondFactorRequired: Type.Literal(true),
  pendingToken: Type.String({
    description: 'Send it to POST /api/v1/session/second-factor with the code or key; valid 5 minutes, once',
  }),
  expiresAt: Type.String({ format: 'date-time' }),
  methods: Type.Array(
    Type.Union(
      [Type.Literal('totp'), Type.Literal('webauthn'), Type.Literal('recovery-code'), Type.Literal('device')],
      {
        description:
          'totp: a code from the authenticator app; webauthn: a security key or passkey; recovery-code: one of the printed codes; device: an approval on an enrolled device (POST /api/v1/session/second-factor/device)',
      },
    ),
  ),
});

/** A user's login session (M3.2, M3.4): log in, log out, change the password, create API tokens. */
export const sessionRoutes: FastifyPluginAsyncTypebox<SessionRoutesOptions> = async (
  app,
  { db, settings, secondFactor, announce, directoryPassword },
) => {
  const tags = ['session'];
  const sessionOnly = { methods: ['session'] } as const;
  const rateLimited = (error: unknown, reply: FastifyReply): void => {
    if (error instanceof DomainError && error.code === 'RATE_LIMITED') {
      const retryAfter = error.details?.retryAfterSeconds;
      reply.header('retry-after', typeof retryAfter === 'number' ? String(retryAfter) : '60');
    }
  };
  const startSession = (result: LoginResult, reply: FastifyReply) => {
    const maxAge = Math.max(0, Math.floor((result.expiresAt.getTime() - Date.now()) / 1000));
    reply.header('set-cookie', sessionCookie(result.sessionToken, maxAge));
    reply.header('cache-control', 'no-store');
    return {
      secondFactorRequired: false as const,
      csrfToken: result.csrfToken,
      expiresAt: result.expiresAt.toISOString(),
      mustChangePassword: result.account.mustChangePassword,
      secondFactorEnrolmentRequired: result.account.secondFactorEnrolmentRequired,
      account: { id: result.account.id, login: result.account.login, role: result.account.role },
    };
  };
  const client = (request: FastifyRequest) => ({
    ip: request.ip,
    requestId: request.id,
    ...(request.headers['user-agent'] !== undefined
      ? { userAgent: request.headers['user-agent'].slice(0, 512) }
      : {}),
  });

  app.post(
    '/session',
    {
      schema: {
        tags,
        summary: 'Log in with login and password; sets the podpis_session cookie and returns the CSRF token',
        description:
          'When the account has a second factor, no session is made yet: the answer has `secondFactorRequired: true`, the methods and a pending token for POST /api/v1/session/second-factor.',
        body: Type.Object(
          { login: Type.String({ minLength: 1, maxLength: 64 }), password: Password },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Union([SessionAnswer, PendingAnswer]),
          ...problems(400, 401, 423, 429),
        },
      },
    },
    async (request, reply) => {
      let outcome;
      try {
        outcome = await logIn(
          db,
          settings,
          {
            login: request.body.login,
            password: request.body.password,
            ...client(request),
          },
          secondFactor.devices,
          directoryPassword,
        );
      } catch (error) {
        rateLimited(error, reply);
        throw error;
      }
      if (outcome.kind === 'second-factor') {
        reply.header('cache-control', 'no-store');
        return {
          secondFactorRequired: true as const,
          pendingToken: outcome.pendingToken,
          expiresAt: outcome.expiresAt.toISOString(),
          methods: outcome.methods,
        };
      }
      return startSession(outcome, reply);
    },
  );

  app.post(
    '/session/second-factor',
    {
      schema: {
        tags,
        summary: 'Second step of a login: the pending token and one proof; sets the session cookie',
        description:
          'Exactly one of `code` (authenticator app), `recoveryCode`, `webauthn` (the answer to the options of POST /api/v1/session/second-factor/webauthn-options) and `device: true` (the sign-in was approved on a device, POST /api/v1/session/second-factor/device). A wrong proof, or a sign-in declined on the device (401 SECOND_FACTOR_DECLINED), counts as a wrong password: enough of them lock the account. 409 SECOND_FACTOR_PENDING while the device has not decided.',
        body: Type.Object(
          {
            pendingToken: Type.String({ minLength: 1, maxLength: 128 }),
            code: Type.Optional(Type.String({ minLength: 1, maxLength: 16 })),
            recoveryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
            webauthn: Type.Optional(WebAuthnAssertion),
            device: Type.Optional(Type.Literal(true)),
          },
          { additionalProperties: false },
        ),
        response: { 200: SessionAnswer, ...problems(400, 401, 409, 423, 429) },
      },
    },
    async (request, reply) => {
      const { pendingToken, code, recoveryCode, webauthn, device } = request.body;
      const proofs = [code, recoveryCode, webauthn, device].filter((proof) => proof !== undefined);
      if (proofs.length !== 1) {
        throw new ApiError(400, 'BAD_REQUEST', 'send exactly one of code, recoveryCode, webauthn and device');
      }
      let result;
      try {
        result = await completeSecondFactor(secondFactor, {
          pendingToken,
          proof:
            code !== undefined
              ? { method: 'totp', code }
              : recoveryCode !== undefined
                ? { method: 'recovery-code', code: recoveryCode }
                : device
                  ? { method: 'device' }
                  : { method: 'webauthn', response: webauthn!, origin: relyingPartyOf(request).origin },
          ...client(request),
        });
      } catch (error) {
        rateLimited(error, reply);
        throw error;
      }
      return startSession(result, reply);
    },
  );

  app.post(
    '/session/second-factor/webauthn-options',
    {
      schema: {
        tags,
        summary: 'Options for navigator.credentials.get in a pending login (a new challenge each time)',
        body: Type.Object(
          { pendingToken: Type.String({ minLength: 1, maxLength: 128 }) },
          { additionalProperties: false },
        ),
        response: { 200: WebAuthnOptions, ...problems(400, 401) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return webAuthnSignInOptions(secondFactor, request.body.pendingToken, relyingPartyOf(request));
    },
  );

  app.post(
    '/session/second-factor/device',
    {
      schema: {
        tags,
        summary: "Send a pending login to the user's devices for approval, or see how the approval stands",
        description:
          'The first call asks the devices (one approval per login); later ones report it, so the browser polls here (no login attempt is spent). `approved`: finish with POST /api/v1/session/second-factor `{ pendingToken, device: true }`. A decline ends the login (401 SECOND_FACTOR_DECLINED, counted as a wrong password); 409 DEVICE_REQUIRED without an active device.',
        body: Type.Object(
          { pendingToken: Type.String({ minLength: 1, maxLength: 128 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            status: Type.Union([Type.Literal('pending'), Type.Literal('approved')]),
            verificationCode: Type.String({ description: 'The four digits the device shows too' }),
            expiresAt: Type.String({ format: 'date-time' }),
          }),
          ...problems(400, 401, 409, 423),
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const signIn = await requestDeviceSignIn(secondFactor, {
        pendingToken: request.body.pendingToken,
        ...client(request),
      });
      if (signIn.created) announce?.(signIn.accountId, signIn.signInId);
      return {
        status: signIn.status,
        verificationCode: signIn.verificationCode,
        expiresAt: signIn.expiresAt.toISOString(),
      };
    },
  );

  app.get(
    '/session',
    {
      preHandler: requireRole('user', { allowPasswordChange: true, allowSecondFactorEnrolment: true }),
      schema: {
        tags,
        summary: 'Who is logged in',
        response: {
          200: Type.Object({
            accountId: Type.String(),
            login: Type.String(),
            role: Type.String(),
            method: Type.String({ description: 'session or token' }),
            mustChangePassword: Type.Boolean(),
            secondFactorEnrolmentRequired: Type.Boolean(),
            scopes: Type.Optional(Type.Array(Type.String())),
          }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => {
      const { accountId, login, role, method, mustChangePassword, scopes, secondFactorEnrolmentRequired } =
        principalOf(request);
      return {
        accountId,
        login,
        role,
        method,
        mustChangePassword,
        secondFactorEnrolmentRequired: secondFactorEnrolmentRequired === true,
        ...(scopes ? { scopes: [...scopes] } : {}),
      };
    },
  );

  app.delete(
    '/session',
    {
      preHandler: requireRole('user', {
        ...sessionOnly,
        allowPasswordChange: true,
        allowSecondFactorEnrolment: true,
      }),
      schema: {
        tags,
        summary: 'Log out: ends the session',
        response: { 204: Type.Null(), ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      await logOut(db, principalOf(request), request.id);
      reply.header('set-cookie', sessionCookie('', 0));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/session/certificate',
    {
      schema: {
        tags,
        summary:
          'Sign in with the TLS client certificate (operators and administrators); ends an earlier sign-out',
        description:
          'A certificate whose holder signed out (DELETE /api/v1/session/certificate) is refused with CLIENT_CERTIFICATE_SIGNED_OUT until this explicit sign-in, since a browser keeps presenting a chosen certificate until it is closed.',
        response: {
          200: Type.Object({ accountId: Type.String(), login: Type.String(), role: Type.String() }),
          ...problems(401, 403, 423),
        },
      },
    },
    async (request, reply) => {
      const principal = await request.server.podpisAuth.operatorSignIn(request);
      reply.header('cache-control', 'no-store');
      return { accountId: principal.accountId, login: principal.login, role: principal.role };
    },
  );

  app.delete(
    '/session/certificate',
    {
      preHandler: requireRole(['operator', 'admin'], { methods: ['certificate'] }),
      schema: {
        tags,
        summary:
          'Sign out an operator or administrator: the client certificate is refused until signed in again',
        description:
          'The browser forgets the chosen certificate only when it is closed; until then every request with it answers 401 CLIENT_CERTIFICATE_SIGNED_OUT.',
        response: { 204: Type.Null(), ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      await signOutCertificate(db, principalOf(request), request.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/session/password',
    {
      preHandler: requireRole('user', {
        ...sessionOnly,
        allowPasswordChange: true,
        allowSecondFactorEnrolment: true,
      }),
      schema: {
        tags,
        summary:
          'Change your password (required after a temporary one); other sessions and your API tokens end',
        description:
          'Wrong current passwords count towards the account lock as at login (423 ACCOUNT_LOCKED ends this session). Your API tokens are revoked unless `keepApiTokens` is true.',
        body: Type.Object(
          {
            password: Password,
            newPassword: Password,
            keepApiTokens: Type.Optional(
              Type.Boolean({
                description:
                  'Keep your API tokens working (default false: they are revoked, as a password change usually answers a suspected compromise)',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), 422: ProfileProblemSchema, ...problems(400, 401, 403, 423) },
      },
    },
    async (request, reply) => {
      await changePassword(db, settings, principalOf(request), request.body, request.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/session/tokens',
    {
      preHandler: requireRole('user', sessionOnly),
      schema: {
        tags,
        summary: 'Create a bearer API token (returned once) for an integration',
        description:
          'A route called with the token answers 403 INSUFFICIENT_SCOPE (with `requiredScope`) unless the token has the scope the route names.',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 128 }),
            scopes: Type.Array(Type.Union(API_SCOPE_NAMES.map((scope) => Type.Literal(scope))), {
              minItems: 1,
              maxItems: 32,
              description: `What the token may do: ${describeScopes()}`,
            }),
            expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 90 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Type.String(),
            token: Type.String({ description: 'Shown once: send it as `Authorization: Bearer <token>`' }),
            name: Type.String(),
            scopes: Type.Array(Type.String()),
            createdAt: Type.String({ format: 'date-time' }),
            expiresAt: Type.String({ format: 'date-time' }),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const { name, scopes, expiresInDays } = request.body;
      const token = await createApiToken(
        db,
        principalOf(request),
        { name, scopes, expiresInDays: expiresInDays ?? 90 },
        request.id,
      );
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(token);
    },
  );

  app.delete(
    '/session/tokens/:id',
    {
      preHandler: requireRole('user', sessionOnly),
      schema: {
        tags,
        summary: 'Revoke one of your API tokens',
        params: IdParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await revokeApiToken(db, principalOf(request), request.params.id, request.id);
      return reply.code(204).send(null);
    },
  );
};
