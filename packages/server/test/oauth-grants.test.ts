import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorityContext } from '../src/ca/authorities.js';
import type { Db } from '../src/db/db.js';
import { setUpTestAuthorities } from './support/authority.js';
import { backends } from './support/backends.js';
import { insecure, OAuthFlow, REDIRECT_URI } from './support/oauth-flow.js';

describe.each(backends)(
  'the applications a user allowed on $name (GET/DELETE /me/oauth-grants)',
  (backend) => {
    let db: Db;
    let ctx: AuthorityContext;
    let flow: OAuthFlow;

    beforeAll(async () => {
      db = await backend.open();
      ({ ctx } = await setUpTestAuthorities(db, { algorithm: 'ecdsa' }));
      flow = await OAuthFlow.start(db, ctx);
    }, 120_000);
    afterAll(async () => {
      await flow.close();
      await db.close();
    });

    it('lists the allowed application; revoking it stops its access and refresh tokens at once, audited', async () => {
      const client = await flow.registerClient({
        name: 'ЭДО «Ромашка»',
        redirectUris: [REDIRECT_URI],
        grantTypes: ['authorization_code', 'refresh_token'],
        scopes: ['openid', 'offline_access', 'certificates:read'],
      });
      const user = await flow.api.registerUser('grants-user');
      const session = await flow.api.userSession(user);
      const stranger = await flow.api.userSession(await flow.api.registerUser('grants-stranger'));
      const tokens = await flow.consent(client, session, 'openid offline_access certificates:read');
      const bearer = { authorization: `Bearer ${tokens.access_token}` };
      expect((await fetch(`${flow.base}/api/v1/me/certificates`, { headers: bearer })).status).toBe(200);

      const listed = await flow.api.app.inject({
        method: 'GET',
        url: '/api/v1/me/oauth-grants',
        headers: session,
      });
      expect(listed.statusCode, listed.body).toBe(200);
      const [application, ...more] = listed.json<Record<string, unknown>[]>();
      expect(more).toEqual([]);
      expect(application).toMatchObject({
        clientId: client.clientId,
        clientName: 'ЭДО «Ромашка»',
        authorizationDetails: 0,
      });
      expect(application!.scopes).toEqual(
        expect.arrayContaining(['openid', 'offline_access', 'certificates:read']),
      );
      expect(Date.parse(application!.grantedAt as string)).toBeLessThanOrEqual(Date.now());
      expect(application!.lastUsedAt).not.toBeNull();
      const grantId = application!.id as string;

      // Nobody else sees or revokes it; an application's own token manages no grants.
      const theirs = await flow.api.app.inject({
        method: 'GET',
        url: '/api/v1/me/oauth-grants',
        headers: stranger,
      });
      expect(theirs.json()).toEqual([]);
      const foreign = await flow.api.app.inject({
        method: 'DELETE',
        url: `/api/v1/me/oauth-grants/${grantId}`,
        headers: stranger,
      });
      expect(foreign.json()).toMatchObject({ status: 404, code: 'OAUTH_GRANT_NOT_FOUND' });
      const byToken = await fetch(`${flow.base}/api/v1/me/oauth-grants`, { headers: bearer });
      expect(byToken.status).toBe(403);

      const revoked = await flow.api.app.inject({
        method: 'DELETE',
        url: `/api/v1/me/oauth-grants/${grantId}`,
        headers: session,
      });
      expect(revoked.statusCode, revoked.body).toBe(204);
      const after = await fetch(`${flow.base}/api/v1/me/certificates`, { headers: bearer });
      expect(after.status).toBe(401);
      expect(await after.json()).toMatchObject({ code: 'INVALID_TOKEN' });
      const refreshed = await oauth.refreshTokenGrantRequest(
        flow.as,
        { client_id: client.clientId },
        oauth.ClientSecretBasic(client.secret),
        tokens.refresh_token!,
        insecure,
      );
      expect(await refreshed.json()).toMatchObject({ error: 'invalid_grant' });
      expect(
        (
          await flow.api.app.inject({ method: 'GET', url: '/api/v1/me/oauth-grants', headers: session })
        ).json(),
      ).toEqual([]);
      const again = await flow.api.app.inject({
        method: 'DELETE',
        url: `/api/v1/me/oauth-grants/${grantId}`,
        headers: session,
      });
      expect(again.statusCode).toBe(404);
      const { rows } = await db.query<{ actor: string; details: { clientId: string } }>(
        `SELECT actor, details FROM audit_log WHERE action = 'oauth.grant.revoke' AND target = $1`,
        [`oauth-grant:${grantId}`],
      );
      expect(rows).toEqual([
        {
          actor: `user:${user.id}`,
          details: expect.objectContaining({ clientId: client.clientId }) as unknown,
        },
      ]);
    });
  },
);
