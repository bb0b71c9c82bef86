import type { IncomingMessage } from 'node:http';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { hitRateLimit } from '../auth/rate-limit.js';
import { DomainError } from '../core/domain-error.js';
import type { Db } from '../db/db.js';
import { answerInteraction, describeInteraction, type ConsentSigning } from '../oauth/consent.js';
import { OAUTH_MOUNT_PATH } from '../oauth/provider.js';
import { principalOf, requireRole } from './auth-plugin.js';
import { problems } from './routes/users-schemas.js';

export interface OAuthRoutesOptions {
  db: Db;
  provider: Provider;
  publicUrl: string;
  /** CSC `credential` requests: the consent page authorises the signature (oauth2code). */
  signing?: ConsentSigning;
  /** Requests per minute to the token endpoints per client id and per IP (PODPIS_OAUTH_TOKEN_RATE_LIMIT, …_IP_RATE_LIMIT). */
  tokenRateLimit: { perClient: number; perIp: number };
}

/** The provider's endpoints a client authenticates at with its secret: issuance, introspection, revocation. */
const TOKEN_PATHS = new Set(['/token', '/token/introspection', '/token/revocation']);

/** The client id of an HTTP Basic client authentication (RFC 6749 2.3.1: form-encoded, then base64); undefined otherwise. */
function basicClientId(authorization: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  try {
    return decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')).slice(0, 200);
  } catch {
    return undefined;
  }
}

/**
 * Counts a request to a token endpoint per client IP and per client id,
 * in the database like the login's limits (every node shares the count,
 * windows of a minute), so a stolen client id cannot be tried against
 * secrets, nor one client starve the others. The client id is the HTTP
 * Basic one (the default authentication); `client_secret_post` and
 * `private_key_jwt` clients are limited by IP, since the body stays the
 * provider's to read. Over a limit: 429 with Retry-After and the OAuth
 * error `slow_down` (RFC 8628's word for "poll less often"; RFC 6749 has
 * none for this), so OAuth libraries and plain HTTP clients both see it.
 */
async function tokenRateLimited(
  db: Db,
  limits: OAuthRoutesOptions['tokenRateLimit'],
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  const byIp = await hitRateLimit(db, `oauth-token-ip:${request.ip}`, limits.perIp, 60);
  const clientId = basicClientId(request.headers.authorization);
  const byClient = clientId
    ? await hitRateLimit(db, `oauth-token-client:${clientId}`, limits.perClient, 60)
    : { allowed: true, retryAfterSeconds: 0 };
  if (byIp.allowed && byClient.allowed) return false;
  const retryAfter = Math.max(
    byIp.allowed ? 0 : byIp.retryAfterSeconds,
    byClient.allowed ? 0 : byClient.retryAfterSeconds,
  );
  await reply
    .code(429)
    .header('retry-after', String(retryAfter))
    .header('cache-control', 'no-store')
    .type('application/json')
    .send({
      error: 'slow_down',
      error_description: `too many requests ${byClient.allowed ? 'from this address' : 'by this client'}; retry after ${retryAfter} s`,
    });
  return true;
}

/**
 * Hands the request to oidc-provider (Koa) untouched: the reply is
 * hijacked in onRequest, before Fastify parses a body (the token endpoint
 * takes form-encoded bodies) or runs the cross-site guard and our security
 * headers — the provider has its own client authentication, PKCE, state
 * and cookie protections, and its own headers.
 */
function handOver(
  provider: Provider,
  rewrite: (url: string) => string,
  limit?: (request: FastifyRequest, reply: FastifyReply) => Promise<boolean>,
) {
  const callback = provider.callback();
  return async function handOverToProvider(request: FastifyRequest, reply: FastifyReply) {
    const url = rewrite(request.raw.url ?? '/');
    const path = url.split('?')[0]!;
    if (limit && request.method === 'POST' && TOKEN_PATHS.has(path) && (await limit(request, reply))) return;
    reply.hijack();
    const raw = request.raw as IncomingMessage & { originalUrl?: string };
    raw.url = url;
    // The provider finds its mount point by cutting `url` off `originalUrl`: a URL reaching
    // it by another name (RFC 8414's metadata, CSC's endpoint names) is shown as the
    // provider's own under the mount, or the URLs it writes would lose their /oauth2.
    raw.originalUrl = `${OAUTH_MOUNT_PATH}${raw.url}`;
    await callback(raw, reply.raw);
  };
}

const PROVIDER_METHODS = ['GET', 'POST', 'DELETE', 'OPTIONS'] as const;

/**
 * The CSC API v2 names the authorisation server's endpoints after its
 * `oauth2` base URI: {oauth2}/oauth2/authorize, …/token, …/revoke and
 * …/pushed_authorize. A client written from that specification finds them
 * under these names too; the provider's own (auth, token/revocation,
 * request) stay what its metadata publishes.
 */
const CSC_ENDPOINT_NAMES: Readonly<Record<string, string>> = {
  '/authorize': '/auth',
  '/revoke': '/token/revocation',
  '/pushed_authorize': '/request',
};

