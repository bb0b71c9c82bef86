/**
 * Conformance end to end from the client's side: a Podpis server started
 * over HTTPS, an OAuth client registered by an administrator, and then only
 * what a signature application written from the CSC API v2 specification
 * does — OAuth 2.0 code + PKCE S256, the user's consent, the token, info,
 * credentials/list, credentials/info, credentials/authorize with the PIN,
 * signatures/signHash — and the PAdES signature assembled here, around the
 * raw signature, with @podpis/sdk/cms. Poppler's pdfsig and qpdf judge the
 * PDF. Nothing on the client's side imports the server.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PDFArray,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFString,
  StandardFonts,
} from '@cantoo/pdf-lib';
import { sha256 } from '@noble/hashes/sha2.js';
import { tempDir } from '@podpis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeTlsFetch, type Fetch } from '@podpis/sdk';
import { prepareCmsSignature } from '@podpis/sdk/cms';
import {
  authorizationCode,
  createPkce,
  createState,
  CscClient,
  CscError,
  CscOAuth,
  discover,
  type AuthorizationRequest,
} from '@podpis/sdk/csc';
// The server's side of the test: starting it, an administrator, a user with a certificate.
import { issueTlsServerCertificate } from '../../server/src/ca/tls-certificates.js';
import type { Db } from '../../server/src/db/db.js';
import { TEST_PIN, type TestApi } from '../../server/test/support/api.js';
import {
  CookieJar,
  REDIRECT_URI,
  registerOAuthClient,
  startOAuthServer,
} from '../../server/test/support/oauth.js';
import { setUpTestAuthorities } from '../../server/test/support/authority.js';
import { openTestPglite } from '../../server/test/support/backends.js';

const SHA256 = '2.16.840.1.101.3.4.2.1';
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
/** Bytes reserved for the CMS in /Contents: the chain, the signer info, room to spare. */
const CONTENTS_BYTES = 12_288;

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/**
 * A one-page PDF with an empty signature field whose dictionary has a
 * /ByteRange placeholder and a zero-filled /Contents (ISO 32000-1 §12.8.1,
 * PAdES SubFilter ETSI.CAdES.detached) → the file, the ByteRange, and its digest.
 */
async function pdfWithPlaceholder(): Promise<{ pdf: Uint8Array; byteRange: number[]; digest: Uint8Array }> {
  const doc = await PDFDocument.create();
  doc.setProducer('podpis sdk csc-e2e');
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText('Supply contract No. 7, signed remotely through the CSC API v2', {
    x: 50,
    y: 780,
    size: 12,
    font,
  });
  const placeholder = PDFName.of('**********');
  const byteRange = PDFArray.withContext(doc.context);
  byteRange.push(PDFNumber.of(0));
  byteRange.push(placeholder);
  byteRange.push(placeholder);
  byteRange.push(placeholder);
  const signature = doc.context.register(
    doc.context.obj({
      Type: 'Sig',
      Filter: 'Adobe.PPKLite',
      SubFilter: 'ETSI.CAdES.detached',
      ByteRange: byteRange,
      Contents: PDFHexString.of('0'.repeat(CONTENTS_BYTES * 2)),
      Reason: PDFString.of('Agreed'),
      M: PDFString.fromDate(new Date()),
    }),
  );
  const widget = doc.context.register(
    doc.context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      Rect: [0, 0, 0, 0],
      V: signature,
      T: PDFString.of('Signature1'),
      F: 4,
      P: page.ref,
    }),
  );
  page.node.set(PDFName.of('Annots'), doc.context.obj([widget]));
  doc.catalog.set(PDFName.of('AcroForm'), doc.context.obj({ Fields: [widget], SigFlags: 3 }));
  const saved = await doc.save({ useObjectStreams: false });

  const text = Buffer.from(saved).toString('latin1');
  const contents = text.indexOf(`<${'0'.repeat(CONTENTS_BYTES * 2)}>`);
  const rangeAt = text.search(/\/ByteRange\s*\[/);
  expect(contents).toBeGreaterThan(0);
  expect(rangeAt).toBeGreaterThan(0);
  const rangeEnd = text.indexOf(']', rangeAt) + 1;
  const afterContents = contents + CONTENTS_BYTES * 2 + 2;
  const ranges = [0, contents, afterContents, saved.length - afterContents];
  const written = `/ByteRange [${ranges.join(' ')}]`;
  const pdf = Buffer.from(
    text.slice(0, rangeAt) + written.padEnd(rangeEnd - rangeAt, ' ') + text.slice(rangeEnd),
    'latin1',
  );
  const digest = sha256(Buffer.concat([pdf.subarray(0, contents), pdf.subarray(afterContents)]));
  return { pdf: new Uint8Array(pdf), byteRange: ranges, digest };
}

