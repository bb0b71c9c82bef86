import type { Agent } from 'node:https';
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { expect } from 'vitest';
import { recordClientCertificate } from '../../src/auth/client-certificate.js';
import type { AuthorityContext } from '../../src/ca/authorities.js';
import { OcspResponder } from '../../src/ca/ocsp-responder.js';
import type { AuthConfig, DocumentsConfig } from '../../src/config/config.js';
import type { Db } from '../../src/db/db.js';
import { readMigrations } from '../../src/db/migrate.js';
import { buildApp, type PodpisApp } from '../../src/http/app.js';
import type { TlsMaterial } from '../../src/http/tls.js';
import { createLogger } from '../../src/logger.js';
import { registerOperator } from '../../src/people/accounts.js';
import type { WebhookUrlPolicy } from '../../src/webhooks/url-policy.js';
import { IVANOV_PERSON } from '../../../pki/test/support/subjects.js';

export const TEST_AUTH: AuthConfig = {
  passwordMinLength: 8,
  maxFailedLogins: 5,
  lockoutMinutes: 15,
  loginRateLimitPerMinute: 100,
  oauthTokenRateLimit: { perClient: 1000, perIp: 1000 },
  sessionTtlMinutes: 60,
  scryptLogN: 10,
  temporaryPasswordDays: 14,
};

export const USER_PASSWORD = 'Moscow2026';

/** The operator's temporary key PIN, typed twice. */
export const TEST_PIN = { pin: '12345678', pinConfirmation: '12345678' };

/** Registers an operator or administrator account and the (stand-in) client certificate it authenticates with. */
export async function staffWithCertificate(
  db: Db,
  role: 'operator' | 'admin',
  der: Uint8Array = randomBytes(64),
): Promise<{ id: string; der: Uint8Array }> {
  const account = await registerOperator(
    db,
    { login: `${role}-${randomBytes(4).toString('hex')}`, role },
    { actor: 'system' },
  );
  await db.transaction((tx) =>
    recordClientCertificate(tx, {
      accountId: account.id,
      der,
      serialHex: randomBytes(8).toString('hex'),
      issuer: 'CN=Test CA',
      notAfter: new Date(Date.now() + 86_400_000),
    }),
  );
  return { id: account.id, der };
}

export interface IssuedSummary {
  serial: string;
  status: string;
  subject: string;
}

/**
 * The HTTPS application over a CA context, answering `inject` requests,
 * with one operator whose client certificate is passed in a test header
 * (there is no TLS socket in process; the certificate is still looked up).
 */
export class TestApi {
  private constructor(
    readonly app: PodpisApp,
    readonly operator: Record<string, string>,
  ) {}

  static async start(
    ctx: AuthorityContext,
    options: {
      documents?: DocumentsConfig;
      tls?: TlsMaterial;
      bodyLimit?: number;
      logger?: FastifyBaseLogger;
      pushAgent?: Agent;
      pushServices?: readonly string[];
      /** Where the server is reached (default https://podpis.test); an OAuth test listens on a real port and says so. */
      publicUrl?: string;
      /** Where webhooks may go (the tests' loopback receivers need an allow-list). */
      webhookPolicy?: WebhookUrlPolicy;
      /** Authentication settings other than the tests' defaults (e.g. low rate limits). */
      auth?: Partial<AuthConfig>;
      /** PODPIS_METRICS_TOKEN: serves /metrics to whoever presents it. */
      metricsToken?: string;
    } = {},
  ): Promise<TestApi> {
    const app = await buildApp({
      ...(options.tls ? { tls: options.tls } : {}),
      config: {
        bodyLimit: options.bodyLimit ?? 65536,
        publicUrl: options.publicUrl ?? 'https://podpis.test',
        auth: { ...TEST_AUTH, ...options.auth },
        ...(options.documents ? { documents: options.documents } : {}),
        ...(options.pushServices ? { pushServices: options.pushServices } : {}),
        ...(options.metricsToken ? { metrics: { token: options.metricsToken } } : {}),
      },
      db: ctx.db,
      migrations: readMigrations(),
      logger: options.logger ?? createLogger('silent'),
      pki: { ca: ctx, ocsp: new OcspResponder(ctx) },
      ...(options.pushAgent ? { pushAgent: options.pushAgent } : {}),
      ...(options.webhookPolicy ? { webhookPolicy: options.webhookPolicy } : {}),
      readClientCertificate: (request) => {
        const presented = request.headers['x-test-client-certificate'];
        return typeof presented === 'string'
          ? { der: Buffer.from(presented, 'base64'), authorized: true }
          : undefined;
      },
    });
    const { der } = await staffWithCertificate(ctx.db, 'operator');
    return new TestApi(app, {
      'x-test-client-certificate': Buffer.from(der).toString('base64'),
      'x-requested-with': 'podpis-test',
    });
  }

  /** The operator registers a user → its id and temporary password. */
  async registerUser(
    login: string,
    profile: Record<string, unknown> = IVANOV_PERSON,
  ): Promise<{ id: string; login: string; temporaryPassword: string }> {
    const response = await this.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: this.operator,
      payload: { login, profile },
    });
    expect(response.statusCode, response.body).toBe(201);
    const { user, temporaryPassword } = response.json<{ user: { id: string }; temporaryPassword: string }>();
    return { id: user.id, login, temporaryPassword };
  }

  /** The user logs in with the temporary password and changes it to USER_PASSWORD, as on the first visit. */
  async userSession(user: { login: string; temporaryPassword: string }): Promise<Record<string, string>> {
    const login = await this.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { login: user.login, password: user.temporaryPassword },
    });
    const headers = {
      cookie: String(login.headers['set-cookie']).split(';')[0]!,
      'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken,
    };
    const changed = await this.app.inject({
      method: 'POST',
      url: '/api/v1/session/password',
      headers,
      payload: { password: user.temporaryPassword, newPassword: USER_PASSWORD },
    });
    expect(changed.statusCode, changed.body).toBe(204);
    return headers;
  }

  /** The operator creates a certificate request for the user (201 expected). */
  async issue(userId: string, body: Record<string, unknown>): Promise<IssuedSummary> {
    const response = await this.operatorPost(`/api/v1/users/${userId}/certificates`, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<IssuedSummary>();
  }

  operatorPost(url: string, payload: Record<string, unknown> = {}) {
    return this.app.inject({ method: 'POST', url, headers: this.operator, payload });
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
