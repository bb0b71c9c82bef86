/**
 * Performance of mobile confirmation. A script, not a test:
 * `npm run bench:confirmation` (builds first) or `npx tsx
 * bench/confirmation.ts [approvals=2000] [operations=40]`. Under a minute.
 *
 * 1. Approvals the server verifies per second, against raw ECDSA P-256
 *    verification (node:crypto, `verify` over the same bytes) in the same
 *    run: an authenticator's ECDSA approval (`verifyApprovalSignature`,
 *    WebCrypto, SPKI imported per approval as the server does) and a
 *    WebAuthn assertion (`@simplewebauthn/server` through
 *    `verifyWebAuthnAssertion`: clientDataJSON, authenticator data, COSE
 *    key, signature counter). Aim: ≥ 50 % of raw.
 * 2. End to end on embedded PGlite, through the REST API in process
 *    (`inject`): "sign" in the cabinet (a CAdES-BES of a small document,
 *    GOST key issued for device confirmation) → the automated device asks
 *    what is pending, signs its approval, the server signs → the signed
 *    document downloaded. p50 and p99 in milliseconds.
 */
import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  approvalBytes,
  approvalChallenge,
  approvalTime,
  generateDeviceKey,
  signApproval,
  toBase64url,
  verifyApprovalSignature,
  type Approval,
} from '@podpis/confirm';
import { issueUserCertificate } from '../packages/server/src/ca/certificates.js';
import { OcspResponder } from '../packages/server/src/ca/ocsp-responder.js';
import { TimeStampAuthority } from '../packages/server/src/ca/tsa.js';
import { spkiKey, verifyEcdsa } from '../packages/server/src/confirmation/device-keys.js';
import { libraryAssertion, verifyWebAuthnAssertion } from '../packages/server/src/confirmation/webauthn.js';
import { readMigrations } from '../packages/server/src/db/migrate.js';
import { openPglite } from '../packages/server/src/db/pglite.js';
import { buildApp } from '../packages/server/src/http/app.js';
import { createLogger } from '../packages/server/src/logger.js';
import { registerUser } from '../packages/server/src/people/users.js';
import { IVANOV_PERSON } from '../packages/pki/test/support/subjects.js';
import { TestDevice } from '../packages/server/test/support/device.js';
import { SoftwareAuthenticator } from '../packages/server/test/support/webauthn.js';
import { BENCH_SUBJECT, benchAuthorities } from './fixtures.js';

const ARGS = process.argv.slice(2);
const APPROVALS = Number(ARGS[0] ?? 2000);
const OPERATIONS = Number(ARGS[1] ?? 40);
const perSecond = (count: number, ms: number): number => (count * 1000) / ms;
const fmt = (n: number): string => n.toFixed(0).padStart(10);

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function approvalAt(i: number): Approval {
  return {
    operation: '5b8f3c52-7c1e-4d7e-9a61-0d3f1c2b9e10',
    digest: toBase64url(randomBytes(32)),
    decision: 'approve',
    challenge: toBase64url(randomBytes(32)),
    time: approvalTime(new Date(Date.now() + i)),
  };
}

console.log(`Approvals verified per second (${APPROVALS} each, one thread)\n`);
console.log('                                         per second   vs raw   aim');
const approvals = Array.from({ length: APPROVALS }, (_, i) => approvalAt(i));

// Raw: node:crypto ECDSA P-256 over the same bytes, the key object made once.
const raw = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rawSignatures = approvals.map((a) =>
  sign('sha256', approvalBytes(a), { key: raw.privateKey, dsaEncoding: 'ieee-p1363' }),
);
const rawMs = await timed(async () => {
  for (const [i, a] of approvals.entries()) {
    if (
      !verify(
        'sha256',
        approvalBytes(a),
        { key: raw.publicKey, dsaEncoding: 'ieee-p1363' },
        rawSignatures[i]!,
      )
    ) {
      throw new Error('raw verification failed');
    }
  }
});
const rawRate = perSecond(APPROVALS, rawMs);
console.log(`raw ECDSA P-256 verify (node:crypto)     ${fmt(rawRate)}`);

const device = await generateDeviceKey(false);
const spki = new Uint8Array(await crypto.subtle.exportKey('spki', device.publicKey));
const signatures = await Promise.all(approvals.map((a) => signApproval(device.privateKey, a)));
// As the server verifies them: node:crypto, the device's key object kept between approvals.
const ecdsaMs = await timed(async () => {
  for (const [i, a] of approvals.entries()) {
    if (!verifyEcdsa(spkiKey(spki), approvalBytes(a), Buffer.from(signatures[i]!, 'base64url'))) {
      throw new Error('approval verification failed');
    }
  }
});
// The portable check (WebCrypto, key imported per approval), as a browser or the CLI would run it.
const portableMs = await timed(async () => {
  for (const [i, a] of approvals.slice(0, 500).entries()) {
    if (!(await verifyApprovalSignature(spki, a, signatures[i]!)))
      throw new Error('approval verification failed');
  }
});
const report = (label: string, rate: number) => {
  const ratio = rate / rawRate;
  console.log(
    `${label.padEnd(41)}${fmt(rate)}${(ratio * 100).toFixed(0).padStart(7)} %   ≥ 50 % ${ratio >= 0.5 ? 'met' : 'NOT met'}`,
  );
};
report('authenticator approval (ECDSA)', perSecond(APPROVALS, ecdsaMs));
console.log(`  (portable WebCrypto check, no kept key: ${perSecond(500, portableMs).toFixed(0)}/s)`);

