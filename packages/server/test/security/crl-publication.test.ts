import { parseCrl } from '@podpis/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueClientCertificate } from '../../src/ca/tls-certificates.js';
import { latestCrl, latestDeltaCrl, publishCrl } from '../../src/ca/crls.js';
import { carryOutCaEffects, enqueueCrlPublication } from '../../src/ca/crl-effects.js';
import { registerOperator } from '../../src/people/accounts.js';
import { staffWithCertificate, TestApi } from '../support/api.js';
import { setUpTestAuthorities } from '../support/authority.js';
import type { Db } from '../../src/db/db.js';
import type { AuthorityContext } from '../../src/ca/authorities.js';
import type { Authorities } from '../../src/ca/setup.js';
import { openTestPglite } from '../support/backends.js';

const plain = (serial: string) => serial.toLowerCase().replace(/^0+/, '');
const serials = (der: Uint8Array) => parseCrl(der).entries.map((entry) => plain(entry.serialNumberHex));

describe('every revocation reaches the CRLs, and a complete CRL never goes out without its delta (issue #14, 5–6)', () => {
  let db: Db;
  let ctx: AuthorityContext;
  let cas: Authorities;
  let api: TestApi;
  let admin: Record<string, string>;
  beforeAll(async () => {
    db = await openTestPglite();
    ({ ctx, cas } = await setUpTestAuthorities(db));
    api = await TestApi.start(ctx);
    const { der } = await staffWithCertificate(db, 'admin');
    admin = { 'x-test-client-certificate': Buffer.from(der).toString('base64') };
  }, 120_000);
  afterAll(async () => {
    await api.app.close();
    await db.close();
  });

  it("revoking an operator's client certificate republishes the infrastructure CA's CRL and delta", async () => {
    const operator = await registerOperator(
      db,
      { login: 'crl-operator', role: 'operator' },
      { actor: 'system' },
    );
    const bundle = await issueClientCertificate(ctx, { id: operator.id, login: 'crl-operator' }, 'system');
    const revoked = await api.app.inject({
      method: 'POST',
      url: `/api/v1/operators/${operator.id}/client-certificate/${bundle.serial}/revoke`,
      headers: admin,
      payload: {},
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const infrastructure = cas.infrastructureRoot.id;
    const served = await api.app.inject({ method: 'GET', url: `/pki/crl/${infrastructure}.crl` });
    expect(served.statusCode).toBe(200);
    expect(serials(served.rawPayload)).toContain(plain(bundle.serial));
    const delta = await api.app.inject({ method: 'GET', url: `/pki/crl/${infrastructure}-delta.crl` });
    // Its delta came with it: the complete CRL it is relative to already lists the certificate.
    expect(parseCrl(delta.rawPayload).crlNumber).toBe(parseCrl(served.rawPayload).crlNumber! + 1n);
  });

  it('the CA overview shows the CRL as published — its number and entries read from it — and a publication still pending', async () => {
    const infrastructure = cas.infrastructureRoot.id;
    const overview = async () => {
      const answer = await api.app.inject({ method: 'GET', url: '/api/v1/ca', headers: admin });
      expect(answer.statusCode, answer.body).toBe(200);
      const { authorities } = answer.json<{
        authorities: { id: string; crl: { number: string; entries: number; publicationPending: boolean } }[];
      }>();
      return authorities.find((authority) => authority.id === infrastructure)!.crl;
    };
    const published = (await latestCrl(db, infrastructure))!;
    expect(await overview()).toMatchObject({
      number: published.number.toString(),
      entries: parseCrl(published.der).entries.length,
      publicationPending: false,
    });

    // A revocation whose CRL is not out yet (the publication failed, the outbox retries): the database
    // has one more revoked certificate, the published CRL does not list it, and the page says so.
    const operator = await registerOperator(
      db,
      { login: 'crl-pending', role: 'operator' },
      { actor: 'system' },
    );
    const bundle = await issueClientCertificate(ctx, { id: operator.id, login: 'crl-pending' }, 'system');
    await db.transaction(async (tx) => {
      await tx.query(`UPDATE certificates SET status = 'revoked', revoked_at = now() WHERE serial = $1`, [
        bundle.serial.toLowerCase(),
      ]);
      await enqueueCrlPublication(tx, infrastructure, 'system');
    });
    expect(await overview()).toMatchObject({
      number: published.number.toString(),
      entries: parseCrl(published.der).entries.length,
      publicationPending: true,
    });
    await carryOutCaEffects(ctx, infrastructure);
    const next = (await latestCrl(db, infrastructure))!;
    expect(serials(next.der)).toContain(plain(bundle.serial));
    expect(await overview()).toMatchObject({
      number: next.number.toString(),
      entries: parseCrl(next.der).entries.length,
      publicationPending: false,
    });
  });

  it('a complete CRL and its delta are published in one transaction: a failure of the delta leaves neither', async () => {
    const caId = cas.issuing.id;
    await publishCrl(ctx, caId, { actor: 'system' });
    const before = { complete: await latestCrl(db, caId), delta: await latestDeltaCrl(db, caId) };
    const { rows } = await db.query<{ crl_number: string }>(
      'SELECT crl_number::text FROM certificate_authorities WHERE id = $1',
      [caId],
    );
    // The delta's INSERT fails: a crash between the two statements, as the probe made it.
    await db.query(
      `CREATE FUNCTION refuse_delta() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN IF NEW.delta_base IS NOT NULL THEN RAISE EXCEPTION 'delta refused'; END IF; RETURN NEW; END $$`,
    );
    await db.query(
      'CREATE TRIGGER refuse_delta BEFORE INSERT ON crls FOR EACH ROW EXECUTE FUNCTION refuse_delta()',
    );
    try {
      await expect(publishCrl(ctx, caId, { actor: 'system' })).rejects.toThrow(/delta refused/);
    } finally {
      await db.query('DROP TRIGGER refuse_delta ON crls');
      await db.query('DROP FUNCTION refuse_delta()');
    }
    expect((await latestCrl(db, caId))?.number).toBe(before.complete?.number);
    expect((await latestDeltaCrl(db, caId))?.number).toBe(before.delta?.number);
    const { rows: after } = await db.query<{ crl_number: string }>(
      'SELECT crl_number::text FROM certificate_authorities WHERE id = $1',
      [caId],
    );
    expect(after[0]!.crl_number).toBe(rows[0]!.crl_number);
  });

  it('a delta older than the newest complete CRL (left by an older version) is replaced when served', async () => {
    const caId = cas.issuing.id;
    const published = await publishCrl(ctx, caId, { actor: 'system' });
    await db.query('DELETE FROM crls WHERE ca_id = $1 AND number = $2', [
      caId,
      published.delta.number.toString(),
    ]);
    const served = await api.app.inject({ method: 'GET', url: `/pki/crl/${caId}-delta.crl` });
    expect(served.statusCode).toBe(200);
    const delta = parseCrl(served.rawPayload);
    expect(delta.crlNumber! > published.number).toBe(true);
  });
});
