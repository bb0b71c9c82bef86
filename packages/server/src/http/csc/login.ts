import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { createApiToken, revokeApiTokenByValue } from '../../auth/api-tokens.js';
import type { SignInDevices } from '../../auth/second-factor.js';
import { logIn, logOut, sessionPrincipal, type DirectoryPasswordCheck } from '../../auth/sessions.js';
import type { AuthConfig } from '../../config/config.js';
import { DomainError } from '../../core/domain-error.js';
import type { Db } from '../../db/db.js';
import { caller, CREDENTIAL_SCOPES, SERVICE_SCOPES } from './caller.js';
import { CscRequestError } from './errors.js';

export interface CscLoginOptions {
  db: Db;
  settings: AuthConfig;
  /** Sign-in devices: an account that approves its sign-ins on one has a second factor. */
  devices?: SignInDevices;
  /**
   * The company directory's password check, as the office's sign-in has it: a user linked to a
   * directory that allows directory sign-in gives the directory password here too, and only it.
   */
  directoryPassword?: DirectoryPasswordCheck;
}

/** How long an access token of auth/login lives: an hour's signing session, not an integration's token. */
export const CSC_LOGIN_TOKEN_SECONDS = 3600;
/** What it may do: what CSC's `service` and `credential` scopes mean here. */
const LOGIN_TOKEN_SCOPES = ['certificates:read', 'signing'];

const tags = ['CSC API v2'];

/** A string field of an optional JSON body; undefined when absent or not a short string. */
function field(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
}

/** The login and password of an HTTP Basic Authorization header (RFC 7617), or undefined. */
function basicCredentials(request: FastifyRequest): { login: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/]+={0,2})$/i.exec(request.headers.authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { login: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * CSC `auth/login` and `auth/revoke` (authType `basic`): a holder's login
 * and password in an HTTP Basic header become a short-lived access token
 * for /csc/v2 — an API token with the `certificates:read` and `signing`
 * scopes, expiring after `CSC_LOGIN_TOKEN_SECONDS`. The password login is
 * the office's own (`logIn`): its rate limits per address and login, its
 * lock after wrong passwords, its audit — and, for a user linked to a
 * company directory with directory sign-in, the directory's password
 * (an LDAP bind as their entry) instead of the Podpis one. An account with a second factor
 * cannot give it here and is refused (its holder uses OAuth, oauth2code);
 * so is one that must change its password first. Each signature still
 * needs the key's PIN or device (SCAL2): the token only lets the
 * application ask.
 */
export const cscLoginRoutes: FastifyPluginAsyncTypebox<CscLoginOptions> = async (
  app,
  { db, settings, devices, directoryPassword },
) => {
  app.post(
    '/auth/login',
    {
      schema: {
        tags,
        summary:
          'auth/login: HTTP Basic (login and password of the holder) → an access token for this API, valid one hour',
        description:
          'The office’s password sign-in with its rate limits and lockout (users of a company directory with directory sign-in give their directory password). Accounts with a second factor sign in through OAuth (oauth2code) instead: access_denied. No refresh tokens: `rememberMe` is ignored and `refresh_token` refused.',
      },
    },
    async (request, reply) => {
      // No body schema: the body is optional (a bodiless POST), and only these fields are read.
      if (field(request.body, 'refresh_token') !== undefined) {
        throw new CscRequestError(
          'invalid_request',
          'Invalid parameter refresh_token: refresh tokens are not issued',
        );
      }
      const credentials = basicCredentials(request);
      if (!credentials) {
        throw new CscRequestError(
          'invalid_request',
          'Missing HTTP Basic authorization header: send the login and password',
          401,
        );
      }
      const outcome = await logIn(
        db,
        settings,
        {
          ...credentials,
          ip: request.ip,
          requestId: request.id,
          ...(request.headers['user-agent'] !== undefined
            ? { userAgent: request.headers['user-agent'].slice(0, 512) }
            : {}),
        },
        devices,
        directoryPassword,
      );
      if (outcome.kind === 'second-factor') {
        // The pending sign-in is left to expire unused (5 minutes); nothing is issued.
        throw new DomainError(
          'SECOND_FACTOR_REQUIRED',
          'this account signs in with a second factor, which HTTP Basic cannot carry: authorise through OAuth (oauth2code)',
        );
      }
      // The sign-in opened an office session, audited; the application gets a token, not a cookie.
      const session = await sessionPrincipal(db, outcome.sessionToken);
      if (session) await logOut(db, session.principal, request.id);
      const { account } = outcome;
      if (account.mustChangePassword || account.secondFactorEnrolmentRequired || account.role !== 'user') {
        throw new DomainError(
          account.mustChangePassword ? 'PASSWORD_CHANGE_REQUIRED' : 'SECOND_FACTOR_REQUIRED',
          'sign in to the office first: the account must change its password or enrol a second factor',
        );
      }
      const token = await createApiToken(
        db,
        {
          accountId: account.id,
          role: account.role,
          login: account.login,
          method: 'session',
          mustChangePassword: false,
        },
        { name: 'CSC auth/login', scopes: LOGIN_TOKEN_SCOPES, lifetimeSeconds: CSC_LOGIN_TOKEN_SECONDS },
        request.id,
      );
      reply.header('cache-control', 'no-store');
      return { access_token: token.token, expires_in: CSC_LOGIN_TOKEN_SECONDS };
    },
  );

  app.post(
    '/auth/revoke',
    {
      schema: {
        tags,
        summary: 'auth/revoke: revokes an access token of auth/login (by default the one calling)',
        description:
          'Any of this API’s scopes. `token`: one of the caller’s own API tokens; without it, the bearer token of this request. OAuth tokens are revoked at the authorisation server’s revocation endpoint.',
      },
    },
    async (request, reply) => {
      const principal = await caller(request, [...SERVICE_SCOPES, ...CREDENTIAL_SCOPES]);
      if (field(request.body, 'token_type_hint') === 'refresh_token') {
        throw new CscRequestError(
          'invalid_request',
          'Invalid parameter token_type_hint: no refresh tokens are issued',
        );
      }
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const token = field(request.body, 'token') ?? (principal.method === 'token' ? bearer : undefined);
      if (token === undefined) {
        throw new CscRequestError(
          'invalid_request',
          principal.method === 'oauth'
            ? 'an OAuth access token is revoked at the authorisation server (oauth2/revoke)'
            : 'Missing parameter token',
        );
      }
      await revokeApiTokenByValue(db, principal, token, request.id);
      return reply.status(204).send();
    },
  );
};
