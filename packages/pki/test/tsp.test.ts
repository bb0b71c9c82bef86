import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openssl } from '@podpis/testkit';
import {
  createTimeStampRequest,
  createTimeStampResponse,
  createTimeStampToken,
  OID,
  parseTimeStampRequest,
  parseTimeStampResponse,
  parseTimeStampToken,
  PkiError,
  verifyTimeStampToken,
} from '@podpis/pki';
import { makeCmsPki, NOW, SPECS, type CmsPki } from './support/cms-pki.js';
import { pem } from './support/pem.js';

const POLICY = '1.2.643.100.113.99.1';
const DATA = new TextEncoder().encode('Протокол заседания от 1 марта\n');

const DIGESTS: Record<string, { oid: string; openssl: string; webcrypto?: string }> = {
  'GOST-256': { oid: OID.streebog256, openssl: 'md_gost12_256' },
  'GOST-512': { oid: OID.streebog512, openssl: 'md_gost12_512' },
  RSA: { oid: OID.sha256, openssl: 'sha256' },
  ECDSA: { oid: OID.sha256, openssl: 'sha256' },
};

async function hash(oid: string, data: Uint8Array): Promise<Uint8Array> {
  const { streebog256, streebog512 } = await import('@podpis/gost');
  if (oid === OID.streebog256) return streebog256(data);
  if (oid === OID.streebog512) return streebog512(data);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(data)));
}

describe.each(SPECS)('$label time-stamping', ({ label, spec }) => {
  let pki: CmsPki;
  const algorithm = DIGESTS[label]!;
  beforeAll(async () => {
    pki = await makeCmsPki(spec);
    writeFileSync(join(pki.dir, 'data.txt'), DATA);
  });

  const issueToken = async (
    options: { includeCertificate?: boolean; nonce?: bigint } = {},
  ): Promise<Uint8Array> =>
    createTimeStampToken({
      tsa: pki.tsa.key.signer,
      tsaCertificate: pki.tsa.der,
      policy: POLICY,
      serialNumber: 0x0102030405060708090an,
      genTime: NOW,
      messageImprint: { hashAlgorithm: algorithm.oid, digest: await hash(algorithm.oid, DATA) },
      ...(options.nonce !== undefined ? { nonce: options.nonce } : {}),
      accuracy: { seconds: 1, millis: 500 },
      includeCertificate: options.includeCertificate ?? true,
    });

  it('client asks, TSA answers, client checks the token; OpenSSL verifies the response', async () => {
    const requestDer = createTimeStampRequest({
      messageImprint: { hashAlgorithm: algorithm.oid, digest: await hash(algorithm.oid, DATA) },
      nonce: 0xfedcba9876543210n,
      certReq: true,
    });
    const request = parseTimeStampRequest(requestDer);
    expect(request).toMatchObject({ nonce: 0xfedcba9876543210n, certReq: true, policy: undefined });
    const token = await issueToken({ nonce: request.nonce ?? 0n, includeCertificate: request.certReq });
    const responseDer = createTimeStampResponse('granted', token);
    const response = parseTimeStampResponse(responseDer);
    expect(response.status).toBe('granted');
    expect(response.token).toEqual(token);
    const parsed = parseTimeStampToken(token);
    expect(parsed.tstInfo).toMatchObject({
      policy: POLICY,
      serialNumber: 0x0102030405060708090an,
      genTime: NOW,
      nonce: 0xfedcba9876543210n,
      accuracy: { seconds: 1, millis: 500 },
      ordering: false,
    });
    expect(parsed.cms.signers[0]?.signedAttributes).toContain(OID.signingCertificateV2);
    const verified = await verifyTimeStampToken(token, { data: DATA });
    expect(verified).toMatchObject({ ok: true, certificate: pki.tsa.der });
    expect((await verifyTimeStampToken(token, { digest: request.messageImprint.digest })).ok).toBe(true);

    writeFileSync(join(pki.dir, 'req.tsq'), requestDer);
    writeFileSync(join(pki.dir, 'resp.tsr'), responseDer);
    // OpenSSL verifies the response against the data, and against the request.
    for (const against of [
      ['-data', join(pki.dir, 'data.txt')],
      ['-queryfile', join(pki.dir, 'req.tsq')],
    ]) {
      openssl([
        'ts',
        '-verify',
        '-in',
        join(pki.dir, 'resp.tsr'),
        ...against,
        '-CAfile',
        join(pki.dir, 'ca.pem'),
      ]);
    }
  });

  it('names what is wrong: other data, a tampered signature, a missing certificate, a TSA without the EKU', async () => {
    const token = await issueToken();
    expect((await verifyTimeStampToken(token, { data: DATA.subarray(1) })).code).toBe('IMPRINT_MISMATCH');
    const signature = parseTimeStampToken(token).cms.signers[0]?.signature ?? new Uint8Array();
    const at = Buffer.from(token).indexOf(Buffer.from(signature));
    const tampered = token.slice();
    tampered[at + 5] = (tampered[at + 5] ?? 0) ^ 0x01;
    expect((await verifyTimeStampToken(tampered, { data: DATA })).code).toBe('SIGNATURE_INVALID');

    const bare = await issueToken({ includeCertificate: false });
    expect(parseTimeStampToken(bare).cms.certificates).toEqual([]);
    expect((await verifyTimeStampToken(bare, { data: DATA })).code).toBe('SIGNER_CERTIFICATE_NOT_FOUND');
    expect((await verifyTimeStampToken(bare, { data: DATA, certificates: [pki.tsa.der] })).ok).toBe(true);

    const notTsa = await createTimeStampToken({
      tsa: pki.alice.key.signer,
      tsaCertificate: pki.alice.der,
      policy: POLICY,
      serialNumber: 7n,
      genTime: NOW,
      messageImprint: { hashAlgorithm: algorithm.oid, digest: await hash(algorithm.oid, DATA) },
      includeCertificate: true,
    });
    expect((await verifyTimeStampToken(notTsa, { data: DATA })).code).toBe(
      'TSA_CERTIFICATE_NOT_TIME_STAMPING',
    );
  });

  it('reads `openssl ts -query` and verifies a token from `openssl ts -reply`', async () => {
    const { dir } = pki;
    const queryDer = openssl([
      'ts',
      '-query',
      '-data',
      join(dir, 'data.txt'),
      `-${algorithm.openssl}`,
      '-cert',
    ]).stdout;
    const query = parseTimeStampRequest(new Uint8Array(queryDer));
    expect(query.messageImprint).toEqual({
      hashAlgorithm: algorithm.oid,
      digest: await hash(algorithm.oid, DATA),
    });
    expect(query.certReq).toBe(true);
    expect(query.nonce).toBeTypeOf('bigint');
    writeFileSync(join(dir, 'openssl.tsq'), queryDer);
    writeFileSync(join(dir, 'tsa-key.pem'), pem('PRIVATE KEY', pki.tsa.key.pkcs8));
    writeFileSync(join(dir, 'serial'), '01\n');
    writeFileSync(
      join(dir, 'tsa.cnf'),
      [
        '[tsa]',
        'default_tsa = tsa_config',
        '[tsa_config]',
        `serial = ${join(dir, 'serial')}`,
        'crypto_device = builtin',
        `signer_cert = ${join(dir, 'tsa.pem')}`,
        `signer_key = ${join(dir, 'tsa-key.pem')}`,
        `signer_digest = ${algorithm.openssl}`,
        `default_policy = ${POLICY}`,
        `digests = sha256, md_gost12_256, md_gost12_512`,
        'accuracy = secs:1',
        'ess_cert_id_alg = sha256',
        '',
      ].join('\n'),
    );
    const replyDer = openssl([
      'ts',
      '-reply',
      '-config',
      join(dir, 'tsa.cnf'),
      '-queryfile',
      join(dir, 'openssl.tsq'),
    ]).stdout;
    const reply = parseTimeStampResponse(new Uint8Array(replyDer));
    expect(reply.status).toBe('granted');
    const token = reply.token ?? new Uint8Array();
    const verified = await verifyTimeStampToken(token, { data: DATA });
    expect(verified).toMatchObject({ ok: true, certificate: pki.tsa.der });
    expect(verified.tstInfo.nonce).toBe(query.nonce);
    expect(readFileSync(join(dir, 'serial'), 'utf8').trim()).toBe('02');
  });
});

