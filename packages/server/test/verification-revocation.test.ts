import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DistributionPointName, GeneralName, IssuingDistributionPoint } from '@peculiar/asn1-x509';
import { certIdOf, createOcspRequest, generateSoftwareKey, OID, type KeySpec } from '@podpis/pki';
import { openssl, tempDir } from '@podpis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeSignature, type SignerEvidence } from '../src/signing/verification/judge.js';
import { revocationFetcherOf } from '../src/signing/verification/revocation-sources.js';
import { DAY, crl, extension, issue, revoked, type Issued } from '../../pki/test/support/chains.js';
import { pem } from '../../pki/test/support/pem.js';

/**
 * A foreign CA whose OCSP answers come from a delegated responder made by
 * `openssl ocsp -rsigner`, served over HTTP with the CRLs: the verifier
 * fetches the responder's CRL and judges its certificate by it.
 */
describe('verification of a foreign CA’s signer: a delegated OCSP responder without ocsp-nocheck is checked by its CA’s CRL', () => {
  const served = new Map<string, Uint8Array>();
  let server: Server;
  let base: string;
  let dir: string;
  let root: Issued;
  let ca: Issued;
  let user: Issued;
  let responder: Issued;
  const hourAgo = new Date(Date.now() - 3600_000);
  const inADay = new Date(Date.now() + DAY);

  beforeAll(async () => {
    server = createServer((request, response) => {
      const body = served.get(request.url ?? '');
      request.resume();
      if (!body) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = tempDir('podpis-verify-delegated-');
    const spec: KeySpec = { type: 'ecdsa', curve: 'P-256' };
    const [rootKey, caKey, userKey, responderKey] = await Promise.all(
      [1, 2, 3, 4].map(() => generateSoftwareKey(spec)),
    );
    root = await issue({ subject: 'Foreign Root', key: rootKey!.signer, ca: true });
    ca = await issue({
      subject: 'Foreign CA',
      key: caKey!.signer,
      issuer: root,
      extensions: {
        basicConstraints: { ca: true },
        keyUsage: ['keyCertSign', 'cRLSign'],
        crlDistributionPoints: [`${base}/root.crl`],
      },
    });
    user = await issue({
      subject: 'Foreign Signer',
      key: userKey!.signer,
      issuer: ca,
      serial: 0x6001,
      extensions: {
        keyUsage: ['digitalSignature', 'nonRepudiation'],
        authorityInfoAccess: { ocsp: [`${base}/ocsp`] },
      },
    });
    responder = await issue({
      subject: 'Foreign OCSP',
      key: responderKey!.signer,
      issuer: ca,
      serial: 0x6002,
      extensions: {
        keyUsage: ['digitalSignature'],
        extendedKeyUsage: [OID.ocspSigning],
        crlDistributionPoints: [`${base}/responders.crl`],
      },
    });
    served.set('/root.crl', await crl(root, { thisUpdate: hourAgo, nextUpdate: inADay }));
    writeFileSync(join(dir, 'ca.pem'), pem('CERTIFICATE', ca.der));
    writeFileSync(join(dir, 'responder.pem'), pem('CERTIFICATE', responder.der));
    writeFileSync(join(dir, 'responder.key'), pem('PRIVATE KEY', responderKey!.pkcs8));
    writeFileSync(join(dir, 'index.txt'), 'V\t361231000000Z\t\t6001\tunknown\t/CN=Foreign Signer\n');
    writeFileSync(
      join(dir, 'request.der'),
      createOcspRequest({ certIds: [await certIdOf(user.der, ca.der)] }),
    );
    openssl([
      'ocsp',
      '-index',
      join(dir, 'index.txt'),
      '-CA',
      join(dir, 'ca.pem'),
      '-rsigner',
      join(dir, 'responder.pem'),
      '-rkey',
      join(dir, 'responder.key'),
      '-reqin',
      join(dir, 'request.der'),
      '-respout',
      join(dir, 'response.der'),
      '-ndays',
      '1',
    ]);
    served.set('/ocsp', new Uint8Array(readFileSync(join(dir, 'response.der'))));
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  });

  /** The CA's CRL for its OCSP responders only (issuingDistributionPoint): it does not cover the signer. */
  const respondersCrl = (entries: ReturnType<typeof revoked>[]) =>
    crl(ca, {
      thisUpdate: hourAgo,
      nextUpdate: inADay,
      entries,
      extra: [
        extension(
          OID.issuingDistributionPoint,
          true,
          new IssuingDistributionPoint({
            distributionPoint: new DistributionPointName({
              fullName: [new GeneralName({ uniformResourceIdentifier: `${base}/responders.crl` })],
            }),
          }),
        ),
      ],
    });

  const judge = async () => {
    const evidence: SignerEvidence = {
      index: 0,
      verification: { ok: true, certificate: user.der },
      certificates: [ca.der],
      timeStamps: [],
      level: 'CAdES-BES',
    };
    return judgeSignature(evidence, {
      trustAnchors: [root.der],
      knownCertificates: [],
      fetchRevocation: revocationFetcherOf({
        caCertificates: () => Promise.resolve([]),
        respond: () => Promise.reject(new Error('no CA of ours in this path')),
      }),
      now: new Date(),
    });
  };
  const codes = (report: Awaited<ReturnType<typeof judge>>) => report.messages.map((m) => m.code);

  it('no CRL for the responder → TOTAL_PASSED with a note that its revocation was not checked', async () => {
    served.delete('/responders.crl');
    const report = await judge();
    expect(report).toMatchObject({
      indication: 'TOTAL_PASSED',
      revocation: { status: 'good', source: 'fetched' },
    });
    expect(codes(report)).toEqual(['REVOCATION_FETCH_FAILED', 'OCSP_RESPONDER_REVOCATION_UNCHECKED']);
    expect(report.messages[1]).toMatchObject({ index: 2, rule: 'RFC6960 4.2.2.2.1' });
  });

  it('the CA’s CRL revokes the responder → its answer does not count: INDETERMINATE TRY_LATER, OCSP_INVALID', async () => {
    served.set('/responders.crl', await respondersCrl([revoked(0x6002)]));
    const report = await judge();
    expect(report).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    expect(report.messages).toEqual([
      expect.objectContaining({ code: 'OCSP_INVALID', index: 2, rule: 'RFC6960 4.2.2.2.1' }),
    ]);
  });

  it('the CA’s CRL does not list the responder → TOTAL_PASSED without a note', async () => {
    served.set('/responders.crl', await respondersCrl([]));
    const report = await judge();
    expect(report).toMatchObject({ indication: 'TOTAL_PASSED' });
    expect(codes(report)).toEqual([]);
  });

  it('a truncated or garbage CRL → INDETERMINATE TRY_LATER with CRL_INVALID-backed OCSP_INVALID, never an exception', async () => {
    const whole = await respondersCrl([]);
    for (const bytes of [
      whole.subarray(0, whole.length - 7),
      new TextEncoder().encode('<html>oops</html>'),
    ]) {
      served.set('/responders.crl', bytes);
      const report = await judge();
      expect(report).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
      expect(report.messages).toEqual([
        expect.objectContaining({
          code: 'OCSP_INVALID',
          message: expect.stringMatching(/revocation cannot be checked: CRL 1 does not parse/) as string,
        }),
      ]);
    }
  });
});