/** The CMS written into the placeholder, in hex, zero-padded. */
function embed(pdf: Uint8Array, byteRange: number[], cms: Uint8Array): Uint8Array {
  const hex = Buffer.from(cms).toString('hex');
  expect(hex.length).toBeLessThanOrEqual(CONTENTS_BYTES * 2);
  const out = Buffer.from(pdf);
  out.write(hex.padEnd(CONTENTS_BYTES * 2, '0'), byteRange[1]! + 1, 'latin1');
  return new Uint8Array(out);
}

describe('a CSC API v2 client written from the specification, against a running Podpis server (OAuth 2.0, HTTPS), assembling PAdES itself', () => {
  let db: Db;
  let api: TestApi;
  let dir: string;
  let base: string;
  let tlsCa: string;
  let browser: Fetch;
  let session: Record<string, string>;
  let clientId: string;
  let clientSecret: string;

  beforeAll(async () => {
    dir = tempDir('podpis-csc-e2e-');
    db = await openTestPglite();
    const { ctx } = await setUpTestAuthorities(db, { algorithm: 'ecdsa' });
    const tls = await issueTlsServerCertificate(ctx, ['localhost', '127.0.0.1'], 'system');
    const server = await startOAuthServer(db, ctx, {
      tls: { cert: tls.certificatePem, key: tls.keyPem, source: 'test' },
    });
    ({ api, base } = server);
    tlsCa = tls.caCertificatePem;
    // The user's browser: trusts the installation's TLS CA, follows no redirect by itself.
    browser = await nodeTlsFetch({ ca: tlsCa });

    // An administrator registers the signature application.
    ({ clientId, secret: clientSecret } = await registerOAuthClient(server, {
      name: 'Signature application',
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code'],
      scopes: ['service', 'credential'],
      // The CSC specification's examples authenticate with client_secret in the form.
      authMethod: 'client_secret_post',
    }));

    // A certificate holder with an ECDSA P-256 key (pdfsig's NSS does not do GOST), signed in to the office.
    const user = await api.registerUser('csc-e2e');
    await api.issue(user.id, { ...TEST_PIN, keySpec: 'ecdsa-p256' });
    session = await api.userSession(user);
  }, 120_000);

  afterAll(async () => {
    await api.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * The user's part in the browser: the authorisation URL → the office's
   * consent page (its REST API with the user's session) → approve → the
   * redirect back to the application, whose URL is returned.
   */
  async function consent(
    authorizeUrl: string,
    inspect?: (shown: Record<string, unknown>) => void,
    pin?: string,
  ) {
    const jar = new CookieJar();
    let response = await browser(new Request(authorizeUrl));
    jar.take(response);
    expect(response.status, await response.clone().text()).toBe(303);
    const page = new URL(response.headers.get('location')!, base);
    expect(page.pathname).toMatch(/^\/oauth\/consent\//);
    const uid = page.pathname.split('/').pop()!;
    const headers = { cookie: jar.header(session.cookie), 'x-csrf-token': session['x-csrf-token']! };
    const shown = await browser(new Request(`${base}/api/v1/oauth/interactions/${uid}`, { headers }));
    expect(shown.status, await shown.clone().text()).toBe(200);
    inspect?.((await shown.json()) as Record<string, unknown>);
    const answered = await browser(
      new Request(`${base}/api/v1/oauth/interactions/${uid}/consent`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        // A credential's documents are authorised with the key PIN on the consent page itself (oauth2code).
        body: JSON.stringify(pin === undefined ? { approve: true } : { approve: true, pin }),
      }),
    );
    expect(answered.status, await answered.clone().text()).toBe(200);
    let next = new URL(((await answered.json()) as { redirectTo: string }).redirectTo, base);
    for (let hops = 0; hops < 5 && next.origin === base; hops++) {
      response = await browser(new Request(next, { headers: { cookie: jar.header() } }));
      jar.take(response);
      expect([302, 303], await response.clone().text()).toContain(response.status);
      next = new URL(response.headers.get('location')!, base);
    }
    expect(next.origin + next.pathname).toBe(REDIRECT_URI);
    return next;
  }

  /** Code + PKCE S256 → consent → the token, through the SDK's OAuth helpers only. */
  async function accessToken(
    oauth: CscOAuth,
    request: Omit<AuthorizationRequest, 'redirectUri' | 'codeChallenge' | 'state'>,
    options: { pushed?: boolean; inspect?: (shown: Record<string, unknown>) => void; pin?: string } = {},
  ) {
    const pkce = createPkce();
    const state = createState();
    const full = { ...request, redirectUri: REDIRECT_URI, codeChallenge: pkce.challenge, state };
    const url = options.pushed
      ? (await oauth.pushAuthorizationRequest(full)).authorizeUrl
      : oauth.authorizeUrl(full);
    const redirect = await consent(url, options.inspect, options.pin);
    const code = authorizationCode(redirect, state);
    return oauth.exchangeCode({ code, redirectUri: REDIRECT_URI, codeVerifier: pkce.verifier });
  }

  it('OAuth code + PKCE → info → credentials/list → credentials/info → authorize (PIN) → signHash → a PAdES signature assembled here that pdfsig and qpdf accept', async () => {
    // info needs no token and tells where the authorisation server is.
    const anonymous = new CscClient({ baseUrl: `${base}/csc/v2`, tls: { ca: tlsCa } });
    const info = await anonymous.info({ lang: 'en-US' });
    expect(info.specs).toMatch(/^2\./);
    expect(info.authType).toEqual(expect.arrayContaining(['oauth2code']));
    expect(info.methods).toEqual(
      expect.arrayContaining([
        'credentials/list',
        'credentials/info',
        'credentials/authorize',
        'signatures/signHash',
      ]),
    );
    expect(info.signAlgorithms?.algos).toContain(ECDSA_WITH_SHA256);

    // The endpoints, both ways the specification gives: {oauth2}/oauth2/… and the issuer's RFC 8414 metadata.
    const oauth = new CscOAuth({
      server: info.oauth2!,
      clientId,
      clientSecret,
      authMethod: 'post',
      tls: { ca: tlsCa },
    });
    const metadata = await discover(info.oauth2Issuer!, { tls: { ca: tlsCa } });
    expect(metadata.token_endpoint).toBe(oauth.endpoints.token_endpoint);

    // Scope service: which credentials, which key and certificate.
    const service = await accessToken(oauth, { scope: 'service' });
    expect(service.token_type.toLowerCase()).toBe('bearer');
    expect(service.scope).toBe('service');
    const withService = new CscClient({
      baseUrl: `${base}/csc/v2`,
      accessToken: service.access_token,
      tls: { ca: tlsCa },
    });
    const list = await withService.credentialsList({ credentialInfo: true, certificates: 'chain' });
    expect(list.credentialIDs).toHaveLength(1);
    const credentialID = list.credentialIDs[0]!;
    const credential = await withService.credentialsInfo({
      credentialID,
      certificates: 'chain',
      certInfo: true,
    });
    expect(credential.key.status).toBe('enabled');
    expect(credential.key.algo).toContain(ECDSA_WITH_SHA256);
    // To an OAuth token the credential is authorised through OAuth (the consent page); to an API token, explicitly.
    expect(credential.auth?.mode).toBe('oauth2code');
    expect(credential.auth?.objects?.map((o) => o.id)).toContain('PIN');
    expect(credential.cert?.status).toBe('valid');
    const [certificate, ...chain] = (credential.cert?.certificates ?? []).map((c) =>
      Buffer.from(c, 'base64'),
    );
    expect(certificate).toBeDefined();
    expect(chain.length).toBeGreaterThanOrEqual(1);
    // A service token does not sign.
    await expect(
      withService.credentialsAuthorize({ credentialID, numSignatures: 1, hashes: [b64(new Uint8Array(32))] }),
    ).rejects.toMatchObject({ status: 403 });

    // The document: a PDF with its placeholder; the CMS signed attributes over its ByteRange.
    const { pdf, byteRange, digest: contentDigest } = await pdfWithPlaceholder();
    const cms = prepareCmsSignature({
      contentDigest,
      digestAlgorithm: SHA256,
      certificate: certificate!,
      chain,
    });
    const hash = b64(cms.digest);

    // Scope credential, pushed (RFC 9126), with the hash in authorization_details: the user sees what they sign.
    const credentialToken = await accessToken(
      oauth,
      {
        scope: 'credential',
        authorizationDetails: [
          {
            type: 'credential',
            credentialID,
            documentDigests: [{ hash, label: 'contract.pdf' }],
            hashAlgorithmOID: SHA256,
          },
        ],
      },
      {
        pushed: true,
        pin: TEST_PIN.pin,
        inspect: (shown) => {
          expect(shown.authorizationDetails).toEqual([
            expect.objectContaining({ credentialID, documentDigests: [{ hash, label: 'contract.pdf' }] }),
          ]);
        },
      },
    );
    const signer = new CscClient({
      baseUrl: `${base}/csc/v2`,
      accessToken: () => credentialToken.access_token,
      tls: { ca: tlsCa },
    });
    // A wrong PIN is refused in the CSC error format.
    const refused = await signer
      .credentialsAuthorize({
        credentialID,
        numSignatures: 1,
        hashes: [hash],
        hashAlgorithmOID: SHA256,
        authData: [{ id: 'PIN', value: '00000000' }],
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CscError);
    expect((refused as CscError).status).toBe(400);
    expect((refused as CscError).error).toMatch(/^invalid_/);

    // A PIN key needs nobody else: the SAD comes at once, without a handle to wait on.
    const { SAD, expiresIn } = await signer.authorizeAndWait({
      credentialID,
      numSignatures: 1,
      hashes: [hash],
      hashAlgorithmOID: SHA256,
      authData: [{ id: 'PIN', value: TEST_PIN.pin }],
    });
    expect(expiresIn).toBeGreaterThan(0);
    const signed = await signer.signHash({
      credentialID,
      SAD,
      hashes: [hash],
      hashAlgorithmOID: SHA256,
      signAlgo: ECDSA_WITH_SHA256,
    });
    expect(signed.signatures).toHaveLength(1);
    // The SAD was for once.
    await expect(
      signer.signHash({
        credentialID,
        SAD,
        hashes: [hash],
        hashAlgorithmOID: SHA256,
        signAlgo: ECDSA_WITH_SHA256,
      }),
    ).rejects.toBeInstanceOf(CscError);

    // PAdES: the CMS around the raw signature, into /Contents.
    const signedPdf = embed(
      pdf,
      byteRange,
      cms.complete(Buffer.from(signed.signatures![0]!, 'base64'), ECDSA_WITH_SHA256),
    );
    const file = join(dir, 'contract-signed.pdf');
    writeFileSync(file, signedPdf);

    const pdfsig = spawnSync('pdfsig', [file], { encoding: 'utf8' });
    const report = `${pdfsig.stdout}${pdfsig.stderr}`;
    expect(report).toMatch(/Signature Validation: Signature is Valid\./);
    expect(report).toMatch(/Signature Type: ETSI\.CAdES\.detached/);
    expect(report).toMatch(/Signed Ranges: \[0 - \d+\], \[\d+ - \d+\]/);
    expect(report).toMatch(/Total document signed/);
    expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toMatch(
      /No syntax or stream encoding errors/,
    );

    // The same file changed by one byte after signing: pdfsig says so.
    const tampered = Buffer.from(signedPdf);
    const at = tampered.indexOf('(Agreed)');
    expect(at).toBeGreaterThan(0);
    tampered[at + 6] = 'f'.charCodeAt(0);
    const tamperedFile = join(dir, 'tampered.pdf');
    writeFileSync(tamperedFile, tampered);
    const second = spawnSync('pdfsig', [tamperedFile], { encoding: 'utf8' });
    expect(`${second.stdout}${second.stderr}`).not.toMatch(/Signature is Valid\./);
  }, 120_000);
});
