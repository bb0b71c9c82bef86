import type {
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  preHandlerAsyncHookHandler,
  preValidationAsyncHookHandler,
} from 'fastify';
import type { AuthConfig } from '../config/config.js';
import type { Db } from '../db/db.js';
import { DomainError } from '../core/domain-error.js';
import { tokenPrincipal } from '../auth/api-tokens.js';
import { authenticateClientCertificate, signInWithCertificate } from '../auth/client-certificate.js';
import { readTlsClientCertificate, type ClientCertificateReader } from './client-certificate-reader.js';
import { sameSecret, type Principal, type Role } from '../auth/principal.js';
import type { ApiScope } from '../auth/scopes.js';
import { sessionPrincipal } from '../auth/sessions.js';
import { oauthClientPrincipal, oauthPrincipal, type OAuthClientPrincipal } from '../oauth/principal.js';

export const SESSION_COOKIE = 'podpis_session';
export const CSRF_HEADER = 'x-csrf-token';
/** What clients without a session or a JSON body send on a state-changing request to show it is not a cross-site form. */
export const REQUESTED_WITH_HEADER = 'x-requested-with';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; set by a `requireRole` pre-handler, null on routes without one. */
    principal: Principal | null;
    /** An OAuth client calling for itself (client credentials); set only by `requireRoleOrClient`. */
    oauthClient: OAuthClientPrincipal | null;
  }
  interface FastifyInstance {
    podpisAuth: Authenticator;
  }
}

export interface AuthPluginOptions {
  db: Db;
  settings: AuthConfig;
  /**
   * Test-only: replaces reading the TLS client certificate from the socket,
   * for in-process `inject` requests which have none. The certificate is
   * still looked up in client_certificates and checked like a real one.
   */
  readClientCertificate?: ClientCertificateReader;
  /** The office's public URL: a state-changing request from any other origin (or from its own host) is refused. */
  publicUrl: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The request's cookies by name, each as sent (the first of a name sent twice). */
export function cookies(request: FastifyRequest): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    const name = part.slice(0, at).trim();
    if (at > 0 && !found.has(name)) found.set(name, part.slice(at + 1).trim());
  }
  return found;
}

/** A cookie's value as the request sends it; undefined when it sends none of that name. */
export function cookie(request: FastifyRequest, name: string): string | undefined {
  return cookies(request).get(name);
}

/** Finds out who is calling: users by bearer token or session cookie (with CSRF check), operators and administrators by client certificate. */
export class Authenticator {
  constructor(
    private readonly db: Db,
    private readonly readClientCertificate: ClientCertificateReader,
  ) {}

  /** Whether the request carries a user credential (bearer token or session cookie). */
  hasUserCredential(request: FastifyRequest): boolean {
    return request.headers.authorization !== undefined || cookie(request, SESSION_COOKIE) !== undefined;
  }

  async user(request: FastifyRequest): Promise<Principal> {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const principal = match ? await this.bearerPrincipal(match[1]!) : undefined;
      if (!principal)
        throw new DomainError('INVALID_TOKEN', 'the bearer token is unknown, expired or revoked');
      return principal;
    }
    const sessionToken = cookie(request, SESSION_COOKIE);
    if (sessionToken === undefined) {
      throw new DomainError(
        'AUTHENTICATION_REQUIRED',
        'log in first (POST /api/v1/session) or send a bearer token',
      );
    }
    const session = await sessionPrincipal(this.db, sessionToken);
    if (!session) throw new DomainError('SESSION_EXPIRED', 'the session has ended; log in again');
    // The cookie is sent by the browser on its own; the CSRF token only by our pages, which read it from the login answer.
    if (!SAFE_METHODS.has(request.method)) {
      const csrf = request.headers[CSRF_HEADER];
      if (typeof csrf !== 'string' || !sameSecret(csrf, session.csrfSecret)) {
        throw new DomainError(
          'CSRF_FAILED',
          `a state-changing request with the session cookie needs the ${CSRF_HEADER} header from the login answer`,
        );
      }
    }
    return session.principal;
  }

  /** An API token of ours, else an OAuth access token the authorisation server issued; undefined for neither. */
  private async bearerPrincipal(token: string): Promise<Principal | undefined> {
    const principal = await tokenPrincipal(this.db, token);
    if (principal) return principal;
    const oauth = await oauthPrincipal(this.db, token);
    if (!oauth) return undefined;
    return {
      accountId: oauth.accountId,
      role: oauth.role,
      login: oauth.login,
      method: 'oauth',
      scopes: oauth.scopes,
      tokenName: oauth.clientName,
      clientId: oauth.clientId,
      ...(oauth.grantId ? { grantId: oauth.grantId } : {}),
      mustChangePassword: oauth.mustChangePassword,
    };
  }

  /** The OAuth client of a client-credentials bearer token; undefined for any other credential. */
  async client(request: FastifyRequest): Promise<OAuthClientPrincipal | undefined> {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    return match ? oauthClientPrincipal(this.db, match[1]!) : undefined;
  }

  async operator(request: FastifyRequest): Promise<Principal> {
    return authenticateClientCertificate(this.db, this.readClientCertificate(request), request.id);
  }

  /** The explicit sign-in with the presented client certificate, which also ends an earlier sign-out. */
  async operatorSignIn(request: FastifyRequest): Promise<Principal> {
    return signInWithCertificate(this.db, this.readClientCertificate(request), request.id);
  }
}

