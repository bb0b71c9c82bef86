import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { createDatabase } from '@podpis/testkit';
import { certIdOf, createOcspRequest, parseCertificate } from '@podpis/pki';
import type { Authorities } from '../src/ca/setup.js';
import type { AuthorityContext } from '../src/ca/authorities.js';
import { OcspResponder } from '../src/ca/ocsp-responder.js';
import type { Db } from '../src/db/db.js';
import { openPostgres } from '../src/db/postgres.js';
import { Housekeeping } from '../src/jobs/housekeeping.js';
import { KeyStores } from '../src/keystore/index.js';
import { TEST_PIN, TestApi } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { activateWithPin, digestFor } from './support/keys.js';

const TOKEN = 'metrics-token-0123456789abcdef0123456789';

/** The value of one sample in Prometheus's text format (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (wanted.every((label) => line.includes(label))) return Number(line.split(' ').at(-1));
  }
  return 0;
}

describe('Prometheus metrics at /metrics (PostgreSQL)', () => {
  let db: Db;
  let ctx: AuthorityContext;
  let cas: Authorities;
  let api: TestApi;

  beforeAll(async () => {
    db = await openPostgres(await createDatabase(inject('postgresUrl')));
    ({ ctx, cas } = await setUpTestAuthorities(db, { algorithm: 'ecdsa' }));
    api = await TestApi.start(ctx, { metricsToken: TOKEN });
  }, 120_000);
  afterAll(async () => {
    await api.close();
    await db.close();
  });

  const scrape = async (): Promise<string> => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    return response.body;
  };

  it('is served only to the configured bearer token, and not at all without one', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const response = await api.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: authorization ? { authorization } : {},
      });
      expect(response.json()).toMatchObject({ status: 401, code: 'INVALID_TOKEN' });
      expect(response.body).not.toContain('podpis_');
    }
    const closed = await TestApi.start(ctx);
    try {
      const response = await closed.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(response.statusCode).toBe(404);
    } finally {
      await closed.close();
    }
  });

  it('counts requests by route and status, certificates issued, OCSP hits and misses, job runs and the DB pool', async () => {
    const before = await scrape();
    const user = await api.registerUser('metered');
    const issued = await api.issue(user.id, { ...TEST_PIN, keySpec: 'ecdsa-p256' });
    expect(issued.status).toBe('valid');

    const responder = new OcspResponder(ctx);
    const request = createOcspRequest({
      certIds: [
        await certIdOf(parseCertificate(cas.issuing.certificate), parseCertificate(cas.root.certificate)),
      ],
    });
    await responder.respond(request);
    await responder.respond(request);
    await new Housekeeping(db, { logger: { info: vi.fn(), error: vi.fn() } }).runOnce();
    // The user's key signs once under its PIN, through the key stores as a server has them.
    const { rows } = await db.query<{ key_id: string }>('SELECT key_id FROM certificates WHERE serial = $1', [
      issued.serial,
    ]);
    const keyStores = new KeyStores(db, ctx.keyStore);
    const key = { id: rows[0]!.key_id };
    const activation = await activateWithPin(keyStores, key, TEST_PIN.pin);
    await keyStores.signDigests(key, [await digestFor(await keyStores.get(key))], activation);
    await expect(activateWithPin(keyStores, key, '00000000')).rejects.toMatchObject({
      code: 'KEY_PIN_WRONG',
    });

    const after = await scrape();
    const grew = (name: string, labels: Record<string, string> = {}) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(
      grew('podpis_http_requests_total', { method: 'POST', route: '/api/v1/users', status: '201' }),
    ).toBe(1);
    expect(
      grew('podpis_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/users' }),
    ).toBe(1);
    expect(grew('podpis_certificates_issued_total', { ca: 'issuing' })).toBe(1);
    expect(grew('podpis_ocsp_responses_total', { cache: 'miss' })).toBe(1);
    expect(grew('podpis_ocsp_responses_total', { cache: 'hit' })).toBe(1);
    expect(grew('podpis_job_runs_total', { job: 'housekeeping', outcome: 'done' })).toBe(1);
    expect(grew('podpis_keystore_operations_total', { operation: 'activate', outcome: 'done' })).toBe(1);
    expect(grew('podpis_keystore_operations_total', { operation: 'activate', outcome: 'failed' })).toBe(1);
    expect(grew('podpis_keystore_operations_total', { operation: 'signDigests', outcome: 'done' })).toBe(1);
    expect(grew('podpis_signatures_total')).toBe(1);
    expect(sample(after, 'podpis_db_pool_connections')).toBeGreaterThan(0);
    expect(after).toContain('podpis_db_pool_waiting');
    expect(after).toContain('podpis_process_cpu_seconds_total');
    // A scrape counts as a request like any other.
    expect(grew('podpis_http_requests_total', { method: 'GET', route: '/metrics', status: '200' })).toBe(1);
  });
});
