import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openssl, tempDir } from '@podpis/testkit';
import { OID, parseCertificate, parseCrl, validatePath } from '@podpis/pki';
import type { AuthorityContext } from '../src/ca/authorities.js';
import { getCertificate, revokeCertificate, type CertificateSummary } from '../src/ca/certificates.js';
import { crlShardOf } from '../src/ca/crl-shard-of.js';
import {
  dueCrlShards,
  latestCrlShard,
  publishCrlShards,
  setCrlShardCount,
  type PublishedShardCrl,
} from '../src/ca/crl-shards.js';
import { latestCrl, publishCrl } from '../src/ca/crls.js';
import { OcspResponder } from '../src/ca/ocsp-responder.js';
import { toPem as pem } from '../src/ca/pem.js';
import type { Authorities } from '../src/ca/setup.js';
import { issueClientCertificate } from '../src/ca/tls-certificates.js';
import { buildPkiHttpApp } from '../src/http/app.js';
import { CrlScheduler } from '../src/jobs/crl-scheduler.js';
import { createLogger } from '../src/logger.js';
import { registerOperator } from '../src/people/accounts.js';
import { backends, closedAfterEach } from './support/backends.js';
import { issueIvanov, setUpTestAuthorities } from './support/authority.js';

const T0 = new Date('2026-11-28T12:00:00Z');
const SHARDS = 4;
const plain = (serial: string) => serial.toLowerCase().replace(/^0+/, '');
const listed = (der: Uint8Array) => parseCrl(der).entries.map((entry) => plain(entry.serialNumberHex));

describe('the shard of a certificate', () => {
  it('is its serial number modulo the shard count, none without shards', () => {
    const serial = Uint8Array.from(Buffer.from('7fa3c2e10b9d44f2a8e6c1d0b3a5f7e9', 'hex'));
    for (const shards of [1, 2, 7, 128, 256, 4096]) {
      expect(crlShardOf(serial, shards)).toBe(
        Number(BigInt('0x7fa3c2e10b9d44f2a8e6c1d0b3a5f7e9') % BigInt(shards)),
      );
    }
    expect(crlShardOf(serial, 0)).toBeUndefined();
  });
});

