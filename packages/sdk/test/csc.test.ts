import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  authorizationCode,
  codeChallenge,
  createPkce,
  CscClient,
  CscError,
  CscOAuth,
  discover,
  type CredentialAuthorizationDetails,
} from '@podpis/sdk/csc';

/** A request the local service received. */
interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A stand-in remote signing service that answers each method with the CSC
 * API v2 specification's example response, and records what it was sent.
 */
type Answer = { status: number; body?: unknown; contentType?: string };
const answers = new Map<string, Answer>();
/** Answers given once each, in order, before those of `answers`. */
const sequences = new Map<string, Answer[]>();
const received: Received[] = [];
let server: Server;
let base: string;

const CREDENTIAL = 'GX0112348';
const SAD = '_TiHRG-bAH3XlFQZ3ndFhkXf9P24/CKN69L8gdSYp5_pw';
const ACCESS_TOKEN = '4/CKN69L8gdSYp5_pwH3XlFQZ3ndFhkXf9P2_TiHRG-bA';
const HASHES = [
  'sTOgwOm+474gFj0q0x1iSNspKqbcse4IeiqlDg/HWuI=',
  'c1RPZ3dPbSs0NzRnRmowcTB4MWlTTnNwS3FiY3NlNEllaXFsRGcvSFd1ST0=',
];
const SHA256 = '2.16.840.1.101.3.4.2.1';
const RSA = '1.2.840.113549.1.1.1';

const last = (): Received => received.at(-1)!;
const lastJson = (): unknown => JSON.parse(last().body);
const lastForm = (): Record<string, string> => Object.fromEntries(new URLSearchParams(last().body));

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = new URL(request.url!, 'http://x').pathname;
      received.push({
        method: request.method!,
        path,
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const answer = sequences.get(path)?.shift() ??
        answers.get(path) ?? {
          status: 404,
          body: { error: 'invalid_request', error_description: 'unknown method' },
        };
      if (answer.body === undefined) {
        response.writeHead(answer.status).end();
        return;
      }
      response
        .writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' })
        .end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
});

beforeEach(() => {
  answers.clear();
  sequences.clear();
  received.length = 0;
});