const authenticator = new SoftwareAuthenticator();
const BENCH_RP = { id: 'podpis.bench', origin: 'https://podpis.bench' };
const registrationChallenge = toBase64url(randomBytes(32));
const registration = authenticator.register(
  { challenge: registrationChallenge, rp: { id: BENCH_RP.id } },
  BENCH_RP.origin,
);
// The credential's COSE key as the server stores it after registration.
const { verifyRegistrationResponse } = await import('@simplewebauthn/server');
const registered = await verifyRegistrationResponse({
  response: registration,
  expectedChallenge: registrationChallenge,
  expectedOrigin: 'https://podpis.bench',
  expectedRPID: 'podpis.bench',
});
if (!registered.verified) throw new Error('registration failed');
const challenges = await Promise.all(approvals.map(async (a) => toBase64url(await approvalChallenge(a))));
const assertions = challenges.map((challenge) =>
  authenticator.authenticate({ challenge, rpId: BENCH_RP.id }, BENCH_RP.origin),
);
let counter = registered.registrationInfo.credential.counter;
const webauthnMs = await timed(async () => {
  for (const [i, assertion] of assertions.entries()) {
    const next = await verifyWebAuthnAssertion(
      assertion,
      challenges[i]!,
      {
        id: registered.registrationInfo.credential.id,
        publicKey: registered.registrationInfo.credential.publicKey,
        counter,
      },
      { id: 'podpis.bench', origin: 'https://podpis.bench' },
    );
    if (next === undefined) throw new Error('assertion verification failed');
    counter = next;
  }
});
report('WebAuthn assertion (ES256, kept key)', perSecond(APPROVALS, webauthnMs));
const libraryCredential = { ...registered.registrationInfo.credential, counter: 0 };
const fresh = challenges
  .slice(0, 300)
  .map((challenge) => authenticator.authenticate({ challenge, rpId: BENCH_RP.id }, BENCH_RP.origin));
const libraryMs = await timed(async () => {
  for (const [i, assertion] of fresh.entries()) {
    const next = await libraryAssertion(assertion, challenges[i]!, libraryCredential, {
      id: 'podpis.bench',
      origin: 'https://podpis.bench',
    });
    if (next === undefined) throw new Error('library verification failed');
    libraryCredential.counter = next;
  }
});
console.log(`  (@simplewebauthn/server alone: ${perSecond(300, libraryMs).toFixed(0)}/s)`);

// 2. End to end.
const dir = mkdtempSync(join(tmpdir(), 'podpis-bench-confirmation-'));
const db = await openPglite(join(dir, 'pglite'));
try {
  const ctx = await benchAuthorities(db, 'gost256');
  const app = await buildApp({
    config: { bodyLimit: 1024 * 1024, publicUrl: 'https://podpis.bench' },
    db,
    migrations: readMigrations(),
    logger: createLogger('silent'),
    pki: { ca: ctx, ocsp: new OcspResponder(ctx), tsa: new TimeStampAuthority(ctx) },
  });
  const password = 'Bench-2026-password';
  const { user, temporaryPassword } = await registerUser(
    db,
    { scryptLogN: 10, passwordMinLength: 8 },
    { login: 'bench', profile: IVANOV_PERSON },
    { actor: 'bench' },
  );
  const serial = (
    await issueUserCertificate(ctx, {
      accountId: user.id,
      keySpec: { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' },
      subject: BENCH_SUBJECT,
      protection: 'device',
      actor: 'bench',
    })
  ).serial;
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { login: 'bench', password: temporaryPassword },
  });
  const session = {
    cookie: String(login.headers['set-cookie']).split(';')[0]!,
    'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken,
  };
  await app.inject({
    method: 'POST',
    url: '/api/v1/session/password',
    headers: session,
    payload: { password: temporaryPassword, newPassword: password },
  });
  const phone = await TestDevice.enrol({ app }, session, 'bench');
  const content = Buffer.from('Договор для замера\n').toString('base64');
  const times: number[] = [];
  for (let i = 0; i < OPERATIONS + 3; i++) {
    const start = performance.now();
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/signing-operations',
      headers: session,
      payload: { certificate: serial, format: 'cades', documents: [{ name: 'd.txt', content }] },
    });
    const id = created.json<{ id: string }>().id;
    const pending = (await phone.pending()).find((p) => p.operation === id);
    if (!pending) throw new Error(`operation ${id} did not reach the device: ${created.body.slice(0, 200)}`);
    const decided = await phone.decide(phone.approvalOf(pending));
    if (decided.response.statusCode !== 200) throw new Error(decided.response.body);
    const result = await app.inject({
      method: 'GET',
      url: `/api/v1/signing-operations/${id}/results/0`,
      headers: session,
    });
    if (result.statusCode !== 200) throw new Error(result.body);
    if (i >= 3) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  console.log(
    `\nEnd to end on PGlite through the REST API (${OPERATIONS} operations, CAdES-BES, GOST key for device confirmation):` +
      `\n"sign" → device approval → signed document downloaded: p50 ${at(0.5).toFixed(0)} ms, p99 ${at(0.99).toFixed(0)} ms`,
  );
  await app.close();
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