/**
 * The Content-Type values a cross-site HTML form or a `no-cors` fetch may
 * send without a CORS preflight (Fetch standard, CORS-safelisted request
 * header). Any other type makes the browser ask first, and we never answer
 * a preflight, so such a request can only come from our own pages or from
 * a client that is not a browser.
 */
const FORM_CONTENT_TYPES = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
]);

/** Headers a cross-site form cannot set; any of them proves the request was built by a script of our origin or a non-browser client. */
const EXPLICIT_HEADERS = [CSRF_HEADER, REQUESTED_WITH_HEADER, 'authorization'] as const;

function refuseCrossSite(reason: string): never {
  throw new DomainError('CROSS_SITE_REQUEST_REFUSED', `a state-changing request ${reason} is refused`);
}

/**
 * Cross-site request forgery protection for every state-changing request,
 * whatever proves the caller's identity: a browser attaches client
 * certificates (and cookies) to a cross-site form's request on its own,
 * so the operator's certificate is as forgeable as a cookie. A request is
 * refused when the browser says it is cross-site (`Sec-Fetch-Site`), when
 * it comes from another origin (`Origin`, sent by browsers on every POST),
 * or when it is something a form could send — no body type or a form's
 * type — without a header a form cannot set. Runs before authentication,
 * so a forged request costs no database work. Unknown routes are left to
 * the 404: there is nothing on them to protect.
 */
export function crossSiteGuard(publicUrl: string): preValidationAsyncHookHandler {
  const publicOrigin = new URL(publicUrl).origin;
  return async function crossSiteGuardHook(this: unknown, request: FastifyRequest) {
    if (SAFE_METHODS.has(request.method) || request.routeOptions.url === undefined) return;
    if (request.headers['sec-fetch-site'] === 'cross-site') refuseCrossSite('from another site');
    const origin = request.headers.origin;
    if (
      origin !== undefined &&
      origin !== publicOrigin &&
      origin !== `${request.protocol}://${request.host}`
    ) {
      refuseCrossSite(`from the origin ${origin.slice(0, 100)}`);
    }
    const type = request.headers['content-type'];
    const essence = type?.split(';')[0]?.trim().toLowerCase();
    const formLike = essence === undefined || essence === '' || FORM_CONTENT_TYPES.has(essence);
    if (formLike && !EXPLICIT_HEADERS.some((name) => request.headers[name] !== undefined)) {
      refuseCrossSite(
        `without a JSON body needs the ${REQUESTED_WITH_HEADER} header (or ${CSRF_HEADER} with a session, Authorization with a token)`,
      );
    }
  };
}

/**
 * Cross-cutting authentication: decorates the root instance (it is not
 * encapsulated), so every route module can use `requireRole`.
 */
export const authPlugin: FastifyPluginAsync<AuthPluginOptions> = Object.assign(
  async (app: Parameters<FastifyPluginAsync<AuthPluginOptions>>[0], options: AuthPluginOptions) => {
    app.decorate(
      'podpisAuth',
      new Authenticator(options.db, options.readClientCertificate ?? readTlsClientCertificate),
    );
    app.decorateRequest('principal', null);
    app.decorateRequest('oauthClient', null);
    app.addHook('preValidation', crossSiteGuard(options.publicUrl));
  },
  { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'podpis-auth' },
);