describe.each(backends)('CRL shards on $name', (backend) => {
  let clock = T0;
  const opened = closedAfterEach();

  async function context(): Promise<{ ctx: AuthorityContext; cas: Authorities }> {
    const db = await backend.open();
    opened.push(db);
    clock = T0;
    return setUpTestAuthorities(db, { now: () => clock });
  }

  /** Issues Ivanov certificates until two of them are in different shards. */
  async function twoShards(ctx: AuthorityContext, cas: Authorities) {
    const byShard = new Map<number, CertificateSummary>();
    for (let i = 0; i < 24 && byShard.size < 2; i++) {
      const issued = await issueIvanov(ctx, cas, 365);
      const { rows } = await ctx.db.query<{ crl_shard: number | null }>(
        'SELECT crl_shard FROM certificates WHERE serial = $1',
        [issued.serial],
      );
      byShard.set(rows[0]!.crl_shard!, issued);
    }
    const [[a, revoked], [b, kept]] = [...byShard.entries()] as [
      [number, CertificateSummary],
      [number, CertificateSummary],
    ];
    return { a, revoked, b, kept };
  }

  it('operator revokes a certificate of shard k → only shard k lists it, with a critical issuingDistributionPoint → OpenSSL and our validator agree; an older certificate stays on the full CRL', async () => {
    const { ctx, cas } = await context();
    const legacy = await issueIvanov(ctx, cas, 365);
    // Two shards: a few certificates land in both.
    const initial = await setCrlShardCount(ctx, cas.issuing.id, 2, { actor: 'admin:1' });
    expect(initial.map((crl) => crl.shard)).toEqual([0, 1]);
    // One CRL number sequence per CA: every shard's number is new, and each shard is its own scope.
    expect(new Set(initial.map((crl) => crl.number)).size).toBe(2);
    await expect(setCrlShardCount(ctx, cas.issuing.id, 1, { actor: 'admin:1' })).rejects.toMatchObject({
      code: 'CRL_SHARDS_INVALID',
    });

    const { a, revoked, b, kept } = await twoShards(ctx, cas);
    const revokedDer = (await getCertificate(ctx.db, revoked.serial, clock)).der;
    const keptDer = (await getCertificate(ctx.db, kept.serial, clock)).der;
    const legacyDer = (await getCertificate(ctx.db, legacy.serial, clock)).der;
    const shardUrl = (shard: number) => `http://localhost:8080/pki/crl/issuing/${shard}.crl`;
    expect(parseCertificate(revokedDer).crlDistributionPoints).toEqual([shardUrl(a)]);
    // Shard CRLs have no deltas: no freshestCRL.
    expect(
      parseCertificate(revokedDer).asn1.tbsCertificate.extensions?.some((e) => e.extnID === OID.freshestCrl),
    ).toBe(false);
    expect(parseCertificate(legacyDer).crlDistributionPoints).toEqual([
      'http://localhost:8080/pki/crl/issuing.crl',
    ]);

    const before = (await latestCrlShard(ctx.db, cas.issuing.id, a))!;
    await revokeCertificate(ctx, revoked.serial, { actor: 'operator:1', reason: 'keyCompromise' });
    await revokeCertificate(ctx, legacy.serial, { actor: 'operator:1', reason: 'superseded' });
    const shardA = (await latestCrlShard(ctx.db, cas.issuing.id, a))!;
    const shardB = (await latestCrlShard(ctx.db, cas.issuing.id, b))!;
    expect(shardA.number).toBeGreaterThan(before.number);
    expect(listed(shardA.der)).toEqual([plain(revoked.serial)]);
    expect(listed(shardB.der)).toEqual([]);
    const full = (await latestCrl(ctx.db, cas.issuing.id))!;
    expect(listed(full.der).sort()).toEqual([plain(revoked.serial), plain(legacy.serial)].sort());

    const dir = tempDir();
    const file = (name: string, label: string, der: Uint8Array) => {
      writeFileSync(join(dir, name), pem(label, der));
      return join(dir, name);
    };
    const text = openssl([
      'crl',
      '-in',
      file('a.pem', 'X509 CRL', shardA.der),
      '-noout',
      '-text',
    ]).stdout.toString();
    expect(text).toMatch(
      /X509v3 Issuing Distribution Point: critical\s+Full Name:\s+URI:http:\/\/localhost:8080\/pki\/crl\/issuing\/\d+\.crl/,
    );
    expect(text).toContain(`URI:${shardUrl(a)}`);

    const root = await publishCrl(ctx, cas.root.id, { actor: 'system' });
    const at = String(Math.floor(clock.getTime() / 1000) + 60);
    const verify = (target: Uint8Array, crl: Uint8Array): string => {
      const crls = writeCrls(join(dir, 'crls.pem'), [crl, root.der]);
      try {
        return openssl([
          'verify',
          '-attime',
          at,
          '-CAfile',
          file('root.pem', 'CERTIFICATE', cas.root.certificate),
          '-untrusted',
          file('issuing.pem', 'CERTIFICATE', cas.issuing.certificate),
          '-crl_check_all',
          '-CRLfile',
          crls,
          file('target.pem', 'CERTIFICATE', target),
        ]).stdout.toString();
      } catch (error) {
        return String(error);
      }
    };
    expect(verify(revokedDer, shardA.der)).toContain('certificate revoked');
    expect(verify(keptDer, shardB.der)).toContain('OK');
    // Shard a's CRL does not speak for a certificate of shard b: OpenSSL finds it out of scope.
    expect(verify(keptDer, shardA.der)).toContain('different CRL scope');
    expect(verify(legacyDer, full.der)).toContain('certificate revoked');
    // The full CRL names no distribution point: it covers every certificate of the CA.
    expect(verify(revokedDer, full.der)).toContain('certificate revoked');
    expect(verify(legacyDer, shardA.der)).toContain('different CRL scope');

    const validate = (target: Uint8Array, crl: Uint8Array) =>
      validatePath({
        target,
        intermediates: [cas.issuing.certificate],
        trustAnchors: [cas.root.certificate],
        at: new Date(clock.getTime() + 60_000),
        revocation: { mode: 'require', crls: [crl, root.der] },
      });
    expect(await validate(revokedDer, shardA.der)).toMatchObject({ ok: false, code: 'REVOKED' });
    expect(await validate(keptDer, shardB.der)).toMatchObject({ ok: true });
    expect(await validate(keptDer, shardA.der)).toMatchObject({ ok: false, code: 'REVOCATION_UNKNOWN' });
    expect(await validate(legacyDer, shardA.der)).toMatchObject({ ok: false, code: 'REVOCATION_UNKNOWN' });
    expect(await validate(legacyDer, full.der)).toMatchObject({ ok: false, code: 'REVOKED' });
  }, 180_000);

  it("a certificate's CRL distribution point resolves over /pki to its shard's CRL; a shard the CA lacks is 404", async () => {
    const { ctx, cas } = await context();
    await setCrlShardCount(ctx, cas.issuing.id, SHARDS, { actor: 'admin:1' });
    const issued = await issueIvanov(ctx, cas, 365);
    await revokeCertificate(ctx, issued.serial, { actor: 'operator:1' });
    const [point] = parseCertificate(
      (await getCertificate(ctx.db, issued.serial, clock)).der,
    ).crlDistributionPoints;
    const app = await buildPkiHttpApp(createLogger('silent'), { ca: ctx, ocsp: new OcspResponder(ctx) });
    try {
      const reply = await app.inject({ method: 'GET', url: new URL(point!).pathname });
      expect(reply.statusCode).toBe(200);
      expect(reply.headers['content-type']).toBe('application/pkix-crl');
      expect(listed(new Uint8Array(reply.rawPayload))).toEqual([plain(issued.serial)]);
      const missing = await app.inject({ method: 'GET', url: `/pki/crl/issuing/${SHARDS}.crl` });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ code: 'CRL_SHARD_NOT_FOUND' });
      expect((await app.inject({ method: 'GET', url: '/pki/crl/root/0.crl' })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/pki/crl/issuing.crl' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it("revoking an operator's client certificate republishes its infrastructure CA shard", async () => {
    const { ctx, cas } = await context();
    await setCrlShardCount(ctx, cas.infrastructureRoot.id, 2, { actor: 'admin:1' });
    const operator = await registerOperator(
      ctx.db,
      { login: 'shard-operator', role: 'operator' },
      { actor: 'system' },
    );
    const bundle = await issueClientCertificate(ctx, { id: operator.id, login: 'shard-operator' }, 'system');
    const { der } = await getCertificate(ctx.db, bundle.serial, clock);
    const [point] = parseCertificate(der).crlDistributionPoints;
    const shard = Number(/\/(\d+)\.crl$/.exec(point!)![1]);
    expect(point).toBe(`http://localhost:8080/pki/crl/infra-root/${shard}.crl`);
    await revokeCertificate(ctx, bundle.serial, { actor: 'admin:1', reason: 'affiliationChanged' });
    expect(listed((await latestCrlShard(ctx.db, cas.infrastructureRoot.id, shard))!.der)).toEqual([
      plain(bundle.serial),
    ]);
    expect(listed((await latestCrlShard(ctx.db, cas.infrastructureRoot.id, 1 - shard))!.der)).toEqual([]);
  });

  it('the scheduled job re-issues the shards nearing their nextUpdate, in parallel, each once; older ones are dropped', async () => {
    const { ctx, cas } = await context();
    await setCrlShardCount(ctx, cas.issuing.id, SHARDS, { actor: 'admin:1' });
    const scheduler = new CrlScheduler(ctx, { logger: { info: vi.fn(), error: vi.fn() } });
    await scheduler.runOnce();
    expect(
      await dueCrlShards(ctx.db, cas.issuing.id, SHARDS, new Date(clock.getTime() + 6 * 3600_000)),
    ).toEqual([]);
    clock = new Date(T0.getTime() + 19 * 3600_000);
    const run = await scheduler.runOnce();
    expect(run.published).toContainEqual({ caId: cas.issuing.id, shards: [0, 1, 2, 3] });
    const { rows } = await ctx.db.query<{ shard: number; n: number }>(
      'SELECT shard, count(*)::int AS n FROM crls WHERE ca_id = $1 AND shard IS NOT NULL GROUP BY shard ORDER BY shard',
      [cas.issuing.id],
    );
    expect(rows).toEqual([0, 1, 2, 3].map((shard) => ({ shard, n: 1 })));
    // Two publications of one shard at once: numbers taken in order, the later one stands.
    const racing: PublishedShardCrl[][] = await Promise.all([
      publishCrlShards(ctx, cas.issuing.id, [2], { actor: 'system' }),
      publishCrlShards(ctx, cas.issuing.id, [2], { actor: 'system' }),
    ]);
    const newest = (await latestCrlShard(ctx.db, cas.issuing.id, 2))!;
    expect(newest.number).toBe(racing.flat().reduce((max, crl) => (crl.number > max ? crl.number : max), 0n));
  });
});

function writeCrls(path: string, ders: Uint8Array[]): string {
  writeFileSync(path, ders.map((der) => pem('X509 CRL', der)).join(''));
  return path;
}
