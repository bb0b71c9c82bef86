import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { join } from 'node:path';
import { gostOpensslConfig, openssl, tempDir } from '@podpis/testkit';
import { expect } from 'vitest';
import type { AuthorityContext } from '../../src/ca/authorities.js';
import type { Authorities } from '../../src/ca/setup.js';
import type { Db } from '../../src/db/db.js';
import { toPem } from '../../src/ca/pem.js';
import { issueTlsServerCertificate } from '../../src/ca/tls-certificates.js';
import { PRIMER_LEGAL_ENTITY } from '../../../pki/test/support/subjects.js';
import type { WebhookUrlPolicy } from '../../src/webhooks/url-policy.js';
import { TEST_PIN, TestApi } from './api.js';
import { setUpTestAuthorities } from './authority.js';
import { openTestPglite } from './backends.js';

export const OPERATIONS = '/api/v1/signing-operations';
export type Headers = Record<string, string>;

export interface Operation {
  id: string;
  status: string;
  confirmationMethods: string[];
  results?: string[];
  documents: { name: string; digest: string; digestAlgorithm: string; size?: number }[];
}

export const pem = (der: Uint8Array): string => toPem('CERTIFICATE', der);

/**
 * `openssl cms -verify -binary` of the signature in `files.signature`
 * against the CAs in `caFile`, with the content file of a detached one;
 * what OpenSSL verified goes to `files.out`. Throws unless it verifies;
 * returns OpenSSL's stderr.
 */
export function opensslVerifyCmsFiles(
  caFile: string,
  files: { signature: string; content?: string; out: string },
): string {
  return openssl([
    'cms',
    '-verify',
    '-binary',
    '-purpose',
    'any',
    '-inform',
    'DER',
    '-in',
    files.signature,
    ...(files.content ? ['-content', files.content] : []),
    '-CAfile',
    caFile,
    '-out',
    files.out,
  ]).stderr;
}

/** The same for a signature (and detached content) in memory: OpenSSL's stderr and the content it verified. */
export function opensslVerifyCms(
  caFile: string,
  der: Uint8Array,
  content?: Uint8Array,
): { stderr: string; verified: Buffer } {
  const dir = tempDir('podpis-signing-cms-');
  const files = { signature: join(dir, 'signature.p7s'), out: join(dir, 'verified') };
  writeFileSync(files.signature, der);
  if (content) writeFileSync(join(dir, 'content'), content);
  const stderr = opensslVerifyCmsFiles(caFile, {
    ...files,
    ...(content ? { content: join(dir, 'content') } : {}),
  });
  return { stderr, verified: readFileSync(files.out) };
}

/**
 * A signing service to test against: an installation on PGlite with the
 * GOST CAs, its API in process, users with certificates on keys held here,
 * and OpenSSL checking what it signs against our CA chain (`caFile`).
 */
export class SigningFixture {
  /** Milliseconds the installation's clock runs ahead of the real one. */
  clockOffset = 0;

  private constructor(
    readonly db: Db,
    readonly ctx: AuthorityContext,
    readonly cas: Authorities,
    readonly api: TestApi,
    readonly caFile: string,
  ) {}

  static async start(
    options: {
      pushAgent?: Agent;
      pushServices?: readonly string[];
      webhookPolicy?: WebhookUrlPolicy;
      logger?: FastifyBaseLogger;
    } = {},
  ): Promise<SigningFixture> {
    const db = await openTestPglite();
    const late: { fixture?: SigningFixture } = {};
    const { ctx, cas } = await setUpTestAuthorities(db, {
      now: () => new Date(Date.now() + (late.fixture?.clockOffset ?? 0)),
    });
    const api = await TestApi.start(ctx, options);
    const caFile = join(tempDir('podpis-signing-'), 'ca.pem');
    writeFileSync(caFile, pem(cas.root.certificate) + pem(cas.issuing.certificate));
    late.fixture = new SigningFixture(db, ctx, cas, api, caFile);
    return late.fixture;
  }

  async close(): Promise<void> {
    await this.api.close();
    await this.db.close();
  }

  /** A registered user with a certificate on a key held here (GOST unless asked), signed in. */
  async holder(login: string, keySpec?: string) {
    const user = await this.api.registerUser(login);
    const issued = await this.api.issue(user.id, { ...TEST_PIN, ...(keySpec ? { keySpec } : {}) });
    const session = await this.api.userSession(user);
    const { rows } = await this.db.query<{ key_id: string }>(
      'SELECT key_id FROM certificates WHERE serial = $1',
      [issued.serial],
    );
    return { user, serial: issued.serial, session, keyId: rows[0]!.key_id };
  }