export interface RequireRoleOptions {
  /** Lets a user who must change a temporary password through (only the password change and logout need this). */
  allowPasswordChange?: boolean;
  /** Lets a session whose role requires a second factor it has not enrolled through (enrolment, who am I, logout). */
  allowSecondFactorEnrolment?: boolean;
  /** Accept only these ways of proving identity, e.g. `['session']` for creating API tokens. */
  methods?: readonly Principal['method'][];
  /** What a bearer token must be allowed to do here; sessions and client certificates are not scoped. */
  scope?: ApiScope;
}

/**
 * A pre-handler admitting only the given roles: operators and
 * administrators by client certificate, users by session or bearer token.
 * 401 when the caller is not authenticated, 403 FORBIDDEN for another role,
 * 403 INSUFFICIENT_SCOPE for a bearer token without the route's scope,
 * 403 PASSWORD_CHANGE_REQUIRED while a temporary password is in use,
 * 403 SECOND_FACTOR_REQUIRED while a required second factor is not enrolled.
 */
export function requireRole(
  roles: Role | readonly Role[],
  options: RequireRoleOptions = {},
): preHandlerAsyncHookHandler {
  const allowed: readonly Role[] = typeof roles === 'string' ? [roles] : roles;
  const byCertificate = allowed.some((role) => role !== 'user');
  return async function requireRolePreHandler(this: unknown, request: FastifyRequest, _reply: FastifyReply) {
    const auth = request.server.podpisAuth;
    const principal =
      allowed.includes('user') && (!byCertificate || auth.hasUserCredential(request))
        ? await auth.user(request)
        : await auth.operator(request);
    if (!allowed.includes(principal.role)) {
      throw new DomainError('FORBIDDEN', `this operation is for ${allowed.join(' or ')} accounts`);
    }
    if (options.methods && !options.methods.includes(principal.method)) {
      throw new DomainError('FORBIDDEN', `this operation needs a ${options.methods.join(' or ')} login`);
    }
    const { scope } = options;
    const scoped = principal.method === 'token' || principal.method === 'oauth';
    if (scope !== undefined && scoped && !(principal.scopes ?? []).includes(scope)) {
      throw new DomainError(
        'INSUFFICIENT_SCOPE',
        `this ${principal.method === 'oauth' ? 'OAuth access' : 'API'} token lacks the scope ${scope}`,
        {
          requiredScope: scope,
        },
      );
    }
    if (principal.mustChangePassword && options.allowPasswordChange !== true) {
      throw new DomainError(
        'PASSWORD_CHANGE_REQUIRED',
        'change the temporary password first (POST /api/v1/session/password)',
      );
    }
    if (principal.secondFactorEnrolmentRequired === true && options.allowSecondFactorEnrolment !== true) {
      throw new DomainError(
        'SECOND_FACTOR_REQUIRED',
        'your account must use a second factor: enrol one first (/api/v1/session/second-factor/…)',
      );
    }
    request.principal = principal;
  };
}

/** The principal a `requireRole` pre-handler has set; a route without one is a programming error. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal)
    throw new Error(`route ${request.routeOptions.url ?? ''} has no requireRole pre-handler`);
  return request.principal;
}

/**
 * `requireRole`, and besides an OAuth client with a client-credentials
 * token carrying the route's scope (403 INSUFFICIENT_SCOPE without it),
 * which is set as `request.oauthClient` (and `request.principal` stays
 * null). Only routes that can serve a caller without a user use it.
 */
export function requireRoleOrClient(
  roles: Role | readonly Role[],
  options: RequireRoleOptions & { scope: ApiScope },
): preHandlerAsyncHookHandler {
  const byRole = requireRole(roles, options);
  return async function requireRoleOrClientPreHandler(
    this: unknown,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    const client = await request.server.podpisAuth.client(request);
    if (!client) return byRole.call(this as never, request, reply);
    if (!client.scopes.includes(options.scope)) {
      throw new DomainError(
        'INSUFFICIENT_SCOPE',
        `this OAuth access token lacks the scope ${options.scope}`,
        {
          requiredScope: options.scope,
        },
      );
    }
    request.oauthClient = client;
  };
}
