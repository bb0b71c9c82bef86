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
  signCms,
  parseCms,
  parseCadesLevel,
  createTimeStampRequest,
  createTimeStampToken,
  createTimeStampResponse,
  parseTimeStampRequest,
  parseTimeStampResponse,
  createPkcs12,
  parsePkcs12,
  encryptCms,
  decryptCms,
  importRecipientKey,
  PkiError,
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
  const signedData: Uint8Array[] = [];
  const timeStampRequests: Uint8Array[] = [];
  const timeStampResponses: Uint8Array[] = [];
  const pkcs12: Uint8Array[] = [];
  const enveloped: { der: Uint8Array; certificate: Uint8Array; pkcs8: Uint8Array }[] = [];
  const specs: KeySpec[] = [
    { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' },
    { type: 'gost', paramSet: '1.2.643.7.1.2.1.2.1' },
    { type: 'rsa', modulusLength: 2048 },
    { type: 'ecdsa', curve: 'P-256' },
  ];
  for (const spec of specs) {
    const { signer, pkcs8 } = await generateSoftwareKey(spec);
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
    const content = new TextEncoder().encode('Акт сверки № 42');
    signedData.push(
      await signCms({
        content,
        detached: false,
        signers: [{ signer, certificate: caDer }],
        signingTime: NOW,
      }),
    );
    const imprint = { hashAlgorithm: OID.sha256, digest: new Uint8Array(32).fill(7) };
    timeStampRequests.push(createTimeStampRequest({ messageImprint: imprint, nonce: 42n, certReq: true }));
    const token = await createTimeStampToken({
      tsa: signer,
      tsaCertificate: caDer,
      policy: '1.2.3.4',
      serialNumber: 9n,
      genTime: NOW,
      messageImprint: imprint,
      nonce: 42n,
      includeCertificate: true,
    });
    timeStampResponses.push(createTimeStampResponse('granted', token));
    pkcs12.push(await createPkcs12({ pkcs8, certificate: caDer, password: 'fuzz', iterations: 1000 }));
    if (spec.type === 'rsa' || spec.type === 'gost') {
      const der = await encryptCms({ content, recipients: [{ certificate: caDer }] });
      enveloped.push({ der, certificate: caDer, pkcs8 });
    }
  }
  const recipients = await Promise.all(
    enveloped.map(async (e) => ({ ...e, key: await importRecipientKey(e.pkcs8) })),
  );
  return [
    { name: 'certificate', seeds: certificates, parse: parseCertificate },
    { name: 'certification request', seeds: requests, parse: parseCertificationRequest },
    { name: 'CRL', seeds: crls, parse: parseCrl },
    { name: 'OCSP request', seeds: ocspRequests, parse: parseOcspRequest },
    { name: 'OCSP response', seeds: ocspResponses, parse: parseOcspResponse },
    {
      name: 'CMS SignedData',
      seeds: signedData,
      parse: (der) => {
        parseCms(der);
        return parseCadesLevel(der);
      },
    },
    { name: 'time-stamp request', seeds: timeStampRequests, parse: parseTimeStampRequest },
    { name: 'time-stamp response', seeds: timeStampResponses, parse: parseTimeStampResponse },
    { name: 'PKCS#12', seeds: pkcs12, parse: (der) => parsePkcs12(der, 'fuzz'), slowMs: 60_000 },
    {
      name: 'CMS EnvelopedData',
      seeds: recipients.map((r) => r.der),
      // Each mutated message is offered to every recipient key: a wrong one must fail cleanly too.
      parse: async (der) => {
        for (const recipient of recipients) {
          await decryptCms(der, {
            recipientCertificate: recipient.certificate,
            decrypt: recipient.key,
          }).catch((error: unknown) => {
            if (!(error instanceof PkiError)) throw error;
          });
        }
      },
    },
  ];
}
