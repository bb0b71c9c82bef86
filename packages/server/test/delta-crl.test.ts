import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openssl, tempDir } from '@podpis/testkit';
import { OID, parseCertificate, parseCrl, type CrlEntry, type RevocationReason } from '@podpis/pki';
import type { AuthorityContext } from '../src/ca/authorities.js';
import {
  changeStatusInTransaction,
  getCertificate,
  type CertificateSummary,
} from '../src/ca/certificates.js';
import { latestCrl, latestDeltaCrl, publishCrl, publishDeltaCrl } from '../src/ca/crls.js';
import { deltaCrlEntries, serialBytes } from '../src/ca/delta-crl-entries.js';
import { OcspResponder } from '../src/ca/ocsp-responder.js';
import { toPem as pem } from '../src/ca/pem.js';

import { type Authorities } from '../src/ca/setup.js';

import { buildPkiHttpApp } from '../src/http/app.js';

import { createLogger } from '../src/logger.js';
import { backends, closedAfterEach } from './support/backends.js';
import { issueIvanov, setUpTestAuthorities } from './support/authority.js';

const T0 = new Date('2026-11-28T12:00:00Z');

describe('what a delta CRL lists relative to its base', () => {
  const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
  const base = (serial: string, reason: CrlEntry['reason'], minutes = 0): CrlEntry => ({
    serialNumberHex: serial,
    revocationDate: at(minutes),
    reason,
    invalidityDate: undefined,
    holdInstruction: reason === 'certificateHold' ? OID.holdInstructionCallIssuer : undefined,
  });
  const listed = (serial: string, reason: 'keyCompromise' | 'certificateHold' | undefined, minutes = 0) => ({
    serial,
    entry: {
      serialNumber: serialBytes(serial),
      revocationDate: at(minutes),
      ...(reason ? { reason } : {}),
      ...(reason === 'certificateHold' ? { holdInstruction: OID.holdInstructionCallIssuer } : {}),
    },
  });
  const summary = (entries: ReturnType<typeof deltaCrlEntries>) =>
    entries.map((e) => [Buffer.from(e.serialNumber).toString('hex'), e.reason ?? 'unspecified']);

  it('new revocations and holds, hold → revoked, and removeFromCRL for holds released or entries gone', () => {
    const entries = deltaCrlEntries(
      [
        base('0a', 'keyCompromise'), // unchanged: not listed
        base('0b', 'certificateHold'), // revoked since
        base('0c', 'certificateHold'), // resumed since
        base('0d', undefined), // expired since: off the complete CRL
      ],
      [
        listed('0a', 'keyCompromise'),
        listed('0b', 'keyCompromise', 5),
        listed('1f', undefined, 6), // revoked since, unspecified
        listed('2e', 'certificateHold', 7), // on hold since
      ],
      [
        { serial: '0c', resumedAt: at(8) },
        { serial: '3d', resumedAt: at(9) }, // held and released since the base: a newer complete CRL may list it
      ],
      at(10),
    );
    expect(summary(entries)).toEqual([
      ['0b', 'keyCompromise'],
      ['0c', 'removeFromCRL'],
      ['0d', 'removeFromCRL'],
      ['1f', 'unspecified'],
      ['2e', 'certificateHold'],
      ['3d', 'removeFromCRL'],
    ]);
    expect(entries.find((e) => e.serialNumber[0] === 0x0c)?.revocationDate).toEqual(at(8));
    expect(entries.find((e) => e.serialNumber[0] === 0x0d)?.revocationDate).toEqual(at(10));
  });

  it('leading zeros and case do not make a listed certificate look new', () => {
    expect(
      deltaCrlEntries([base('00ff', 'certificateHold')], [listed('FF', 'certificateHold')], [], at(1)),
    ).toEqual([]);
  });
});

