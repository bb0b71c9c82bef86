import { countRequests, metricsRoutes } from './metrics.js';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerBase,
  type RawServerDefault,
} from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  readTlsClientCertificate,
  withSubrequests,
  type ClientCertificateReader,
} from './client-certificate-reader.js';
import { authPlugin } from './auth-plugin.js';
import { DEFAULT_PUSH_SERVICES, loadAuthConfig, loadDocumentsConfig, type Config } from '../config/config.js';
import type { Db } from '../db/db.js';
import type { Migration } from '../db/migrate.js';
import { peopleRoutes } from './routes/people.js';
import { VERSION } from '../version.js';
import {
  clientErrorHandler,
  frameworkErrors,
  MAX_HEADER_SIZE,
  MAX_PARAM_LENGTH,
  problem,
  ProblemSchema,
  registerProblemHandlers,
  sendProblem,
} from './problem.js';
import { requestIdFor } from './request-id.js';
import { refuseMalformedText } from './text-input.js';
import { auditRoutes } from './routes/audit.js';
import { caOverviewRoutes } from './routes/ca-overview.js';
import { meRoutes } from './routes/me.js';
import { certificateRoutes } from './routes/certificates.js';
import { keyStoreRoutes } from './routes/key-stores.js';
import { operatorCertificateRoutes } from './routes/operator-certificates.js';
import { profileRoutes } from './routes/profiles.js';
import { healthRoutes } from './routes/health.js';
import { pkiRoutes, type PkiRoutesOptions } from './routes/pki.js';
import { renewalRequestRoutes } from './routes/renewal-requests.js';
import { certificateRequestRoutes } from './routes/certificate-requests.js';
import { documentRoutes } from './routes/documents.js';
import { signingRoutes } from './routes/signing.js';
import { deviceRoutes } from './routes/devices.js';
import { announceToDevices, deviceApiRoutes } from './routes/device-api.js';
import { signInDevices } from '../confirmation/approvals.js';
import { signingHistoryRoutes } from './routes/signing-history.js';
import { signingEvidenceRoutes } from './routes/signing-evidence.js';
import { verificationRoutes } from './routes/verifications.js';
import { trustedRootRoutes } from './routes/trusted-roots.js';
import { SignatureVerifier } from '../signing/verification/index.js';
import { TimeStampAuthority } from '../ca/tsa.js';
import { signingServices } from '../signing/signing-services.js';
import { encryptionRoutes } from './routes/encryption.js';
import { cscRoutes } from './csc/routes.js';
import { recipientRoutes } from './routes/recipients.js';
import type { TlsMaterial } from './tls.js';
import type { Agent as HttpsAgent } from 'node:https';
import type { Http2SecureServer } from 'node:http2';
import { registerWebOffice } from './web-office.js';
import { oauthRoutes } from './oauth.js';
import type { ConsentSigning } from '../oauth/consent.js';
import { consentSigning as signingForConsent } from './oauth-signing.js';
import { oauthClientRoutes } from './routes/oauth-clients.js';
import { oauthGrantRoutes } from './routes/oauth-grants.js';
import { createOAuthProvider } from '../oauth/provider.js';
import { webhookRoutes } from './routes/webhooks.js';
import { directoryRoutes } from './routes/directories.js';
import { verifyDirectoryPassword } from '../directory/lookup.js';
import { hrRoutes } from './routes/hr.js';
import { hrPullRoutes } from './routes/hr-pull.js';
import { campaignRoutes } from './routes/campaigns.js';
import { hrImportRecords } from '../hr/records.js';
import { temporaryPasswordRoutes } from './routes/temporary-passwords.js';
import { webhookUrlPolicy, type WebhookUrlPolicy } from '../webhooks/url-policy.js';

export interface AppDependencies {
  /** True once the node drains before a shutdown: `/ready` then answers 503 while everything else still works. */
  draining?: () => boolean;
  /** `auth` absent: the default password, lockout and session policy; `documents` absent: the default limit and retention. */
  config: Pick<Config, 'bodyLimit' | 'publicUrl'> &
    Partial<Pick<Config, 'auth' | 'documents' | 'pushServices' | 'webhooks' | 'metrics' | 'hr'>>;
  db: Db;
  migrations: readonly Migration[];
  logger: FastifyBaseLogger;
  /** Absent only for in-process tests with `inject`, which need no socket. */
  tls?: TlsMaterial;
  /** Test-only: how operators' client certificates are read when there is no TLS socket (see AuthPluginOptions). */
  readClientCertificate?: ClientCertificateReader;
  /** The CA and its OCSP responder, once the installation is initialised: serves /pki/*. */
  pki?: PkiRoutesOptions;
  /** The built web office (packages/web/dist by default); without an index.html `/` says how to build it. */
  webDir?: string;
  /** How Web Push reaches push services: a proxy's agent, or (tests) one trusting a local push service. */
  pushAgent?: HttpsAgent;
  /** Where webhooks may go; absent: the policy of `config.webhooks` (tests may resolve names of their own). */
  webhookPolicy?: WebhookUrlPolicy;
  /** Told when a bulk job is queued or resumed here, so this node's runner starts it at once. */
  onBulkJobQueued?: () => void;
}