/** The provider's path of a URL under the mount point, CSC's endpoint names translated. */
export function providerPath(url: string): string {
  const rest = url.slice(OAUTH_MOUNT_PATH.length) || '/';
  const query = rest.indexOf('?');
  const path = query < 0 ? rest : rest.slice(0, query);
  const renamed = CSC_ENDPOINT_NAMES[path];
  return renamed === undefined ? rest : `${renamed}${query < 0 ? '' : rest.slice(query)}`;
}

/** The interaction the browser's provider cookie names → 404 OAUTH_INTERACTION_NOT_FOUND when there is none. */
async function interactionOf(provider: Provider, request: FastifyRequest, reply: FastifyReply) {
  try {
    return await provider.interactionDetails(request.raw, reply.raw);
  } catch {
    throw new DomainError(
      'OAUTH_INTERACTION_NOT_FOUND',
      'no authorisation request is open in this browser (it ended or expired): start again from the application',
    );
  }
}

/**
 * The authorisation server under `/oauth2` (issuer `${publicUrl}/oauth2`,
 * discovery at `/oauth2/.well-known/openid-configuration` and RFC 8414's
 * `/.well-known/oauth-authorization-server/oauth2`), and the office's API
 * for its consent page (a signed-in user's session).
 */
export const oauthRoutes: FastifyPluginAsyncTypebox<OAuthRoutesOptions> = async (
  app,
  { db, provider, publicUrl, signing, tokenRateLimit },
) => {
  app.route({
    method: [...PROVIDER_METHODS],
    url: `${OAUTH_MOUNT_PATH}/*`,
    schema: { hide: true },
    onRequest: handOver(provider, providerPath, (request, reply) =>
      tokenRateLimited(db, tokenRateLimit, request, reply),
    ),
    handler: () => undefined,
  });
  app.route({
    method: 'GET',
    url: `/.well-known/oauth-authorization-server${OAUTH_MOUNT_PATH}`,
    schema: { hide: true },
    onRequest: handOver(provider, () => '/.well-known/openid-configuration'),
    handler: () => undefined,
  });

  const tags = ['oauth'];
  const Uid = Type.Object({ uid: Type.String({ minLength: 1, maxLength: 100 }) });
  const ConsentRequestSchema = Type.Object({
    uid: Type.String(),
    client: Type.Object({ id: Type.String(), name: Type.String() }),
    scopes: Type.Array(Type.Object({ scope: Type.String(), description: Type.String() })),
    authorizationDetails: Type.Array(
      Type.Object({
        type: Type.Literal('credential'),
        credentialID: Type.String(),
        hashAlgorithmOID: Type.String(),
        documentDigests: Type.Array(
          Type.Object({ hash: Type.String(), label: Type.Optional(Type.String()) }),
        ),
        signatureQualifier: Type.Optional(Type.String()),
        locations: Type.Optional(Type.Array(Type.String())),
      }),
    ),
    credentials: Type.Array(
      Type.Object({
        credentialID: Type.String(),
        subject: Type.String(),
        issuer: Type.String(),
        validTo: Type.String({ format: 'date-time' }),
        confirmation: Type.Union(
          [Type.Literal('none'), Type.Literal('pin'), Type.Literal('device'), Type.Literal('device+pin')],
          {
            description:
              'What approving needs: the key PIN, a device approval (or its offline code), or both',
          },
        ),
      }),
    ),
  });

  app.get(
    '/api/v1/oauth/interactions/:uid',
    {
      preHandler: requireRole('user', { methods: ['session'] }),
      schema: {
        tags,
        summary: 'What an application asks the signed-in user to allow (the consent page)',
        params: Uid,
        response: { 200: ConsentRequestSchema, ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const interaction = await interactionOf(provider, request, reply);
      reply.header('cache-control', 'no-store');
      return describeInteraction(
        provider,
        interaction,
        request.params.uid,
        signing ? { signing, accountId: principalOf(request).accountId } : undefined,
      );
    },
  );

  app.post(
    '/api/v1/oauth/interactions/:uid/consent',
    {
      preHandler: requireRole('user', { methods: ['session'] }),
      schema: {
        tags,
        summary:
          "The user's answer; the page then sends the browser to `redirectTo` (back to the authorisation server)",
        params: Uid,
        description:
          'A CSC signature request (`authorization_details` of type `credential`) is authorised on approval: `pin` (the key PIN) and/or `otp` (the offline code of the device) as the holder’s policy asks; without an OTP a device approval is asked on the device (409 DEVICE_APPROVAL_REQUIRED), then answer again. A refusal keeps the request open.',
        body: Type.Object(
          {
            approve: Type.Boolean(),
            pin: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
            otp: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ redirectTo: Type.String() }),
          ...problems(400, 401, 403, 404, 409, 422, 423),
        },
      },
    },
    async (request, reply) => {
      const interaction = await interactionOf(provider, request, reply);
      const result = await answerInteraction(
        db,
        provider,
        interaction,
        {
          uid: request.params.uid,
          accountId: principalOf(request).accountId,
          approve: request.body.approve,
          publicUrl,
          requestId: request.id,
          ...(request.body.pin !== undefined ? { pin: request.body.pin } : {}),
          ...(request.body.otp !== undefined ? { otp: request.body.otp } : {}),
        },
        signing,
      );
      const redirectTo = await provider.interactionResult(request.raw, reply.raw, result, {
        mergeWithLastSubmission: false,
      });
      return { redirectTo };
    },
  );
};
