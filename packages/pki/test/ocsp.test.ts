import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openssl, opensslCheckOcsp, tempDir } from '@podpis/testkit';
import {
  certIdIssuedBy,
  certIdMatches,
  certIdOf,
  createCertId,
  createOcspErrorResponse,
  createOcspRequest,
  createOcspResponse,
  generateSoftwareKey,
  keyIdentifier,
  OID,
  parseCertificate,
  parseOcspRequest,
  parseOcspResponse,
  PkiError,
  sameCertId,
  verifyOcspResponseSignature,
  type CertIdHash,
  type KeySpec,
  type OcspBasicResponseInfo,
  type OcspCertStatus,
  type OcspResponseInfo,
} from '@podpis/pki';
import { issueParty, type Party } from './support/cms-pki.js';
import { pem } from './support/pem.js';

const NOW = new Date();
const HOUR = 3600_000;
const DAY = 24 * HOUR;

interface Pki {
  ca: Party;
  user: Party;
  responder: Party;
}

/** The delegated responder's signed answer about the user's certificate, good for a day, with no nonce. */
async function delegatedAnswer(pki: Pki, status: OcspCertStatus): Promise<Uint8Array> {
  return createOcspResponse({
    responder: pki.responder.key.signer,
    responderId: { byKey: await keyIdentifier(pki.responder.key.signer.publicKeyInfo) },
    producedAt: NOW,
    responses: [
      {
        certId: await certIdOf(pki.user.der, pki.ca.der),
        status,
        thisUpdate: NOW,
        nextUpdate: new Date(NOW.getTime() + DAY),
      },
    ],
    certificates: [pki.responder.der],
  });
}

async function makePki(spec: KeySpec): Promise<Pki> {
  const ca = await issueParty(spec, 'Тестовый УЦ', undefined, { serial: [0x01] });
  const user = await issueParty(spec, 'Иванов Иван', ca, {
    serial: [0x8f, 0x10, 0x01],
    extensions: { extendedKeyUsage: [OID.clientAuth] },
  });
  const responder = await issueParty(spec, 'OCSP-служба', ca, {
    serial: [0x02, 0x20],
    extensions: { extendedKeyUsage: [OID.ocspSigning], ocspNoCheck: true },
  });
  return { ca, user, responder };
}

function successful(info: OcspResponseInfo): OcspBasicResponseInfo {
  if (info.status !== 'successful') throw new Error(`response status ${info.status}`);
  return info;
}

/** Writes ca.pem, user.pem, responder.pem into a fresh directory. */
function writePki(pki: Pki): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'ca.pem'), pem('CERTIFICATE', pki.ca.der));
  writeFileSync(join(dir, 'user.pem'), pem('CERTIFICATE', pki.user.der));
  writeFileSync(join(dir, 'responder.pem'), pem('CERTIFICATE', pki.responder.der));
  return dir;
}

/** The request `openssl ocsp` makes, with `options`, for the user's certificate in `dir`; also left in req.der there. */
function opensslRequest(dir: string, options: readonly string[] = []): Uint8Array {
  const file = join(dir, 'req.der');
  openssl([
    'ocsp',
    ...options,
    '-issuer',
    join(dir, 'ca.pem'),
    '-cert',
    join(dir, 'user.pem'),
    '-reqout',
    file,
  ]);
  return new Uint8Array(readFileSync(file));
}

const SPECS: { label: string; spec: KeySpec }[] = [
  { label: 'GOST-256', spec: { type: 'gost', paramSet: OID.gost3410_2012_256_paramSetB } },
  { label: 'RSA', spec: { type: 'rsa', modulusLength: 2048 } },
  { label: 'ECDSA', spec: { type: 'ecdsa', curve: 'P-256' } },
];