/**
 * Mozilla's "intermediate" suites without the DHE ones: TLS 1.3's three,
 * and for TLS 1.2 only ECDHE with an AEAD (GCM, ChaCha20-Poly1305) — no
 * CBC with SHA-1, CCM8 or ARIA, which OpenSSL's default list still offers.
 */
const TLS_CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

/**
 * TLS options: the server's certificate, and a request (never a demand) for
 * a client certificate from the infrastructure CA, so operators and
 * administrators sign in with theirs while users and public clients connect
 * without one. Whether a presented certificate is acceptable is decided per
 * route by the auth plugin (M3.1).
 */
function httpsOptions(tls: TlsMaterial): {
  cert: string;
  key: string;
  ca?: string;
  requestCert: boolean;
  rejectUnauthorized: boolean;
  minVersion: 'TLSv1.2';
  ciphers: string;
  maxHeaderSize: number;
} {
  return {
    cert: tls.cert,
    key: tls.key,
    minVersion: 'TLSv1.2',
    ciphers: TLS_CIPHERS,
    maxHeaderSize: MAX_HEADER_SIZE,
    ...(tls.clientCa ? { ca: tls.clientCa } : {}),
    requestCert: tls.clientCa !== undefined,
    rejectUnauthorized: false,
  };
}

/**
 * Over TLS the office and the API speak HTTP/2 to browsers that offer it
 * (HTTP/1.1 to the rest): a first visit fetches some twenty modules, which
 * over HTTP/1.1 queue behind six connections, each with its own handshake.
 * Node's compatibility API gives HTTP/2 requests and answers the members
 * the routes use (headers, body stream, `raw.socket` for the TLS peer's
 * certificate), so the routes keep HTTP/1's types; the few places that
 * touch the connection itself (`Connection` headers, closing a socket)
 * look at `httpVersionMajor` first.
 */
function withHttp1Types<Server extends RawServerBase, Logger extends FastifyBaseLogger>(
  app: FastifyInstance<
    Server,
    RawRequestDefaultExpression<Server>,
    RawReplyDefaultExpression<Server>,
    Logger
  >,
): FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, Logger> {
  return app as unknown as FastifyInstance<
    RawServerDefault,
    RawRequestDefaultExpression,
    RawReplyDefaultExpression,
    Logger
  >;
}

/** What an API answer may do if a browser renders it: nothing, and not inside a frame. */
const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";
/** A year, the usual HSTS lifetime; subdomains are not ours to bind. */
const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

/** Both listeners answer what fails before routing (bad escapes, long segments, oversized headers) as problem+json. */
const routingErrors = () => ({
  routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
  frameworkErrors,
  clientErrorHandler,
});

/**
 * Builds the HTTPS application: cross-cutting plugins (request ids, problem
 * details, OpenAPI) first, then the route modules.
 */
