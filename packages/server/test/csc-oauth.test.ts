import { randomBytes } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streebog256 } from '@podpis/gost';
import { opensslVerifyDigest } from '@podpis/testkit';
import type { AuthorityContext } from '../src/ca/authorities.js';
import type { Db } from '../src/db/db.js';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempDir } from '@podpis/testkit';
import { TEST_PIN, type TestApi } from './support/api.js';
import {
  CookieJar,
  discoverPlainHttp,
  insecure,
  REDIRECT_URI,
  registerOAuthClient,
  startOAuthServer,
  type OAuthServer,
} from './support/oauth.js';
import { opensslVerifyCms, pem } from './support/signing.js';
import { setUpTestAuthorities } from './support/authority.js';
import { backends } from './support/backends.js';

const STREEBOG_256 = '1.2.643.7.1.1.2.2';
const GOST_256_SIGN = '1.2.643.7.1.1.3.2';
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

describe.each(backends)(
  'CSC oauth2code over real HTTP on $name: the consent page authorises the signature, the access token signs without a SAD',
  (backend) => {
    let db: Db;
    let ctx: AuthorityContext;
    let api: TestApi;
    let base: string;
    let as: oauth.AuthorizationServer;
    let server: OAuthServer;
    let caFile: string;

    beforeAll(async () => {
      db = await backend.open();
      const authorities = await setUpTestAuthorities(db);
      ctx = authorities.ctx;
      caFile = join(tempDir('podpis-csc-oauth-'), 'ca.pem');
      writeFileSync(caFile, pem(authorities.cas.root.certificate) + pem(authorities.cas.issuing.certificate));
      server = await startOAuthServer(db, ctx);
      ({ api, base } = server);
      as = await discoverPlainHttp(base);
    }, 120_000);
    afterAll(async () => {
      await api.close();
      await db.close();
    });

    async function codeClient(name: string) {
      const { clientId, secret } = await registerOAuthClient(server, {
        name,
        redirectUris: [REDIRECT_URI],
        grantTypes: ['authorization_code'],
        scopes: ['service', 'credential'],
      });
      return {
        client: { client_id: clientId } as oauth.Client,
        auth: oauth.ClientSecretBasic(secret),
      };
    }

    /** A holder of a GOST key under TEST_PIN, signed in to the office. */
    async function holder(login: string) {
      const user = await api.registerUser(login);
      const issued = await api.issue(user.id, TEST_PIN);
      const session = await api.userSession(user);
      const { rows } = await db.query<{ key_id: string }>(
        'SELECT key_id FROM certificates WHERE serial = $1',
        [issued.serial],
      );
      return { user, serial: issued.serial, session, keyId: rows[0]!.key_id };
    }

    type Client = Awaited<ReturnType<typeof codeClient>>;

    /** PAR with the CSC credential details → the authorisation URL the browser opens. */
    async function pushed(
      client: Client,
      details: unknown[] | undefined,
      extra: Record<string, string> = {},
    ) {
      const verifier = oauth.generateRandomCodeVerifier();
      const state = oauth.generateRandomState();
      const answer = await oauth.processPushedAuthorizationResponse(
        as,
        client.client,
        await oauth.pushedAuthorizationRequest(
          as,
          client.client,
          client.auth,
          new URLSearchParams({
            redirect_uri: REDIRECT_URI,
            response_type: 'code',
            scope: 'service credential',
            state,
            code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
            code_challenge_method: 'S256',
            ...(details ? { authorization_details: JSON.stringify(details) } : {}),
            ...extra,
          }),
          insecure,
        ),
      );
      const url = new URL(as.authorization_endpoint!);
      url.searchParams.set('client_id', client.client.client_id);
      url.searchParams.set('request_uri', answer.request_uri);
      return { url, verifier, state };
    }

    /** The browser opens the request and lands on the consent page: its interaction cookie and uid. */
    async function openConsent(url: URL) {
      const jar = new CookieJar();
      const response = await fetch(url, { redirect: 'manual' });
      jar.take(response);
      expect(response.status, await response.clone().text()).toBe(303);
      const uid = new URL(response.headers.get('location')!, base).pathname.split('/').pop()!;
      const as = (session: Record<string, string>) => ({
        cookie: jar.header(session.cookie),
        'x-csrf-token': session['x-csrf-token']!,
      });
      return {
        uid,
        show: (session: Record<string, string>) =>
          fetch(`${base}/api/v1/oauth/interactions/${uid}`, { headers: as(session) }),
        answer: (session: Record<string, string>, body: Record<string, unknown>) =>
          fetch(`${base}/api/v1/oauth/interactions/${uid}/consent`, {
            method: 'POST',
            headers: { ...as(session), 'content-type': 'application/json' },
            body: JSON.stringify(body),
          }),
        /** Follows the answer's redirect back to the client; where the browser ends up. */
        async follow(answered: Response): Promise<URL> {
          expect(answered.status, await answered.clone().text()).toBe(200);
          let next = new URL(((await answered.json()) as { redirectTo: string }).redirectTo, base);
          for (let hops = 0; hops < 5 && next.origin === base; hops++) {
            const hop = await fetch(next, { redirect: 'manual', headers: { cookie: jar.header() } });
            jar.take(hop);
            next = new URL(hop.headers.get('location')!, base);
          }
          return next;
        },
      };
    }

    async function tokenOf(client: Client, callback: URL, state: string, verifier: string): Promise<string> {
      const params = oauth.validateAuthResponse(as, client.client, callback, state);
      const tokens = await oauth.processAuthorizationCodeResponse(
        as,
        client.client,
        await oauth.authorizationCodeGrantRequest(
          as,
          client.client,
          client.auth,
          params,
          REDIRECT_URI,
          verifier,
          insecure,
        ),
      );
      return tokens.access_token;
    }

    const csc = (method: string, token: string, body: Record<string, unknown>) =>
      fetch(`${base}/csc/v2/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const detailsFor = (serial: string, documents: Uint8Array[]) => [
      {
        type: 'credential',
        credentialID: serial,
        hashAlgorithmOID: STREEBOG_256,
        documentDigests: documents.map((d, i) => ({
          hash: b64(streebog256(d)),
          label: `Договор № ${i + 1}`,
        })),
      },
    ];

    const operationsOf = async (accountId: string) =>
      (
        await db.query<{ status: string }>('SELECT status FROM signing_operations WHERE account_id = $1', [
          accountId,
        ])
      ).rows.map((r) => r.status);

    it('PAR → consent with the key PIN (a wrong one refused, the request stays open) → token → signHash without a SAD, verified by OpenSSL; other hashes sign nothing; one-time', async () => {
      const client = await codeClient('ЭДО «Ромашка»');
      const { user, serial, session, keyId } = await holder('csc-oauth-1');
      const documents = [randomBytes(100), randomBytes(200)];
      const hashes = documents.map((d) => b64(streebog256(d)));
      const { url, verifier, state } = await pushed(client, detailsFor(serial, documents));
      const consent = await openConsent(url);

      const shown = await consent.show(session);
      expect(shown.status).toBe(200);
      const described = (await shown.json()) as { credentials: Record<string, unknown>[] };
      expect(described.credentials).toEqual([
        expect.objectContaining({ credentialID: serial, confirmation: 'pin' }),
      ]);

      const wrong = await consent.answer(session, { approve: true, pin: '00000000' });
      expect(wrong.status).toBe(403);
      expect(await wrong.json()).toMatchObject({ code: 'KEY_PIN_WRONG' });
      const none = await db.query(
        'SELECT 1 FROM remote_authorizations WHERE oauth_grant_id IS NOT NULL AND account_id = $1',
        [user.id],
      );
      expect(none.rows).toHaveLength(0);

      const callback = await consent.follow(
        await consent.answer(session, { approve: true, pin: TEST_PIN.pin }),
      );
      const token = await tokenOf(client, callback, state, verifier);
      const { rows } = await db.query<{ sealed_secret: Uint8Array; oauth_client_id: string }>(
        'SELECT sealed_secret, oauth_client_id FROM remote_authorizations WHERE account_id = $1',
        [user.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.oauth_client_id).toBe(client.client.client_id);

      const info = await csc('credentials/info', token, { credentialID: serial });
      expect(info.status).toBe(200);
      expect(await info.json()).toMatchObject({ authMode: 'oauth2code' });

      const other = await csc('signatures/signHash', token, {
        credentialID: serial,
        hashes: [hashes[1], hashes[0]],
        hashAlgorithmOID: STREEBOG_256,
        signAlgo: GOST_256_SIGN,
      });
      expect(other.status).toBe(400);
      expect(await other.json()).toMatchObject({ error: 'invalid_request' });
      expect(await operationsOf(user.id)).toEqual(['awaiting_confirmation']);

      const signed = await csc('signatures/signHash', token, {
        credentialID: serial,
        hashes,
        hashAlgorithmOID: STREEBOG_256,
        signAlgo: GOST_256_SIGN,
      });
      expect(signed.status, await signed.clone().text()).toBe(200);
      const { signatures } = (await signed.json()) as { signatures: string[] };
      const publicKey = await ctx.keyStore.publicKey({ id: keyId });
      for (const [i, signature] of signatures.entries()) {
        expect(
          opensslVerifyDigest(publicKey, documents[i]!, Buffer.from(signature, 'base64'), ['-md_gost12_256']),
        ).toContain('Verified OK');
      }
      expect(await operationsOf(user.id)).toEqual(['completed']);

      const again = await csc('signatures/signHash', token, {
        credentialID: serial,
        hashes,
        signAlgo: GOST_256_SIGN,
      });
      expect(again.status).toBe(400);
      expect(await again.json()).toMatchObject({ error: 'invalid_request' });

      const audit = await db.query<{ action: string }>(
        `SELECT action FROM audit_log WHERE action IN ('signing.authorize', 'signing.authorize_oauth', 'oauth.consent.approve')`,
      );
      expect(audit.rows.map((r) => r.action)).toEqual(
        expect.arrayContaining(['signing.authorize', 'signing.authorize_oauth', 'oauth.consent.approve']),
      );
    });

    it("another user's session cannot approve the holder's signature; denied consent ends with access_denied and authorises nothing", async () => {
      const client = await codeClient('ЭДО «Лютик»');
      const owner = await holder('csc-oauth-owner');
      const stranger = await holder('csc-oauth-stranger');
      const { url, state } = await pushed(client, detailsFor(owner.serial, [randomBytes(10)]));
      const consent = await openConsent(url);

      const shown = (await (await consent.show(stranger.session)).json()) as { credentials: unknown[] };
      expect(shown.credentials).toEqual([]);
      const approved = await consent.answer(stranger.session, { approve: true, pin: TEST_PIN.pin });
      expect(approved.status).toBe(404);
      expect(await approved.json()).toMatchObject({ code: 'CERT_NOT_FOUND' });
      expect(await operationsOf(owner.user.id)).toEqual([]);
      expect(await operationsOf(stranger.user.id)).toEqual([]);

      const callback = await consent.follow(await consent.answer(owner.session, { approve: false }));
      expect(callback.searchParams.get('error')).toBe('access_denied');
      expect(callback.searchParams.get('state')).toBe(state);
      expect(await operationsOf(owner.user.id)).toEqual([]);
    });

    it('a token of another grant (another client, or a request without credential details) signs nothing without a SAD', async () => {
      const first = await codeClient('ЭДО «Первое»');
      const second = await codeClient('ЭДО «Второе»');
      const { user, serial, session } = await holder('csc-oauth-two');
      const documents = [randomBytes(30)];
      const hashes = documents.map((d) => b64(streebog256(d)));

      const withDetails = await pushed(first, detailsFor(serial, documents));
      const consentOne = await openConsent(withDetails.url);
      await tokenOf(
        first,
        await consentOne.follow(await consentOne.answer(session, { approve: true, pin: TEST_PIN.pin })),
        withDetails.state,
        withDetails.verifier,
      );

      const plain = await pushed(second, undefined);
      const consentTwo = await openConsent(plain.url);
      const secondToken = await tokenOf(
        second,
        await consentTwo.follow(await consentTwo.answer(session, { approve: true })),
        plain.state,
        plain.verifier,
      );
      const refused = await csc('signatures/signHash', secondToken, {
        credentialID: serial,
        hashes,
        signAlgo: GOST_256_SIGN,
      });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: 'invalid_request' });
      expect(await operationsOf(user.id)).toEqual(['awaiting_confirmation']);
    });

    it('signDoc with the oauth2code token and no SAD: a CAdES detached signature OpenSSL verifies with the document', async () => {
      const client = await codeClient('ЭДО «Ромашка» CAdES');
      const { serial, session } = await holder('csc-oauth-signdoc');
      const documents = [randomBytes(500)];
      const { url, verifier, state } = await pushed(client, detailsFor(serial, documents));
      const consent = await openConsent(url);
      const callback = await consent.follow(
        await consent.answer(session, { approve: true, pin: TEST_PIN.pin }),
      );
      const token = await tokenOf(client, callback, state, verifier);
      const signed = await csc('signatures/signDoc', token, {
        credentialID: serial,
        documentDigests: [
          {
            hashes: documents.map((d) => b64(streebog256(d))),
            hashAlgorithmOID: STREEBOG_256,
            signature_format: 'C',
            conformance_level: 'Ades-B-B',
            signed_envelope_property: 'Detached',
          },
        ],
      });
      expect(signed.status, await signed.clone().text()).toBe(200);
      const [cms] = ((await signed.json()) as { SignatureObject: string[] }).SignatureObject;
      const { stderr } = opensslVerifyCms(caFile, Buffer.from(cms!, 'base64'), documents[0]);
      expect(stderr).toContain('Verification successful');
    });

    it('the CSC scope form (scope=credential with credentialID, numSignatures, hashes, hashAlgorithmOID) authorises like authorization_details: signDoc of a whole document without a SAD', async () => {
      const client = await codeClient('ЭДО «Ромашка» scope');
      const { serial, session, user } = await holder('csc-oauth-scope-form');
      const documents = [randomBytes(300), randomBytes(30)];
      const form = {
        credentialID: serial,
        numSignatures: '2',
        hashes: documents.map((d) => Buffer.from(streebog256(d)).toString('base64url')).join(','),
        hashAlgorithmOID: STREEBOG_256,
      };
      // A half-given or inconsistent form is refused when the request is made.
      for (const bad of [{ ...form, numSignatures: '3' }, { credentialID: serial }]) {
        await expect(pushed(client, undefined, bad)).rejects.toMatchObject({
          error: 'invalid_request',
        });
      }
      await expect(pushed(client, detailsFor(serial, documents), form)).rejects.toMatchObject({
        error: 'invalid_request',
      });

      const { url, verifier, state } = await pushed(client, undefined, form);
      const consent = await openConsent(url);
      const shown = (await (await consent.show(session)).json()) as {
        authorizationDetails: { credentialID: string; documentDigests: unknown[] }[];
        credentials: { credentialID: string }[];
      };
      expect(shown.authorizationDetails).toEqual([
        expect.objectContaining({ credentialID: serial, documentDigests: expect.any(Array) as unknown }),
      ]);
      expect(shown.authorizationDetails[0]!.documentDigests).toHaveLength(2);
      expect(shown.credentials).toEqual([expect.objectContaining({ credentialID: serial })]);
      const callback = await consent.follow(
        await consent.answer(session, { approve: true, pin: TEST_PIN.pin }),
      );
      const token = await tokenOf(client, callback, state, verifier);
      const signed = await csc('signatures/signDoc', token, {
        credentialID: serial,
        documents: documents.map((d) => ({
          document: b64(d),
          signature_format: 'C',
          signed_envelope_property: 'Detached',
        })),
      });
      expect(signed.status, await signed.clone().text()).toBe(200);
      const signatures = ((await signed.json()) as { SignatureObject: string[] }).SignatureObject;
      expect(signatures).toHaveLength(2);
      for (const [i, cms] of signatures.entries()) {
        const { stderr } = opensslVerifyCms(caFile, Buffer.from(cms, 'base64'), documents[i]);
        expect(stderr).toContain('Verification successful');
      }
      expect(await operationsOf(user.id)).toEqual(['completed']);
    });
  },
);