describe('the CSC API v2 client against the specification’s examples', () => {
  const csc = (): CscClient => new CscClient({ baseUrl: `${base}/csc/v2/`, accessToken: ACCESS_TOKEN });

  it('info: POST {lang} without a token; the service description as sent', async () => {
    const info = {
      specs: '2.0.0.0',
      name: 'ACME Trust Services',
      logo: 'https://service.domain.org/images/logo.png',
      region: 'IT',
      lang: 'en-US',
      description: 'An efficient remote signature service',
      authType: ['basic', 'oauth2code'],
      oauth2: 'https://www.domain.org/',
      methods: [
        'auth/login',
        'auth/revoke',
        'credentials/list',
        'credentials/info',
        'credentials/authorize',
        'credentials/sendOTP',
        'signatures/signHash',
      ],
    };
    answers.set('/csc/v2/info', { status: 200, body: info });
    expect(await csc().info({ lang: 'en-US' })).toEqual(info);
    expect(last()).toMatchObject({ method: 'POST', path: '/csc/v2/info' });
    expect(last().headers.authorization).toBeUndefined();
    expect(last().headers['content-type']).toBe('application/json');
    expect(lastJson()).toEqual({ lang: 'en-US' });
  });

  it('credentials/list and credentials/info: the request members as the examples write them, the bearer token, the answers typed', async () => {
    answers.set('/csc/v2/credentials/list', {
      status: 200,
      body: { credentialIDs: [CREDENTIAL, 'HX0224685'] },
    });
    const list = await csc().credentialsList({
      credentialInfo: false,
      certificates: 'chain',
      certInfo: true,
      authInfo: true,
      onlyValid: true,
      lang: 'en-US',
      clientData: '12345678',
    });
    expect(list.credentialIDs).toEqual([CREDENTIAL, 'HX0224685']);
    expect(last().headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(lastJson()).toEqual({
      credentialInfo: false,
      certificates: 'chain',
      certInfo: true,
      authInfo: true,
      onlyValid: true,
      lang: 'en-US',
      clientData: '12345678',
    });

    const credential = {
      key: { status: 'enabled', algo: [RSA, '0.4.0.127.0.7.1.1.4.1.3'], len: 2048 },
      cert: {
        status: 'valid',
        certificates: [
          '<Base64-encoded_X.509_end_entity_certificate>',
          '<Base64-encoded_X.509_intermediate_CA_certificate>',
        ],
        issuerDN: '<X.500_issuer_DN_printable_string>',
        serialNumber: '5AAC41CD8FA22B953640',
        subjectDN: '<X.500_subject_DN_printable_string>',
        validFrom: '20200101100000Z',
        validTo: '20230101095959Z',
      },
      auth: {
        mode: 'explicit',
        expression: 'PIN AND OTP',
        objects: [
          {
            type: 'Password',
            id: 'PIN',
            format: 'N',
            label: 'PIN',
            description: 'Please enter the signature PIN',
          },
          {
            type: 'Password',
            id: 'OTP',
            format: 'N',
            generator: 'totp',
            label: 'Mobile OTP',
            description: 'Please enter the 6 digit code you received by SMS',
          },
        ],
      },
      multisign: 5,
      lang: 'en-US',
    };
    answers.set('/csc/v2/credentials/info', { status: 200, body: credential });
    const info = await csc().credentialsInfo({
      credentialID: CREDENTIAL,
      certificates: 'chain',
      certInfo: true,
      authInfo: true,
    });
    expect(info.auth?.objects?.map((o) => o.id)).toEqual(['PIN', 'OTP']);
    expect(info.key.algo).toContain(RSA);
    expect(lastJson()).toEqual({
      credentialID: CREDENTIAL,
      certificates: 'chain',
      certInfo: true,
      authInfo: true,
    });
  });

  it('sendOTP, credentials/authorize, extendTransaction, signHash, signDoc and timestamp send the examples’ requests and read their answers', async () => {
    answers.set('/csc/v2/credentials/sendOTP', { status: 200 });
    await csc().sendOTP({ credentialID: CREDENTIAL, clientData: '12345678' });
    expect(lastJson()).toEqual({ credentialID: CREDENTIAL, clientData: '12345678' });

    answers.set('/csc/v2/credentials/authorize', { status: 200, body: { SAD, expiresIn: 3600 } });
    const authorized = await csc().credentialsAuthorize({
      credentialID: CREDENTIAL,
      numSignatures: 2,
      hashes: HASHES,
      hashAlgorithmOID: SHA256,
      authData: [
        { id: 'PIN', value: '12345678' },
        { id: 'OTP', value: '738496' },
      ],
      description: 'This is an example description',
      clientData: '12345678',
    });
    expect(authorized).toEqual({ SAD, expiresIn: 3600 });
    expect(last().path).toBe('/csc/v2/credentials/authorize');
    expect(lastJson()).toEqual({
      credentialID: CREDENTIAL,
      numSignatures: 2,
      hashes: HASHES,
      hashAlgorithmOID: SHA256,
      authData: [
        { id: 'PIN', value: '12345678' },
        { id: 'OTP', value: '738496' },
      ],
      description: 'This is an example description',
      clientData: '12345678',
    });

    const extended = '1/UsHDJ98349h9fgh9348hKKHDkHWVkl/8hsAW5usc8_5=';
    answers.set('/csc/v2/credentials/extendTransaction', {
      status: 200,
      body: { SAD: extended, expiresIn: 3600 },
    });
    expect(
      (await csc().extendTransaction({ credentialID: CREDENTIAL, SAD, clientData: '12345678' })).SAD,
    ).toBe(extended);
    expect(lastJson()).toEqual({ credentialID: CREDENTIAL, SAD, clientData: '12345678' });

    const signatures = [
      'KedJuTob5gtvYx9qM3k3gm7kbLBwVbEQRl26S2tmXjqNND7MRGtoew==',
      'Idhef7xzgtvYx9qM3k3gm7kbLBwVbE98239S2tm8hUh85KKsfdowel==',
    ];
    answers.set('/csc/v2/signatures/signHash', { status: 200, body: { signatures } });
    const signHash = {
      credentialID: CREDENTIAL,
      SAD,
      hashes: HASHES,
      hashAlgorithmOID: SHA256,
      signAlgo: RSA,
      clientData: '12345678',
    };
    expect((await csc().signHash(signHash)).signatures).toEqual(signatures);
    expect(last().path).toBe('/csc/v2/signatures/signHash');
    expect(lastJson()).toEqual(signHash);

    answers.set('/csc/v2/signatures/signDoc', {
      status: 200,
      body: { SignatureObject: ['MIIGCSqGSIb3DQEHAqCC…'] },
    });
    const signDoc = {
      credentialID: CREDENTIAL,
      SAD,
      documentDigests: [
        {
          hashes: [HASHES[0]!],
          hashAlgorithmOID: SHA256,
          signature_format: 'C',
          conformance_level: 'AdES-B-T',
          signAlgo: RSA,
        },
      ],
      clientData: '12345678',
    };
    expect((await csc().signDoc(signDoc)).SignatureObject).toHaveLength(1);
    expect(lastJson()).toEqual(signDoc);

    answers.set('/csc/v2/signatures/timestamp', {
      status: 200,
      body: { timestamp: 'MGwCAQEGCSsGAQQB7U8CATAxMA0GCWCGSAFlAwQCAQUABCCK' },
    });
    const stamp = await csc().timestamp({
      hash: HASHES[0]!,
      hashAlgorithmOID: SHA256,
      nonce: '10',
      clientData: '12345678',
    });
    expect(stamp.timestamp).toMatch(/^MGwC/);
    expect(lastJson()).toEqual({
      hash: HASHES[0],
      hashAlgorithmOID: SHA256,
      nonce: '10',
      clientData: '12345678',
    });
  });

  it('authorizeAndWait: a 202 {handle} is polled with credentials/authorizeCheck until the SAD; a decline is the CscError; too long is timeout; getChallenge reads 204 and 200', async () => {
    const csc = new CscClient({ baseUrl: `${base}/csc/v2`, accessToken: ACCESS_TOKEN });
    const request = { credentialID: CREDENTIAL, numSignatures: 2, hashes: HASHES, hashAlgorithmOID: SHA256 };
    const handle = '878287f37b2bv293bv2bv237bv297bvbv';
    answers.set('/csc/v2/credentials/authorize', { status: 202, body: { handle } });
    sequences.set('/csc/v2/credentials/authorizeCheck', [
      { status: 202, body: { handle } },
      { status: 202, body: { handle } },
      { status: 200, body: { SAD } },
    ]);
    expect(await csc.authorizeAndWait(request, { intervalMs: 5 })).toEqual({ SAD });
    expect(received.map((r) => r.path)).toEqual([
      '/csc/v2/credentials/authorize',
      '/csc/v2/credentials/authorizeCheck',
      '/csc/v2/credentials/authorizeCheck',
      '/csc/v2/credentials/authorizeCheck',
    ]);
    expect(lastJson()).toEqual({ handle });
    expect(last().headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);

    answers.set('/csc/v2/credentials/authorizeCheck', {
      status: 403,
      body: { error: 'access_denied', error_description: 'declined on the device' },
    });
    const declined = await csc.authorizeAndWait(request, { intervalMs: 5 }).catch((e: unknown) => e);
    expect(declined).toBeInstanceOf(CscError);
    expect(declined).toMatchObject({ status: 403, error: 'access_denied' });

    answers.set('/csc/v2/credentials/authorizeCheck', { status: 202, body: { handle } });
    const late = await csc
      .authorizeAndWait(request, { intervalMs: 5, timeoutMs: 40 })
      .catch((e: unknown) => e);
    expect(late).toMatchObject({ status: 0, error: 'timeout' });

    answers.set('/csc/v2/credentials/authorize', { status: 200, body: { SAD, expiresIn: 300 } });
    received.length = 0;
    expect(await csc.authorizeAndWait(request)).toEqual({ SAD, expiresIn: 300 });
    expect(received).toHaveLength(1);

    answers.set('/csc/v2/credentials/getChallenge', { status: 204 });
    expect(await csc.getChallenge({ credentialID: CREDENTIAL, authObjectID: 'OTP' })).toEqual({});
    expect(lastJson()).toEqual({ credentialID: CREDENTIAL, authObjectID: 'OTP' });
    answers.set('/csc/v2/credentials/getChallenge', {
      status: 200,
      body: { challenge: "What's your mother's birth name?" },
    });
    expect(await csc.getChallenge({ credentialID: CREDENTIAL, authObjectID: 'fallback question' })).toEqual({
      challenge: "What's your mother's birth name?",
    });
  });

  it('an error answer {error, error_description} is a CscError with the status; a non-JSON one is http_<status>', async () => {
    answers.set('/csc/v2/signatures/signHash', {
      status: 400,
      body: {
        error: 'invalid_request',
        error_description:
          'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.',
      },
    });
    const error = await csc()
      .signHash({ credentialID: CREDENTIAL, hashes: [], signAlgo: RSA })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CscError);
    expect(error).toMatchObject({ status: 400, error: 'invalid_request' });
    expect((error as CscError).errorDescription).toMatch(/missing a required parameter/);

    answers.set('/csc/v2/credentials/list', {
      status: 502,
      body: '<html>bad gateway</html>',
      contentType: 'text/html',
    });
    expect(
      await csc()
        .credentialsList()
        .catch((e: unknown) => e),
    ).toMatchObject({ status: 502, error: 'http_502' });

    const nobody = new CscClient({ baseUrl: 'http://127.0.0.1:1/csc/v2' });
    expect(await nobody.info().catch((e: unknown) => e)).toMatchObject({ status: 0, error: 'network_error' });
  });
});