describe.each(backends)('delta CRLs on $name', (backend) => {
  let clock = T0;
  const opened = closedAfterEach();

  async function context(): Promise<{ ctx: AuthorityContext; cas: Authorities }> {
    const db = await backend.open();
    opened.push(db);
    clock = T0;
    return setUpTestAuthorities(db, { now: () => clock });
  }

  const issue = (ctx: AuthorityContext, cas: Authorities): Promise<CertificateSummary> =>
    issueIvanov(ctx, cas, 365);

  // Status changes as the CA service makes them, minus the CRL publication that follows each (its
  // outbox effect stays pending), so this test decides which complete and delta CRLs exist.
  const change = (
    ctx: AuthorityContext,
    serial: string,
    transition: 'revoke' | 'suspend' | 'resume',
    reason?: RevocationReason,
  ): Promise<void> =>
    ctx.db.transaction((tx) =>
      changeStatusInTransaction(
        tx,
        serial,
        transition,
        { actor: 'operator:1', ...(reason ? { reason } : {}) },
        clock,
      ),
    );

  it('revoke after the base → the delta lists it (removeFromCRL for a resumed one) → OpenSSL with -use_deltas says revoked', async () => {
    const { ctx, cas } = await context();
    const [early, held, late] = [await issue(ctx, cas), await issue(ctx, cas), await issue(ctx, cas)];
    await change(ctx, early.serial, 'revoke', 'keyCompromise');
    await change(ctx, held.serial, 'suspend');
    const base = await publishCrl(ctx, cas.issuing.id, { actor: 'system' });
    expect(base.number).toBe(1n);
    expect(base.delta).toMatchObject({ number: 2n, base: 1n });
    expect(parseCrl(base.delta.der).entries).toEqual([]);
    expect(parseCrl(base.der).extensions).toContainEqual({ oid: OID.freshestCrl, critical: false });

    clock = new Date(T0.getTime() + 60_000);
    await change(ctx, late.serial, 'revoke', 'superseded');
    await change(ctx, held.serial, 'resume');
    const delta = await publishDeltaCrl(ctx, cas.issuing.id, { actor: 'system' });
    const parsed = parseCrl(delta.der);
    expect(parsed.crlNumber).toBe(3n);
    expect(parsed.deltaCrlIndicator).toBe(1n);
    expect(parsed.extensions).toContainEqual({ oid: OID.deltaCrlIndicator, critical: true });
    expect(parsed.extensions.map((e) => e.oid)).not.toContain(OID.freshestCrl);
    expect(parsed.entries.map((e) => [e.serialNumberHex.replace(/^00/, ''), e.reason]).sort()).toEqual(
      [
        [late.serial, 'superseded'],
        [held.serial, 'removeFromCRL'],
      ].sort(),
    );
    expect(parsed.findEntry(early.serial)).toBeUndefined();
    expect((await latestDeltaCrl(ctx.db, cas.issuing.id))?.number).toBe(3n);
    expect((await latestCrl(ctx.db, cas.issuing.id))?.number).toBe(1n);

    // A newer complete CRL: its delta stays relative to the oldest current one.
    clock = new Date(T0.getTime() + 120_000);
    const newer = await publishCrl(ctx, cas.issuing.id, { actor: 'system' });
    expect(newer.number).toBe(4n);
    expect(newer.delta).toMatchObject({ number: 5n, base: 1n });

    const dir = tempDir();
    const lateDer = (await getCertificate(ctx.db, late.serial, clock)).der;
    writeFileSync(join(dir, 'root.pem'), pem('CERTIFICATE', cas.root.certificate));
    writeFileSync(join(dir, 'issuing.pem'), pem('CERTIFICATE', cas.issuing.certificate));
    writeFileSync(join(dir, 'late.pem'), pem('CERTIFICATE', lateDer));
    writeFileSync(join(dir, 'delta.der'), delta.der);
    writeFileSync(join(dir, 'base.pem'), pem('X509 CRL', base.der));
    writeFileSync(join(dir, 'base-delta.pem'), pem('X509 CRL', base.der) + pem('X509 CRL', delta.der));
    const cert = openssl(['x509', '-in', join(dir, 'late.pem'), '-noout', '-text']).stdout.toString();
    expect(cert).toMatch(
      /Freshest CRL:\s+Full Name:\s+URI:http:\/\/localhost:8080\/pki\/crl\/issuing-delta\.crl/,
    );
    const text = openssl(['crl', '-inform', 'DER', '-in', join(dir, 'delta.der'), '-noout', '-text']);
    expect(text.stdout.toString()).toMatch(/Delta CRL indicator: critical\s+1\s/i);
    expect(text.stdout.toString()).toContain('Remove From CRL');

    const verify = (crls: string): string => {
      try {
        return openssl([
          'verify',
          '-attime',
          String(Math.floor(clock.getTime() / 1000) + 60),
          '-CAfile',
          join(dir, 'root.pem'),
          '-untrusted',
          join(dir, 'issuing.pem'),
          '-crl_check',
          '-use_deltas',
          '-CRLfile',
          join(dir, crls),
          join(dir, 'late.pem'),
        ]).stdout.toString();
      } catch (error) {
        return String(error);
      }
    };
    // The base alone predates the revocation; with the delta OpenSSL sees it.
    expect(verify('base.pem')).toContain('late.pem: OK');
    expect(verify('base-delta.pem')).toContain('certificate revoked');
  });

  it('/pki/crl/<ca>-delta.crl serves the delta (publishing one on demand) and /pki/cas names it', async () => {
    const { ctx } = await context();
    const app = await buildPkiHttpApp(createLogger('silent'), { ca: ctx, ocsp: new OcspResponder(ctx) });
    try {
      const reply = await app.inject({ method: 'GET', url: '/pki/crl/infra-root-delta.crl' });
      expect(reply.statusCode).toBe(200);
      expect(reply.headers['content-type']).toBe('application/pkix-crl');
      const delta = parseCrl(new Uint8Array(reply.rawPayload));
      const complete = parseCrl(
        new Uint8Array((await app.inject({ method: 'GET', url: '/pki/crl/infra-root.crl' })).rawPayload),
      );
      expect(complete.deltaCrlIndicator).toBeUndefined();
      expect(delta.deltaCrlIndicator).toBe(complete.crlNumber);
      expect(delta.crlNumber).toBe((complete.crlNumber ?? 0n) + 1n);
      const missing = await app.inject({ method: 'GET', url: '/pki/crl/nope-delta.crl' });
      expect(missing.json()).toMatchObject({ code: 'CA_NOT_FOUND' });
      const listing = (await app.inject({ method: 'GET', url: '/pki/cas' })).json<
        { id: string; deltaCrlUrl: string }[]
      >();
      expect(listing.map((ca) => ca.deltaCrlUrl)).toEqual([
        'http://localhost:8080/pki/crl/root-delta.crl',
        'http://localhost:8080/pki/crl/issuing-delta.crl',
        'http://localhost:8080/pki/crl/infra-root-delta.crl',
      ]);
    } finally {
      await app.close();
    }
  });

  it('certificates issued now point to the delta CRL (freshestCRL)', async () => {
    const { ctx, cas } = await context();
    const issued = await issue(ctx, cas);
    const der = (await getCertificate(ctx.db, issued.serial, clock)).der;
    const extension = parseCertificate(der).asn1.tbsCertificate.extensions?.find(
      (e) => e.extnID === OID.freshestCrl,
    );
    expect(extension?.critical).toBe(false);
    expect(Buffer.from(extension?.extnValue.buffer ?? new ArrayBuffer(0)).toString('latin1')).toContain(
      'http://localhost:8080/pki/crl/issuing-delta.crl',
    );
  });
});