export async function buildApp(deps: AppDependencies) {
  const options = {
    loggerInstance: deps.logger,
    bodyLimit: deps.config.bodyLimit,
    genReqId: requestIdFor,
    ...routingErrors(),
    // Replaced by the onRequest hook below, which answers with problem+json.
    return503OnClosing: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
  };
  const app = (
    deps.tls
      ? withHttp1Types(
          Fastify({
            // Typed for HTTP/1's request, the request-id and routing-error handlers read only its
            // headers and URL, which HTTP/2's has too.
            ...(options as unknown as FastifyServerOptions<Http2SecureServer>),
            http2: true,
            https: { ...httpsOptions(deps.tls), allowHTTP1: true },
          }),
        )
      : Fastify(options)
  ).withTypeProvider<TypeBoxTypeProvider>();

  let closing = false;
  app.addHook('onClose', () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) {
      if (request.raw.httpVersionMajor < 2) reply.header('connection', 'close');
      return sendProblem(
        reply,
        problem(request, 503, 'SHUTTING_DOWN', 'the server is shutting down; retry on another node'),
      );
    }
  });

  // Every answer, not only the office's pages: API answers are not to be framed, sniffed into
  // HTML or fetched over plain HTTP again once a browser has seen this origin over HTTPS.
  const hsts = deps.tls !== undefined;
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', API_CONTENT_SECURITY_POLICY);
    }
    if (hsts) reply.header('strict-transport-security', STRICT_TRANSPORT_SECURITY);
    return payload;
  });

  countRequests(app);
  const metricsToken = deps.config.metrics?.token;
  if (metricsToken !== undefined) await app.register(metricsRoutes, { token: metricsToken });

  // Only JSON bodies by default; routes that take other types (DER, PEM, documents) declare their own parsers.
  app.removeContentTypeParser('text/plain');
  registerProblemHandlers(app);
  app.addHook('preValidation', refuseMalformedText);
  app.addSchema(ProblemSchema);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Podpis API',
        version: VERSION,
        description:
          'Cloud electronic signature service with its own certification authority. Errors are RFC 9457 problem details with a stable `code`; the Cloud Signature Consortium API v2 under `/csc/v2` answers errors in its own format (`error`, `error_description`).',
      },
      servers: [{ url: deps.config.publicUrl }],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // Its own policy, with hashes of its inline scripts; only framing is taken away.
    staticCSP: true,
    transformStaticCSP: (policy) => policy.replace("frame-ancestors 'self'", "frame-ancestors 'none'"),
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes, {
    db: deps.db,
    migrations: deps.migrations,
    draining: deps.draining ?? (() => false),
  });
  const auth = deps.config.auth ?? loadAuthConfig({});
  // The web office asks the API on a caller's behalf as that caller (web-office.ts's first pages).
  const readClientCertificate = withSubrequests(deps.readClientCertificate ?? readTlsClientCertificate);
  await app.register(authPlugin, {
    db: deps.db,
    settings: auth,
    publicUrl: deps.config.publicUrl,
    readClientCertificate,
  });
  const pushing = deps.pki
    ? {
        ca: deps.pki.ca,
        publicUrl: deps.config.publicUrl,
        pushServices: deps.config.pushServices ?? DEFAULT_PUSH_SERVICES,
        logger: deps.logger,
        ...(deps.pushAgent ? { pushAgent: deps.pushAgent } : {}),
      }
    : undefined;
  await app.register(peopleRoutes, {
    db: deps.db,
    settings: auth,
    issuer: `Podpis (${new URL(deps.config.publicUrl).hostname})`,
    ...(deps.pki
      ? {
          sealer: deps.pki.ca.keyStore,
          now: deps.pki.ca.now,
          directory: { db: deps.db, sealer: deps.pki.ca.keyStore },
        }
      : {}),
    ...(pushing
      ? {
          devices: signInDevices,
          announce: (accountId: string, signInId: string) => {
            announceToDevices(pushing, accountId, signInId);
          },
        }
      : {}),
  });
  await app.register(meRoutes, { prefix: '/api/v1', db: deps.db });
  await app.register(auditRoutes, { prefix: '/api/v1', db: deps.db });
  if (deps.pki) await app.register(caOverviewRoutes, { prefix: '/api/v1', ca: deps.pki.ca });
  if (deps.pki) await app.register(certificateRoutes, { prefix: '/api/v1', ca: deps.pki.ca });
  if (deps.pki) await app.register(keyStoreRoutes, { prefix: '/api/v1', ca: deps.pki.ca });
  if (deps.pki) await app.register(profileRoutes, { prefix: '/api/v1', ca: deps.pki.ca });
  if (deps.pki) await app.register(renewalRequestRoutes, { prefix: '/api/v1', ca: deps.pki.ca });
  if (deps.pki) {
    // Auto-approval compares requests with what HR imports brought, too.
    await app.register(certificateRequestRoutes, { prefix: '/api/v1', ca: deps.pki.ca, hr: hrImportRecords });
  }
  if (deps.pki) {
    await app.register(directoryRoutes, {
      prefix: '/api/v1',
      directory: { db: deps.db, sealer: deps.pki.ca.keyStore },
    });
  }
  if (deps.pki) {
    const { ca } = deps.pki;
    await app.register(temporaryPasswordRoutes, {
      prefix: '/api/v1',
      delivery: { db: ca.db, sealer: ca.keyStore, publicUrl: deps.config.publicUrl, now: ca.now },
    });
  }
  if (deps.pki) {
    await app.register(hrRoutes, {
      prefix: '/api/v1',
      ca: deps.pki.ca,
      ...(deps.onBulkJobQueued ? { onJobQueued: deps.onBulkJobQueued } : {}),
    });
    await app.register(hrPullRoutes, {
      prefix: '/api/v1',
      pull: {
        db: deps.db,
        sealer: deps.pki.ca.keyStore,
        allowHttp: deps.config.hr?.pullAllowHttp ?? false,
      },
      ...(deps.onBulkJobQueued ? { onJobQueued: deps.onBulkJobQueued } : {}),
    });
  }
  if (deps.pki) {
    await app.register(campaignRoutes, {
      prefix: '/api/v1',
      ca: deps.pki.ca,
      ...(deps.onBulkJobQueued ? { onJobQueued: deps.onBulkJobQueued } : {}),
    });
  }
  if (deps.pki) {
    const { ca } = deps.pki;
    await app.register(webhookRoutes, {
      prefix: '/api/v1',
      webhooks: {
        db: ca.db,
        sealer: ca.keyStore,
        policy: deps.webhookPolicy ?? webhookUrlPolicy(deps.config.webhooks?.allowedHosts ?? []),
        now: ca.now,
      },
    });
  }
  // The OAuth consent page authorises CSC signatures (oauth2code) with the same signing services.
  let consentSigning: ConsentSigning | undefined;
  if (deps.pki) {
    const { ca, ocsp } = deps.pki;
    const tsa = deps.pki.tsa ?? new TimeStampAuthority(ca);
    const services = signingServices(ca, { tsa, ocsp });
    const devices = { ...pushing!, services };
    consentSigning = signingForConsent(ca, services, (accountId, operationId) => {
      announceToDevices(devices, accountId, operationId);
    });
    await app.register(signingRoutes, {
      prefix: '/api/v1',
      ca,
      services,
      announce: (accountId, operationId) => {
        announceToDevices(devices, accountId, operationId);
      },
    });
    await app.register(encryptionRoutes, {
      prefix: '/api/v1',
      ca,
      announce: (accountId, operationId) => {
        announceToDevices(devices, accountId, operationId);
      },
    });
    await app.register(cscRoutes, {
      prefix: '/csc/v2',
      ca,
      login: {
        db: deps.db,
        settings: auth,
        ...(pushing ? { devices: signInDevices } : {}),
        directoryPassword: (accountId, password) =>
          verifyDirectoryPassword({ db: deps.db, sealer: ca.keyStore }, accountId, password),
      },
      services,
      tsa,
      publicUrl: deps.config.publicUrl,
      announce: (accountId, operationId) => {
        announceToDevices(devices, accountId, operationId);
      },
    });
    await app.register(deviceRoutes, { prefix: '/api/v1', ca });
    await app.register(deviceApiRoutes, { prefix: '/api/v1', ...devices });
    await app.register(signingEvidenceRoutes, { prefix: '/api/v1', ca, services });
    await app.register(verificationRoutes, {
      prefix: '/api/v1',
      verifier: new SignatureVerifier(ca, { tsa, ocsp }),
    });
    await app.register(signingHistoryRoutes, { prefix: '/api/v1', ca });
    await app.register(trustedRootRoutes, { prefix: '/api/v1', db: ca.db, now: ca.now });
    await app.register(documentRoutes, {
      prefix: '/api/v1',
      ca,
      documents: deps.config.documents ?? loadDocumentsConfig({}),
    });
  }

  if (deps.pki) await app.register(recipientRoutes, { prefix: '/api/v1', ca: deps.pki.ca });
  if (deps.pki) await app.register(operatorCertificateRoutes, { prefix: '/api/v1', ca: deps.pki.ca });
  if (deps.pki) await app.register(pkiRoutes, deps.pki);
  await app.register(oauthClientRoutes, { prefix: '/api/v1', db: deps.db });
  await app.register(oauthGrantRoutes, { prefix: '/api/v1', db: deps.db });
  if (deps.pki) {
    const provider = await createOAuthProvider({
      db: deps.db,
      sealer: deps.pki.ca.keyStore,
      publicUrl: deps.config.publicUrl,
      logger: deps.logger,
    });
    await app.register(oauthRoutes, {
      db: deps.db,
      provider,
      publicUrl: deps.config.publicUrl,
      tokenRateLimit: auth.oauthTokenRateLimit,
      ...(consentSigning ? { signing: consentSigning } : {}),
    });
  }
  await registerWebOffice(app, deps.webDir, readClientCertificate);
  return app;
}

export type PodpisApp = Awaited<ReturnType<typeof buildApp>>;

/**
 * The plain-HTTP listener for relying parties (RFC 5280 §4.2.1.13: CRL and
 * AIA URLs use http so fetching them needs no TLS validation): /pki/* only.
 */
export async function buildPkiHttpApp(logger: FastifyBaseLogger, pki: PkiRoutesOptions) {
  const app = Fastify({
    loggerInstance: logger,
    genReqId: requestIdFor,
    http: { maxHeaderSize: MAX_HEADER_SIZE },
    ...routingErrors(),
    bodyLimit: 64 * 1024,
    // Relying parties poll OCSP and CRLs by the thousand per second; two log lines each would cost more
    // than the answer. Errors are still logged by the problem handler.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  countRequests(app);
  registerProblemHandlers(app);
  await app.register(pkiRoutes, pki);
  return app;
}