  /** An API token of a session (the CSC API's scopes unless asked): shown once, as the office shows it. */
  async apiToken(
    session: Headers,
    scopes: readonly string[] = ['signing', 'certificates:read'],
    name = 'signature application',
  ): Promise<string> {
    const created = await this.api.app.inject({
      method: 'POST',
      url: '/api/v1/session/tokens',
      headers: session,
      payload: { name, scopes },
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json<{ token: string }>().token;
  }

  /** `holder` with an API token for the CSC API (or `scopes`). */
  async holderWithToken(login: string, keySpec?: string, scopes?: readonly string[], name?: string) {
    const holder = await this.holder(login, keySpec);
    return { ...holder, token: await this.apiToken(holder.session, scopes, name) };
  }

  /** A CSC API v2 method, POSTed with a bearer token (none when undefined). */
  csc(method: string, token: string | undefined, payload: unknown = {}) {
    return this.api.app.inject({
      method: 'POST',
      url: `/csc/v2/${method}`,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      payload: payload as Record<string, unknown>,
    });
  }

  /**
   * `xmlsec1 --verify` trusting our two CAs (their GOST signatures checked
   * through the GOST engine); `detached` maps a Reference URI to its content.
   */
  xmlsec(xml: Uint8Array, detached?: { uri: string; content: Uint8Array }): { ok: boolean; output: string } {
    const dir = tempDir('podpis-xmlsec-');
    writeFileSync(join(dir, 'root.pem'), pem(this.cas.root.certificate));
    writeFileSync(join(dir, 'issuing.pem'), pem(this.cas.issuing.certificate));
    writeFileSync(join(dir, 'signed.xml'), xml);
    if (detached) writeFileSync(join(dir, 'detached.bin'), detached.content);
    const run = spawnSync(
      'xmlsec1',
      [
        '--verify',
        '--trusted-pem',
        join(dir, 'root.pem'),
        '--untrusted-pem',
        join(dir, 'issuing.pem'),
        ...(detached ? ['--url-map:' + detached.uri, join(dir, 'detached.bin')] : []),
        join(dir, 'signed.xml'),
      ],
      { encoding: 'utf8', env: { ...process.env, OPENSSL_CONF: gostOpensslConfig() } },
    );
    return { ok: run.status === 0, output: run.stdout + run.stderr };
  }

  /** ПАО «Пример» signed in, with a key for automatic signing: no PIN, no confirmation. */
  async automaticHolder(login: string, keySpec?: string) {
    const user = await this.api.registerUser(login, PRIMER_LEGAL_ENTITY);
    const issued = await this.api.issue(user.id, { confirmation: 'none', ...(keySpec ? { keySpec } : {}) });
    return { user, serial: issued.serial, session: await this.api.userSession(user) };
  }

  create(headers: Headers, payload: Record<string, unknown>) {
    return this.api.app.inject({ method: 'POST', url: OPERATIONS, headers, payload });
  }

  confirm(headers: Headers, id: string, pin = TEST_PIN.pin) {
    return this.api.app.inject({
      method: 'POST',
      url: `${OPERATIONS}/${id}/confirm`,
      headers,
      payload: { method: 'pin', pin },
    });
  }

  get(headers: Headers, url: string) {
    return this.api.app.inject({ method: 'GET', url, headers });
  }

  /** Creates and confirms an operation; returns its id and each document's result. */
  async signed(headers: Headers, payload: Record<string, unknown>) {
    const created = await this.create(headers, payload);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<Operation>().id;
    const confirmed = await this.confirm(headers, id);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const results = [];
    for (const url of confirmed.json<Operation>().results!) results.push(await this.get(headers, url));
    return Object.assign(results, { id });
  }

  async audited(action: string, target: string): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND target = $2',
      [action, target],
    );
    return rows[0]!.n;
  }

  /** `openssl cms -verify` of every signer, with the content when detached; returns what OpenSSL verified. */
  opensslVerify(der: Uint8Array, content?: Uint8Array): { stderr: string; verified: Buffer } {
    return opensslVerifyCms(this.caFile, der, content);
  }
}

/** Every scope an integration (the SDK, the CLI) may be given. */
export const INTEGRATION_SCOPES = ['signing', 'encryption', 'decryption', 'certificates:read'];

/**
 * A Podpis server listening over HTTPS on a loopback port, as the SDK and
 * the CLI reach one: large bodies and stored documents allowed; `dir` gets
 * our signing CAs' PEM (`signingCaFile`) for OpenSSL.
 */
export async function startHttpsServer(dir: string) {
  const db = await openTestPglite();
  const { ctx, cas } = await setUpTestAuthorities(db);
  const tls = await issueTlsServerCertificate(ctx, ['localhost', '127.0.0.1'], 'system');
  const api = await TestApi.start(ctx, {
    tls: { cert: tls.certificatePem, key: tls.keyPem, source: 'test' },
    bodyLimit: 10 * 1024 * 1024,
    documents: { limit: 64 * 1024 * 1024, retentionSeconds: 3600 },
  });
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  const signingCaFile = join(dir, 'signing-ca.pem');
  writeFileSync(signingCaFile, pem(cas.root.certificate) + pem(cas.issuing.certificate));
  return {
    db,
    api,
    server: `https://localhost:${(api.app.server.address() as AddressInfo).port}`,
    tlsCa: tls.caCertificatePem,
    signingCaFile,
    async close(): Promise<void> {
      await api.app.close();
      await db.close();
    },
  };
}

/** A user with a certificate under TEST_PIN and an API token of `scopes` (an integration's, by default). */
export async function holderWithApiToken(
  api: TestApi,
  login: string,
  name: string,
  scopes: readonly string[] = INTEGRATION_SCOPES,
): Promise<{ serial: string; token: string }> {
  const user = await api.registerUser(login);
  const { serial } = await api.issue(user.id, TEST_PIN);
  const created = await api.app.inject({
    method: 'POST',
    url: '/api/v1/session/tokens',
    headers: await api.userSession(user),
    payload: { name, scopes },
  });
  expect(created.statusCode, created.body).toBe(201);
  return { serial, token: created.json<{ token: string }>().token };
}
