import {
  buildName,
  certIdOf,
  createCertificationRequest,
  createCrl,
  createOcspRequest,
  createOcspResponse,
  generateSoftwareKey,
  issueCertificate,
  keyIdentifier,
  OID,
  parseCertificate,
  parseCertificationRequest,
  parseCrl,
  parseOcspRequest,
  parseOcspResponse,
  type KeySpec,
} from '../src/index.js';
import type { FuzzTarget } from './fuzz-engine.js';

const NOW = new Date('2026-11-28T12:00:00Z');

/** Valid structures of every kind the parsers read, for GOST, RSA and ECDSA keys. */
export async function fuzzTargets(): Promise<FuzzTarget[]> {
  const certificates: Uint8Array[] = [];
  const requests: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  const ocspRequests: Uint8Array[] = [];
  const ocspResponses: Uint8Array[] = [];
  const specs: KeySpec[] = [
    { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' },
    { type: 'gost', paramSet: '1.2.643.7.1.2.1.2.1' },
    { type: 'rsa', modulusLength: 2048 },
    { type: 'ecdsa', curve: 'P-256' },
  ];
  for (const spec of specs) {
    const { signer } = await generateSoftwareKey(spec);
    const name = buildName([
      { type: OID.country, value: 'RU' },
      { type: OID.commonName, value: 'Фаззинг УЦ' },
      { type: OID.snils, value: '11223344595' },
    ]);
    const caDer = await issueCertificate(
      {
        serialNumber: Uint8Array.from([1, 2, 3, 4]),
        subject: name,
        issuer: name,
        notBefore: NOW,
        notAfter: new Date(NOW.getTime() + 86_400_000),
        publicKeyInfo: signer.publicKeyInfo,
        extensions: {
          basicConstraints: { ca: true, pathLength: 0 },
          keyUsage: ['keyCertSign', 'cRLSign'],
          subjectKeyIdentifier: await keyIdentifier(signer.publicKeyInfo),
          crlDistributionPoints: ['http://localhost/crl'],
          authorityInfoAccess: { ocsp: ['http://localhost/ocsp'] },
          certificatePolicies: [OID.policyKC1],
          subjectSignTool: 'Podpis',
          identificationKind: 0,
        },
      },
      signer,
    );
    certificates.push(caDer);
    requests.push(
      await createCertificationRequest({
        subject: name,
        signer,
        extensions: { keyUsage: ['digitalSignature'] },
      }),
    );
    crls.push(
      await createCrl({
        issuer: name,
        signer,
        thisUpdate: NOW,
        nextUpdate: new Date(NOW.getTime() + 86_400_000),
        crlNumber: 7n,
        entries: [
          {
            serialNumber: Uint8Array.from([5]),
            revocationDate: NOW,
            reason: 'keyCompromise',
            invalidityDate: NOW,
          },
          { serialNumber: Uint8Array.from([6]), revocationDate: NOW, reason: 'certificateHold' },
        ],
      }),
    );
    const ca = parseCertificate(caDer);
    const certId = await certIdOf(ca, ca, 'sha256');
    ocspRequests.push(
      createOcspRequest({ certIds: [certId], nonce: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]) }),
    );
    ocspResponses.push(
      await createOcspResponse({
        responder: signer,
        responderId: { byName: name },
        producedAt: NOW,
        responses: [{ certId, status: { revoked: { time: NOW, reason: 'keyCompromise' } }, thisUpdate: NOW }],
        certificates: [caDer],
      }),
    );
  }
  return [
    { name: 'certificate', seeds: certificates, parse: parseCertificate },
    { name: 'certification request', seeds: requests, parse: parseCertificationRequest },
    { name: 'CRL', seeds: crls, parse: parseCrl },
    { name: 'OCSP request', seeds: ocspRequests, parse: parseOcspRequest },
    { name: 'OCSP response', seeds: ocspResponses, parse: parseOcspResponse },
  ];
}
