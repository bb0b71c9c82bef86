import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.js';
import type { PodpisApp } from '../../src/http/app.js';
import { staffWithCertificate, TestApi } from '../support/api.js';
import { setUpTestAuthorities } from '../support/authority.js';
import { bodyWith, openApiRoutes, sampleOf, stringFields, type OpenApiRoute } from './openapi.js';
import { openTestPglite } from '../support/backends.js';

/** Same inputs on every run, so a failure can be replayed; PODPIS_FUZZ_SEED tries others. */
const SEED = Number(process.env.PODPIS_FUZZ_SEED ?? 20261205);
/** Generated strings per field on top of the hostile ones; PODPIS_FUZZ_RUNS raises it for a longer hunt. */
const GENERATED_PER_FIELD = Number(process.env.PODPIS_FUZZ_RUNS ?? 4);
const PATH_FILLER = '00000000-0000-4000-8000-000000000000';

/** What the outside probe fed the service, each once in every field. */
const HOSTILE = ['ivanov\u0000', '\uD800', 'x\uDC00y', '\u202Eexe.fdp', '😀𝔘𓀀', 'a'.repeat(100_000)];

/** Any UTF-16 code unit, lone surrogates included, in short and long strings. */
const anyText = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', minLength: 300, maxLength: 3000 }),
);

/**
 * Percent-encodes every byte of the UTF-8 form but the unreserved ones: a
 * lone surrogate, which encodeURIComponent refuses, goes as U+FFFD, as a
 * browser would send it.
 */
function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json(): unknown;
}

interface Case {
  route: OpenApiRoute;
  where: string;
  value: string;
}

function urlFor(route: OpenApiRoute, param: string | undefined, value: string, query?: string): string {
  const path = route.path.replace(/\{([^}]+)\}/g, (_match, name: string) =>
    name === param ? percentEncode(value) : PATH_FILLER,
  );
  return query === undefined ? path : `${path}?${query}=${percentEncode(value)}`;
}

describe('fuzz: generated strings in every string field of every route never cause a 5xx', () => {
  let db: Db;
  let api: TestApi;
  let app: PodpisApp;
  let identities: { name: string; headers: Record<string, string> }[];

  beforeAll(async () => {
    db = await openTestPglite();
    const { ctx } = await setUpTestAuthorities(db, { algorithm: 'ecdsa' });
    api = await TestApi.start(ctx);
    app = api.app;
    const admin = await staffWithCertificate(db, 'admin');
    const user = await api.userSession(await api.registerUser('fuzz-user'));
    identities = [
      { name: 'anonymous', headers: {} },
      { name: 'user', headers: user },
      { name: 'operator', headers: api.operator },
      {
        name: 'admin',
        headers: { 'x-test-client-certificate': Buffer.from(admin.der).toString('base64') },
      },
    ];
  }, 120_000);
  afterAll(async () => {
    await api.close();
    await db.close();
  });

  it('every answer is below 500, and every error is problem+json with a code', async () => {
    const routes = openApiRoutes(await app.inject({ method: 'GET', url: '/api/openapi.json' }));
    const generated = fc.sample(anyText, { seed: SEED, numRuns: 10_000 });
    let next = 0;
    const valuesForField = (): string[] => {
      const values = [...HOSTILE];
      for (let i = 0; i < GENERATED_PER_FIELD; i++) values.push(generated[next++ % generated.length]!);
      return values;
    };

    const cases: (Case & { send: () => Promise<Answer> })[] = [];
    let turn = 0;
    for (const route of routes) {
      const caseFor = (where: string, value: string, build: () => { url: string; payload?: unknown }) => {
        const identity = identities[turn++ % identities.length]!;
        const { url, payload } = build();
        cases.push({
          route,
          where: `${where} as ${identity.name}`,
          value,
          send: () =>
            app.inject({
              method: route.method,
              url,
              // Past the cross-site guard, so the input reaches validation and the services.
              headers: {
                ...identity.headers,
                'x-requested-with': 'fuzz',
                ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
              },
              ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
            }),
        });
      };
      const sampleBody = route.body ? sampleOf(route.body) : undefined;
      for (const param of route.pathParams) {
        for (const value of valuesForField()) {
          caseFor(`path ${param}`, value, () => ({
            url: urlFor(route, param, value),
            ...(sampleBody !== undefined ? { payload: sampleBody } : {}),
          }));
        }
      }
      for (const { name } of route.query) {
        for (const value of valuesForField()) {
          caseFor(`query ${name}`, value, () => ({
            url: urlFor(route, undefined, value, name),
            ...(sampleBody !== undefined ? { payload: sampleBody } : {}),
          }));
        }
      }
      if (route.body) {
        const schema = route.body;
        for (const field of stringFields(schema)) {
          for (const value of valuesForField()) {
            caseFor(`body ${field.join('.') || '(root)'}`, value, () => ({
              url: urlFor(route, undefined, ''),
              payload: bodyWith(schema, field, value),
            }));
          }
        }
      }
    }

    const failures: string[] = [];
    let serverErrors = 0;
    for (const { route, where, value, send } of cases) {
      const response = await send();
      const label = `${route.method} ${route.path} ${where} ${JSON.stringify(value.slice(0, 40))}`;
      if (response.statusCode >= 500) {
        serverErrors++;
        failures.push(`${label} → ${response.statusCode} ${response.body.slice(0, 200)}`);
      } else if (response.statusCode >= 400 && route.path.startsWith('/csc/')) {
        // The CSC API answers errors in its own format (OAuth 2.0's error and error_description).
        const body: unknown = response.json();
        if (
          typeof body !== 'object' ||
          body === null ||
          !('error' in body) ||
          !('error_description' in body)
        ) {
          failures.push(`${label} → ${response.statusCode} not a CSC error: ${response.body.slice(0, 200)}`);
        }
      } else if (response.statusCode >= 400) {
        const type = response.headers['content-type'];
        const code: unknown =
          type === 'application/problem+json; charset=utf-8' ? response.json() : undefined;
        if (typeof code !== 'object' || code === null || !('code' in code)) {
          failures.push(`${label} → ${response.statusCode} not problem+json: ${String(type)}`);
        }
      }
    }
    console.log(
      `fuzz: ${cases.length} inputs tried over ${routes.length} routes (seed ${SEED}), ${serverErrors} answers 5xx, ${failures.length} failures`,
    );
    expect(failures).toEqual([]);
    expect(cases.length).toBeGreaterThan(1000);
  }, 300_000);
});