describe('time-stamp responses and bad input', () => {
  it('writes rejections with a failure reason and reads them back', () => {
    const der = createTimeStampResponse('rejection', undefined, {
      statusString: 'unknown hash',
      failInfo: 'badAlg',
    });
    expect(parseTimeStampResponse(der)).toEqual({
      status: 'rejection',
      statusStrings: ['unknown hash'],
      failInfo: ['badAlg'],
      token: undefined,
    });
    expect(
      parseTimeStampResponse(createTimeStampResponse('rejection', undefined, { failInfo: 'systemFailure' }))
        .failInfo,
    ).toEqual(['systemFailure']);
    expect(() => createTimeStampResponse('granted')).toThrow(PkiError);
  });

  it('writes an accuracy of milliseconds only without a seconds field', async () => {
    const pki = await makeCmsPki(SPECS[0]!.spec);
    const token = await createTimeStampToken({
      tsa: pki.tsa.key.signer,
      tsaCertificate: pki.tsa.der,
      policy: POLICY,
      serialNumber: 2n,
      genTime: NOW,
      messageImprint: { hashAlgorithm: OID.streebog256, digest: new Uint8Array(32) },
      accuracy: { millis: 10 },
      includeCertificate: false,
    });
    expect(parseTimeStampToken(token).tstInfo.accuracy).toEqual({ millis: 10 });
  });

  it('throws only PkiError for truncated or garbled requests, responses and tokens', async () => {
    const pki = await makeCmsPki(SPECS[3]!.spec);
    const token = await createTimeStampToken({
      tsa: pki.tsa.key.signer,
      tsaCertificate: pki.tsa.der,
      policy: POLICY,
      serialNumber: 1n,
      genTime: NOW,
      messageImprint: { hashAlgorithm: OID.sha256, digest: new Uint8Array(32) },
      includeCertificate: true,
    });
    const request = createTimeStampRequest({
      messageImprint: { hashAlgorithm: OID.sha256, digest: new Uint8Array(32) },
      certReq: false,
    });
    const response = createTimeStampResponse('granted', token);
    for (const der of [token, request, response]) {
      const inputs = [
        der.subarray(0, der.length - 2),
        der.subarray(0, 10),
        ...Array.from({ length: 30 }, (_, i) => {
          const copy = der.slice();
          copy[(i * 53) % copy.length] = (copy[(i * 53) % copy.length] ?? 0) ^ 0xa5;
          return copy;
        }),
      ];
      for (const input of inputs) {
        for (const parse of [parseTimeStampRequest, parseTimeStampResponse, parseTimeStampToken]) {
          try {
            parse(input);
          } catch (error) {
            expect(error).toBeInstanceOf(PkiError);
          }
        }
        try {
          await verifyTimeStampToken(input, { digest: new Uint8Array(32) });
        } catch (error) {
          expect(error).toBeInstanceOf(PkiError);
        }
      }
    }
  });
});