describe.each(SPECS)('$label responder', ({ spec }) => {
  let pki: Pki;
  beforeAll(async () => {
    pki = await makePki(spec);
  });

  it('answers good, revoked with a reason and unknown; the client reads them back and checks the signature', async () => {
    const userId = await certIdOf(pki.user.der, pki.ca.der);
    const otherId = await createCertId(pki.ca.der, '4242', 'sha256');
    const strangerId = await createCertId(pki.ca.der, '0999', 'streebog256');
    const nonce = Uint8Array.from({ length: 32 }, (_, i) => i);
    const revokedAt = new Date(NOW.getTime() - 2 * HOUR);
    const der = await createOcspResponse({
      responder: pki.responder.key.signer,
      responderId: { byKey: await keyIdentifier(pki.responder.key.signer.publicKeyInfo) },
      producedAt: NOW,
      responses: [
        { certId: userId, status: 'good', thisUpdate: NOW, nextUpdate: new Date(NOW.getTime() + DAY) },
        {
          certId: otherId,
          status: { revoked: { time: revokedAt, reason: 'keyCompromise' } },
          thisUpdate: NOW,
        },
        { certId: strangerId, status: 'unknown', thisUpdate: NOW },
      ],
      nonce,
      certificates: [pki.responder.der],
    });
    const response = successful(parseOcspResponse(der));
    const second = 1000 * Math.floor(NOW.getTime() / 1000);
    expect(response.producedAt.getTime()).toBe(second);
    expect(response.responderId).toEqual({
      byKey: await keyIdentifier(pki.responder.key.signer.publicKeyInfo),
    });
    expect(response.nonce).toEqual(nonce);
    expect(response.certificates).toEqual([pki.responder.der]);
    expect(response.responses.map((r) => r.status)).toEqual([
      'good',
      { revoked: { time: new Date(1000 * Math.floor(revokedAt.getTime() / 1000)), reason: 'keyCompromise' } },
      'unknown',
    ]);
    expect(response.responses[0]?.nextUpdate?.getTime()).toBe(second + DAY);
    expect(response.responses[1]?.nextUpdate).toBeUndefined();
    expect(response.responses.map((r) => r.certId.hashAlgorithm)).toEqual([
      OID.sha1,
      OID.sha256,
      OID.streebog256,
    ]);
    expect(sameCertId(response.responses[0]!.certId, userId)).toBe(true);
    expect(await certIdMatches(response.responses[0]!.certId, pki.ca.der, '008f1001')).toBe(true);
    const responderSpki = parseCertificate(response.certificates[0]!).asn1.tbsCertificate
      .subjectPublicKeyInfo;
    expect(await verifyOcspResponseSignature(response, responderSpki)).toBe(true);
    expect(await verifyOcspResponseSignature(response, pki.ca.key.signer.publicKeyInfo)).toBe(false);

    const tampered = der.slice();
    tampered[tampered.length - pki.responder.der.length - 10]! ^= 0x01;
    expect(await verifyOcspResponseSignature(parseOcspResponse(tampered), responderSpki)).toBe(false);
  });

  it('OpenSSL verifies a delegated responder’s answer against the CA and prints the status and reason', async () => {
    const dir = writePki(pki);
    const revoked = await delegatedAnswer(pki, {
      revoked: { time: new Date(NOW.getTime() - HOUR), reason: 'cessationOfOperation' },
    });
    writeFileSync(join(dir, 'resp.der'), revoked);
    const args = [
      '-CAfile',
      join(dir, 'ca.pem'),
      '-issuer',
      join(dir, 'ca.pem'),
      '-cert',
      join(dir, 'user.pem'),
    ];
    const result = openssl(['ocsp', '-respin', join(dir, 'resp.der'), ...args, '-no_nonce']);
    expect(result.stderr).toContain('Response verify OK');
    expect(result.stdout.toString()).toContain('user.pem: revoked');
    expect(result.stdout.toString()).toContain('Reason: cessationOfOperation');
  });

  it('OpenSSL accepts the CA itself as responder, named byName, with SHA-256 CertID and an echoed nonce', async () => {
    const dir = writePki(pki);
    const request = parseOcspRequest(opensslRequest(dir, ['-sha256']));
    expect(request.nonce, 'OpenSSL draws a 16-byte nonce').toHaveLength(16);
    const der = await createOcspResponse({
      responder: pki.ca.key.signer,
      responderId: { byName: parseCertificate(pki.ca.der).asn1.tbsCertificate.subject },
      producedAt: NOW,
      responses: [{ certId: request.certIds[0]!, status: 'good', thisUpdate: NOW }],
      ...(request.nonce ? { nonce: request.nonce } : {}),
    });
    writeFileSync(join(dir, 'resp.der'), der);
    const result = opensslCheckOcsp({
      request: join(dir, 'req.der'),
      response: join(dir, 'resp.der'),
      caFile: join(dir, 'ca.pem'),
      verifyOther: join(dir, 'ca.pem'),
    });
    expect(result.stderr).toContain('Response verify OK');
    expect(result.stderr).not.toContain('WARNING');
    expect(result.stdout.toString()).toContain('Cert Status: good');
  });
});

