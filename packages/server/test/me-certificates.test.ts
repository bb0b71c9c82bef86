import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../src/ca/audit-signer.js';
import type { AuthorityContext } from '../src/ca/authorities.js';

import type { Db } from '../src/db/db.js';

import { KeyStoreError } from '../src/keystore/index.js';
import { TEST_PIN, TestApi } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import { activateWithPin, expectKeySignsFor } from './support/keys.js';
import { openTestPglite } from './support/backends.js';

const PIN = TEST_PIN;

describe("a user's certificates over HTTP: API-token scopes, key PIN changes audited in their transaction", () => {
  let db: Db;
  let ctx: AuthorityContext;
  let api: TestApi;

  beforeAll(async () => {
    db = await openTestPglite();
    ({ ctx } = await setUpTestAuthorities(db, { algorithm: 'ecdsa' }));
    api = await TestApi.start(ctx);
  }, 120_000);
  afterAll(async () => {
    await api.close();
    await db.close();
  });

  async function keyOf(serial: string): Promise<{ id: string }> {
    const { rows } = await db.query<{ key_id: string }>('SELECT key_id FROM certificates WHERE serial = $1', [
      serial,
    ]);
    return { id: rows[0]!.key_id };
  }

  /** Makes the audit log refuse records of `action`, as a full disk or a broken trigger would. */
  async function failAuditOf(action: string): Promise<() => Promise<void>> {
    await db.exec(`
      CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit log unavailable'; END $$;
      CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log
        FOR EACH ROW WHEN (NEW.action = '${action}') EXECUTE FUNCTION test_refuse_audit();`);
    return () => db.exec('DROP TRIGGER test_refuse_audit ON audit_log; DROP FUNCTION test_refuse_audit();');
  }

  it('a token does what its scopes allow and nothing else: 403 INSUFFICIENT_SCOPE names the missing one', async () => {
    const user = await api.registerUser('scoped');
    const issued = await api.issue(user.id, { ...PIN, keySpec: 'ecdsa-p256' });
    const session = await api.userSession(user);
    const createToken = (scopes: string[]) =>
      api.app.inject({
        method: 'POST',
        url: '/api/v1/session/tokens',
        headers: session,
        payload: { name: `edo ${scopes.join(' ')}`, scopes },
      });
    const unknown = await createToken(['sign']);
    expect(unknown.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const bearer = async (scopes: string[]) => {
      const created = await createToken(scopes);
      expect(created.statusCode, created.body).toBe(201);
      return { authorization: `Bearer ${created.json<{ token: string }>().token}` };
    };
    const reader = await bearer(['certificates:read']);
    const pinChanger = await bearer(['keys:pin']);
    const list = '/api/v1/me/certificates';
    const pinUrl = `/api/v1/me/certificates/${issued.serial}/pin`;

    expect((await api.app.inject({ method: 'GET', url: list, headers: reader })).statusCode).toBe(200);
    for (const url of [`${list}/${issued.serial}`, `${list}/${issued.serial}/download`]) {
      expect((await api.app.inject({ method: 'GET', url, headers: reader })).statusCode).toBe(200);
      expect((await api.app.inject({ method: 'GET', url, headers: pinChanger })).json()).toMatchObject({
        status: 403,
        code: 'INSUFFICIENT_SCOPE',
        requiredScope: 'certificates:read',
      });
    }
    const changePinWith = (headers: Record<string, string>) =>
      api.app.inject({
        method: 'POST',
        url: pinUrl,
        headers,
        payload: { oldPin: PIN.pin, newPin: 'by-token-1' },
      });
    expect((await changePinWith(reader)).json()).toMatchObject({
      status: 403,
      code: 'INSUFFICIENT_SCOPE',
      requiredScope: 'keys:pin',
    });
    const byPinChanger = await changePinWith(pinChanger);
    expect(byPinChanger.statusCode, byPinChanger.body).toBe(204);

    // Who the token belongs to needs no scope; the browser session is not limited by scopes.
    expect(
      (await api.app.inject({ method: 'GET', url: '/api/v1/session', headers: pinChanger })).json(),
    ).toMatchObject({ method: 'token', scopes: ['keys:pin'] });
    expect((await api.app.inject({ method: 'GET', url: list, headers: session })).statusCode).toBe(200);

    const openapi = (await api.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { description?: string }>>;
    }>();
    expect(openapi.paths['/api/v1/me/certificates']?.get?.description).toContain('`certificates:read`');
    expect(openapi.paths['/api/v1/me/certificates/{serial}/pin']?.post?.description).toContain('`keys:pin`');
  });

  it('a PIN change whose audit record cannot be written changes nothing: the old PIN still opens the key', async () => {
    const user = await api.registerUser('audited');
    const issued = await api.issue(user.id, { ...PIN, keySpec: 'ecdsa-p256' });
    const headers = await api.userSession(user);
    const key = await keyOf(issued.serial);
    const pinUrl = `/api/v1/me/certificates/${issued.serial}/pin`;

    const restore = await failAuditOf('key.pin_change');
    try {
      const refused = await api.app.inject({
        method: 'POST',
        url: pinUrl,
        headers,
        payload: { oldPin: PIN.pin, newPin: 'never-set-1' },
      });
      expect(refused.json()).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    } finally {
      await restore();
    }
    await expectKeySignsFor(ctx, issued.serial, PIN.pin);

    // A wrong PIN is counted only together with its record.
    const restoreFailed = await failAuditOf('key.pin_change_failed');
    try {
      const wrong = await api.app.inject({
        method: 'POST',
        url: pinUrl,
        headers,
        payload: { oldPin: '00000000', newPin: 'never-set-1' },
      });
      expect(wrong.json()).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    } finally {
      await restoreFailed();
    }
    const counter = await db.query<{ failed_attempts: number }>(
      'SELECT failed_attempts FROM stored_keys WHERE id = $1',
      [key.id],
    );
    expect(counter.rows).toEqual([{ failed_attempts: 0 }]);
    const recorded = await db.query<{ action: string }>('SELECT action FROM audit_log WHERE target = $1', [
      `key:${key.id}`,
    ]);
    // Only the signature that showed the old PIN still opens the key.
    expect(recorded.rows.map((r) => r.action)).toEqual(['key.sign']);
  });

  it('an unlock whose audit record cannot be written leaves the key locked', async () => {
    const user = await api.registerUser('locked');
    const issued = await api.issue(user.id, { ...PIN, keySpec: 'ecdsa-p256' });
    const key = await keyOf(issued.serial);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await expect(activateWithPin(ctx.keyStore, key, '00000000')).rejects.toMatchObject({
        code: 'KEY_PIN_WRONG',
      });
    }
    const unlockUrl = `/api/v1/certificates/${issued.serial}/unlock-key`;

    const restore = await failAuditOf('key.unlock');
    try {
      expect((await api.operatorPost(unlockUrl)).json()).toMatchObject({
        status: 500,
        code: 'INTERNAL_ERROR',
      });
    } finally {
      await restore();
    }
    const stillLocked = await activateWithPin(ctx.keyStore, key, PIN.pin).catch((error: unknown) => error);
    expect(stillLocked).toBeInstanceOf(KeyStoreError);
    expect(stillLocked).toMatchObject({ code: 'KEY_LOCKED' });

    expect((await api.operatorPost(unlockUrl)).statusCode).toBe(204);
    await expectKeySignsFor(ctx, issued.serial, PIN.pin);
    const recorded = await db.query<{ action: string }>('SELECT action FROM audit_log WHERE target = $1', [
      `key:${key.id}`,
    ]);
    expect(recorded.rows.map((r) => r.action)).toEqual(['key.unlock', 'key.sign']);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true });
  });
});
