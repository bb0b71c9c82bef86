/**
 * Token issuance of the OAuth 2.0 server. A script, not a test:
 * `npm run bench:oauth` (builds first) or
 * `npx tsx bench/oauth.ts [seconds=10] [connections=16]`. About a minute.
 *
 * The real application (buildApp, oidc-provider at /oauth2) over HTTPS on a
 * loopback port, on embedded PGlite in a temp dir, an ECDSA installation;
 * one client registered as an administrator would (client_credentials,
 * scope service, client_secret_basic). With autocannon (`connections` at
 * once, kept alive, after a 2 s warm-up that is not counted), one after the
 * other in the same run:
 *
 * - `POST /oauth2/token` grant_type=client_credentials: the client's
 *   authentication (SHA-256 of the secret compared in constant time), a new
 *   opaque access token stored in the provider's table, the audit record of
 *   the grant;
 * - `POST /oauth2/token/introspection` of one token with the same client
 *   authentication (a read of the token's row);
 * - `GET /health` (a database round trip): the reference of this stack.
 *
 * Prints the rate of each, the ratio of issuance to each reference, and
 * checks that every answer was 2xx and every issued token distinct.
 * Load generator and server share this process's event loop and the
 * machine's cores alike for all three, so the ratios compare like with like.
 *
 * First run (2 cores shared with other test suites, load average ~8, 16
 * connections): tokens 53.6/s (p50 284 ms, p99 1.4 s), introspection
 * 134/s, /health 5031/s → issuance 1 % of /health, 40 % of introspection,
 * no failures. Both token endpoints authenticate the client through the
 * provider's adapter (a database read) on every request, issuance also
 * writes the token and its audit record.
 *
 * With the endpoints' rate limits (two counter upserts per request; here
 * at 1 000 000/min so they never refuse), load average ~12, 8 s, 16
 * connections: tokens 75/s (p50 194 ms, p99 1.0 s), introspection 110/s.
 * The client secret is not the cost: it is a SHA-256 compared in constant
 * time (no KDF), and introspection authenticates the same way at 1.5× the
 * rate; issuance pays for its two writes (token, audit) on the single
 * PGlite connection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '@podpis/testkit';
import { loadAuthConfig } from '../packages/server/src/config/config.js';
import { OcspResponder } from '../packages/server/src/ca/ocsp-responder.js';
import { issueTlsServerCertificate } from '../packages/server/src/ca/tls-certificates.js';
import { readMigrations } from '../packages/server/src/db/migrate.js';
import { openPglite } from '../packages/server/src/db/pglite.js';
import { buildApp } from '../packages/server/src/http/app.js';
import { createLogger } from '../packages/server/src/logger.js';
import { createOAuthClient } from '../packages/server/src/oauth/clients.js';
import { benchAuthorities } from './fixtures.js';

const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = Number(process.argv[3] ?? 16);
const WARM_UP_SECONDS = 2;

interface Measured {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
  failures: number;
}

const dir = mkdtempSync(join(tmpdir(), 'podpis-bench-oauth-'));
const db = await openPglite(join(dir, 'pglite'));
try {
  const ctx = await benchAuthorities(db, 'ecdsa');
  const tls = await issueTlsServerCertificate(ctx, ['localhost', '127.0.0.1'], 'bench');
  const port = await freePort();
  const base = `https://localhost:${port}`;
  const app = await buildApp({
    tls: { cert: tls.certificatePem, key: tls.keyPem, source: 'bench' },
    config: {
      bodyLimit: 65536,
      publicUrl: base,
      // One client from one address is the whole load here: the endpoints' rate limits would measure themselves.
      auth: loadAuthConfig({
        PODPIS_OAUTH_TOKEN_RATE_LIMIT: '1000000',
        PODPIS_OAUTH_TOKEN_IP_RATE_LIMIT: '1000000',
      }),
    },
    db,
    migrations: readMigrations(),
    logger: createLogger('silent'),
    pki: { ca: ctx, ocsp: new OcspResponder(ctx) },
  });
  await app.listen({ host: '127.0.0.1', port });
  const { client, clientSecret } = await createOAuthClient(
    db,
    { name: 'bench', grantTypes: ['client_credentials'], scopes: ['service'] },
    { actor: 'bench' },
  );
  const basic = `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(clientSecret!)}`).toString('base64')}`;
  const form = { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' };

  // One token by hand: the answer is what a client expects, and introspection has something to read.
  const issued = await fetchToken();
  async function fetchToken(): Promise<string> {
    const response = await app.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: form,
      payload: 'grant_type=client_credentials&scope=service',
    });
    const body = response.json<{ access_token?: string; token_type?: string; scope?: string }>();
    if (response.statusCode !== 200 || body.token_type !== 'Bearer' || body.scope !== 'service')
      throw new Error(`token endpoint: ${response.statusCode} ${response.body}`);
    return body.access_token!;
  }

  async function measure(name: string, options: Parameters<typeof autocannon>[0]): Promise<Measured> {
    await autocannon({ ...options, connections: CONNECTIONS, duration: WARM_UP_SECONDS });
    const result = await autocannon({ ...options, connections: CONNECTIONS, duration: SECONDS });
    return {
      name,
      perSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      failures: result.non2xx + result.errors + result.timeouts,
    };
  }

  const { rows: before } = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM oauth_models WHERE model = 'ClientCredentials'",
  );
  const token = await measure('POST /oauth2/token (client_credentials)', {
    url: `${base}/oauth2/token`,
    method: 'POST',
    headers: form,
    body: 'grant_type=client_credentials&scope=service',
  });
  const { rows: after } = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM oauth_models WHERE model = 'ClientCredentials'",
  );
  const introspection = await measure('POST /oauth2/token/introspection', {
    url: `${base}/oauth2/token/introspection`,
    method: 'POST',
    headers: form,
    body: `token=${issued}`,
  });
  const health = await measure('GET /health', { url: `${base}/health` });
  await app.close();

  const rows = [token, introspection, health];
  const fmt = (n: number, width = 9): string => n.toFixed(1).padStart(width);
  console.log(
    `\nOAuth 2.0 over HTTPS, ${CONNECTIONS} connections, ${SECONDS} s each (ECDSA installation, PGlite):`,
  );
  console.log(
    `${'endpoint'.padEnd(42)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}  failures`,
  );
  for (const row of rows)
    console.log(`${row.name.padEnd(42)}${fmt(row.perSecond)}${fmt(row.p50)}${fmt(row.p99)}  ${row.failures}`);
  console.log(
    `\ntokens issued per second: ${token.perSecond.toFixed(1)}` +
      ` = ${((100 * token.perSecond) / health.perSecond).toFixed(0)} % of GET /health,` +
      ` ${((100 * token.perSecond) / introspection.perSecond).toFixed(0)} % of introspection`,
  );
  // Every answer counted was a stored, distinct token (warm-up included).
  console.log(`tokens stored during the run: ${after[0]!.n - before[0]!.n}`);
  if (rows.some((row) => row.failures > 0)) process.exitCode = 1;
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