describe('CertID', () => {
  let pki: Pki;
  let other: Party;
  beforeAll(async () => {
    pki = await makePki({ type: 'ecdsa', curve: 'P-256' });
    other = await issueParty({ type: 'ecdsa', curve: 'P-256' }, 'Тестовый УЦ', undefined, { serial: [0x01] });
  });

  it.each<CertIdHash>(['sha1', 'sha256', 'streebog256'])(
    'with %s matches the certificate’s issuer and serial, and nothing else',
    async (hash) => {
      const id = await certIdOf(pki.user.der, pki.ca.der, hash);
      expect(id.issuerNameHash).toHaveLength(hash === 'sha1' ? 20 : 32);
      expect(await certIdMatches(id, pki.ca.der, parseCertificate(pki.user.der).serialNumberHex)).toBe(true);
      expect(await certIdMatches(id, pki.ca.der, '8F1001')).toBe(true);
      expect(await certIdMatches(id, pki.ca.der, '8f1002')).toBe(false);
      // Same subject name, different key: the key hash tells them apart.
      expect(await certIdIssuedBy(id, other.der)).toBe(false);
      const request = parseOcspRequest(createOcspRequest({ certIds: [id] }));
      expect(sameCertId(request.certIds[0]!, id)).toBe(true);
      expect(request.nonce).toBeUndefined();
    },
  );

  it('an unsupported hash algorithm never matches', async () => {
    const id = await certIdOf(pki.user.der, pki.ca.der);
    expect(await certIdIssuedBy({ ...id, hashAlgorithm: OID.sha512 }, pki.ca.der)).toBe(false);
  });

  it('a request round-trips several certificates and the nonce', async () => {
    const ids = [await certIdOf(pki.user.der, pki.ca.der), await createCertId(pki.ca.der, '0a0b', 'sha256')];
    const nonce = Uint8Array.from({ length: 16 }, (_, i) => 255 - i);
    const request = parseOcspRequest(createOcspRequest({ certIds: ids, nonce }));
    expect(request.certIds.map((id, i) => sameCertId(id, ids[i]!))).toEqual([true, true]);
    expect(request.nonce).toEqual(nonce);
    expect(request.signed).toBe(false);
  });

  it('refuses an empty request, a nonce over 32 octets and a bad serial', async () => {
    const id = await certIdOf(pki.user.der, pki.ca.der);
    expect(() => createOcspRequest({ certIds: [] })).toThrow(PkiError);
    expect(() => createOcspRequest({ certIds: [id], nonce: new Uint8Array(33) })).toThrow(PkiError);
    await expect(createCertId(pki.ca.der, 'xyz')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('requests OpenSSL makes', () => {
  let pki: Pki;
  let dir: string;
  beforeAll(async () => {
    pki = await makePki({ type: 'gost', paramSet: OID.gost3410_2012_256_paramSetB });
    dir = writePki(pki);
  });

  it.each([
    { digest: [], hash: OID.sha1, nonce: true },
    { digest: [], hash: OID.sha1, nonce: false },
    { digest: ['-sha256'], hash: OID.sha256, nonce: true },
    { digest: ['-sha256'], hash: OID.sha256, nonce: false },
    { digest: ['-md_gost12_256'], hash: OID.streebog256, nonce: false },
  ])('$digest, nonce $nonce: parsed and matched to the certificate', async ({ digest, hash, nonce }) => {
    const request = parseOcspRequest(opensslRequest(dir, [...digest, ...(nonce ? [] : ['-no_nonce'])]));
    expect(request.certIds).toHaveLength(1);
    expect(request.certIds[0]?.hashAlgorithm).toBe(hash);
    expect(await certIdMatches(request.certIds[0]!, pki.ca.der, '008f1001')).toBe(true);
    if (nonce) expect(request.nonce, 'OpenSSL draws a 16-byte nonce').toHaveLength(16);
    else expect(request.nonce).toBeUndefined();
    expect(request.signed).toBe(false);
  });
});

describe('responses OpenSSL makes', () => {
  it('an `openssl ocsp -index` answer parses, echoes the nonce and verifies under the responder key', async () => {
    const pki = await makePki({ type: 'ecdsa', curve: 'P-256' });
    const dir = writePki(pki);
    writeFileSync(join(dir, 'responder.key'), pem('PRIVATE KEY', pki.responder.key.pkcs8));
    const stamp = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
    const revokedAt = new Date(NOW.getTime() - HOUR);
    writeFileSync(
      join(dir, 'index.txt'),
      `R\t${stamp(new Date(NOW.getTime() + 30 * DAY))}\t${stamp(revokedAt)},keyCompromise\t8F1001\tunknown\t/CN=user\n`,
    );
    opensslRequest(dir);
    openssl([
      'ocsp',
      '-index',
      join(dir, 'index.txt'),
      '-rsigner',
      join(dir, 'responder.pem'),
      '-rkey',
      join(dir, 'responder.key'),
      '-CA',
      join(dir, 'ca.pem'),
      '-reqin',
      join(dir, 'req.der'),
      '-respout',
      join(dir, 'resp.der'),
      '-ndays',
      '1',
    ]);
    const request = parseOcspRequest(readFileSync(join(dir, 'req.der')));
    const response = successful(parseOcspResponse(readFileSync(join(dir, 'resp.der'))));
    expect(response.nonce).toEqual(request.nonce);
    expect('byName' in response.responderId).toBe(true);
    expect(response.certificates).toEqual([pki.responder.der]);
    expect(response.responses).toHaveLength(1);
    const single = response.responses[0]!;
    expect(sameCertId(single.certId, request.certIds[0]!)).toBe(true);
    expect(single.status).toEqual({
      revoked: { time: new Date(1000 * Math.floor(revokedAt.getTime() / 1000)), reason: 'keyCompromise' },
    });
    // `-ndays 1`: OpenSSL reads its clock once for thisUpdate and once for nextUpdate.
    const validFor = (single.nextUpdate?.getTime() ?? NaN) - single.thisUpdate.getTime();
    expect(validFor, '-ndays 1').toBeGreaterThanOrEqual(DAY);
    expect(validFor, '-ndays 1').toBeLessThanOrEqual(DAY + 1000);
    expect(await verifyOcspResponseSignature(response, pki.responder.key.signer.publicKeyInfo)).toBe(true);
  });
});

describe('caching', () => {
  it('a cached response without a nonce answers a request with one: OpenSSL verifies it and warns', async () => {
    const pki = await makePki({ type: 'ecdsa', curve: 'P-256' });
    const dir = writePki(pki);
    const cached = await delegatedAnswer(pki, 'good');
    writeFileSync(join(dir, 'resp.der'), cached);
    expect(parseOcspRequest(opensslRequest(dir)).nonce, 'OpenSSL draws a 16-byte nonce').toHaveLength(16);
    const result = opensslCheckOcsp({
      request: join(dir, 'req.der'),
      response: join(dir, 'resp.der'),
      caFile: join(dir, 'ca.pem'),
    });
    expect(result.stderr).toContain('WARNING: no nonce in response');
    expect(result.stderr).toContain('Response verify OK');
    expect(result.stdout.toString()).toContain('Cert Status: good');
  });
});

describe('error responses and bad input', () => {
  it.each(['malformedRequest', 'internalError', 'tryLater', 'sigRequired', 'unauthorized'] as const)(
    '%s is an unsigned response with only a status',
    async (status) => {
      const parsed = parseOcspResponse(createOcspErrorResponse(status));
      expect(parsed).toEqual({ status });
      const { signer } = await generateSoftwareKey({ type: 'ecdsa', curve: 'P-256' });
      expect(await verifyOcspResponseSignature(parsed, signer.publicKeyInfo)).toBe(false);
    },
  );

  it('an error response is just the status, as OpenSSL decodes it', () => {
    const result = openssl(['asn1parse', '-inform', 'DER'], createOcspErrorResponse('tryLater'));
    expect(result.stdout.toString()).toMatch(
      /^\s*0:d=0\s+hl=2 l=\s+3 cons: SEQUENCE\s*\n.*ENUMERATED\s+:03\s*$/,
    );
  });

  it('truncated or garbled requests and responses fail with a PkiError only', async () => {
    const pki = await makePki({ type: 'ecdsa', curve: 'P-256' });
    const certId = await certIdOf(pki.user.der, pki.ca.der);
    const request = createOcspRequest({ certIds: [certId], nonce: new Uint8Array(16).fill(7) });
    const response = await createOcspResponse({
      responder: pki.responder.key.signer,
      responderId: { byName: parseCertificate(pki.responder.der).asn1.tbsCertificate.subject },
      producedAt: NOW,
      responses: [{ certId, status: { revoked: { time: NOW } }, thisUpdate: NOW }],
      certificates: [pki.responder.der],
    });
    const inputs: Uint8Array[] = [new Uint8Array([0x30, 0x00]), new Uint8Array([0xff, 0xff, 0xff])];
    for (const der of [request, response]) {
      for (let n = 1; n < der.length; n += 7) inputs.push(der.subarray(0, n));
      for (let i = 0; i < der.length; i += 3) {
        const garbled = der.slice();
        garbled[i]! ^= 0x5a;
        inputs.push(garbled);
      }
    }
    for (const bad of inputs) {
      for (const parse of [parseOcspRequest, parseOcspResponse]) {
        try {
          parse(bad);
        } catch (error) {
          expect(error).toBeInstanceOf(PkiError);
        }
      }
    }
    expect(() => parseOcspResponse(request)).toThrow(PkiError);
    expect(() => parseOcspRequest(response)).toThrow(PkiError);
  });
});