describe('OAuth 2.0 for the CSC flow: PKCE S256, authorization details, PAR, tokens', () => {
  const details: CredentialAuthorizationDetails[] = [
    {
      type: 'credential',
      credentialID: CREDENTIAL,
      documentDigests: [{ hash: HASHES[0]!, label: 'Example Contract' }],
      hashAlgorithmOID: SHA256,
    },
  ];
  const oauth = (authMethod: 'post' | 'basic' = 'post'): CscOAuth =>
    new CscOAuth({ server: `${base}/`, clientId: 'some-client_id', clientSecret: 'Se cr=t&', authMethod });

  it('PKCE: the S256 challenge of RFC 7636 appendix B, fresh verifiers of 43 unreserved characters, a short verifier refused', () => {
    expect(codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    const a = createPkce();
    const b = createPkce();
    expect(a.verifier).toMatch(/^[A-Za-z0-9\-_]{43}$/);
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.challenge).toBe(codeChallenge(a.verifier));
    expect(a.method).toBe('S256');
    expect(() => codeChallenge('too-short')).toThrow(CscError);
  });

  it('builds the authorize URL: code, client, redirect, scope=credential, S256 challenge, state and authorization_details of type credential', () => {
    const pkce = createPkce();
    const url = new URL(
      oauth().authorizeUrl({
        redirectUri: 'https://client.example.org/cb',
        scope: 'credential',
        codeChallenge: pkce.challenge,
        state: '12345678',
        authorizationDetails: details,
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(`${base}/oauth2/authorize`);
    const query = Object.fromEntries(url.searchParams);
    expect(query).toEqual({
      response_type: 'code',
      client_id: 'some-client_id',
      redirect_uri: 'https://client.example.org/cb',
      scope: 'credential',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      state: '12345678',
      authorization_details: JSON.stringify(details),
    });
    expect(JSON.parse(query.authorization_details!)).toEqual(details);
  });

  it('PAR: pushes the request with the client’s secret, then the authorize URL carries only client_id and request_uri (RFC 9126)', async () => {
    const requestUri = 'urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c';
    answers.set('/oauth2/pushed_authorize', {
      status: 201,
      body: { request_uri: requestUri, expires_in: 60 },
    });
    const pkce = createPkce();
    const pushed = await oauth().pushAuthorizationRequest({
      redirectUri: 'https://client.example.org/cb',
      scope: 'credential',
      codeChallenge: pkce.challenge,
      state: 'af0ifjsldkj',
      authorizationDetails: details,
    });
    expect(last()).toMatchObject({ method: 'POST', path: '/oauth2/pushed_authorize' });
    expect(last().headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(lastForm()).toEqual({
      response_type: 'code',
      client_id: 'some-client_id',
      client_secret: 'Se cr=t&',
      redirect_uri: 'https://client.example.org/cb',
      scope: 'credential',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      state: 'af0ifjsldkj',
      authorization_details: JSON.stringify(details),
    });
    expect(pushed.request_uri).toBe(requestUri);
    const url = new URL(pushed.authorizeUrl);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'some-client_id',
      request_uri: requestUri,
    });
  });

  it('reads the redirect: its code, a forged state refused, an error answer as CscError', () => {
    expect(
      authorizationCode('https://client.example.org/cb?code=FhkXf9P269L8g&state=12345678', '12345678'),
    ).toBe('FhkXf9P269L8g');
    expect(() => authorizationCode('https://client.example.org/cb?code=x&state=other', '12345678')).toThrow(
      /state_mismatch/,
    );
    expect(() =>
      authorizationCode('https://client.example.org/cb?error=access_denied&error_description=no', 'x'),
    ).toThrow(/access_denied/);
  });

  it('exchanges the code with the verifier (client_secret_post), and the client credentials with HTTP Basic; an invalid_grant is a CscError', async () => {
    const token = {
      access_token: ACCESS_TOKEN,
      refresh_token: '_TiHRG-bA H3XlFQZ3ndFhkXf9P24/CKN69L8gdSYp5_pw',
      token_type: 'Bearer',
      expires_in: 3600,
      credentialID: CREDENTIAL,
    };
    answers.set('/oauth2/token', { status: 200, body: token });
    const pkce = createPkce();
    expect(
      await oauth().exchangeCode({
        code: 'FhkXf9P269L8g',
        redirectUri: 'https://client.example.org/cb',
        codeVerifier: pkce.verifier,
      }),
    ).toEqual(token);
    expect(lastForm()).toEqual({
      grant_type: 'authorization_code',
      code: 'FhkXf9P269L8g',
      redirect_uri: 'https://client.example.org/cb',
      code_verifier: pkce.verifier,
      client_id: 'some-client_id',
      client_secret: 'Se cr=t&',
    });
    expect(last().headers.authorization).toBeUndefined();

    await oauth('basic').clientCredentials('service');
    expect(lastForm()).toEqual({ grant_type: 'client_credentials', scope: 'service' });
    // RFC 6749 §2.3.1: id and secret form-urlencoded, then Basic.
    expect(last().headers.authorization).toBe(
      `Basic ${Buffer.from('some-client_id:Se%20cr%3Dt%26').toString('base64')}`,
    );

    answers.set('/oauth2/token', {
      status: 400,
      body: { error: 'invalid_grant', error_description: 'code expired' },
    });
    expect(
      await oauth()
        .refresh('r')
        .catch((e: unknown) => e),
    ).toMatchObject({ status: 400, error: 'invalid_grant', errorDescription: 'code expired' });
  });

  it('discovers the endpoints from the authorization server’s metadata (RFC 8414)', async () => {
    const metadata = {
      issuer: base,
      authorization_endpoint: `${base}/auth`,
      token_endpoint: `${base}/token`,
      pushed_authorization_request_endpoint: `${base}/par`,
    };
    answers.set('/.well-known/oauth-authorization-server', { status: 200, body: metadata });
    const endpoints = await discover(base);
    expect(endpoints.token_endpoint).toBe(`${base}/token`);
    const client = new CscOAuth({ server: endpoints, clientId: 'c' });
    expect(
      client.authorizeUrl({
        redirectUri: 'https://c/cb',
        scope: 'service',
        codeChallenge: createPkce().challenge,
      }),
    ).toMatch(new RegExp(`^${base}/auth\\?`));
  });
});
