import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { streebog256, streebog512 } from '@podpis/gost';
import {
  addSignatureTimeStamp,
  certIdOf,
  createCrl,
  createOcspResponse,
  extendToXLongType1,
  keyIdentifier,
  OID,
  parseCadesLevel,
  parseCertificate,
  parseCms,
  parseTimeStampToken,
  PkiError,
  signCms,
  verifyCms,
  verifyTimeStampToken,
  type TsaCallback,
} from '@podpis/pki';
import { makeCmsPki, NOW, opensslVerifyCms, SPECS, tsaCallbackOf, type CmsPki } from './support/cms-pki.js';

const CONTENT = new TextEncoder().encode('Акт приёма-передачи\n');
const POLICY = '1.2.643.100.113.99.1';

async function hash(oid: string, data: Uint8Array): Promise<Uint8Array> {
  if (oid === OID.streebog256) return streebog256(data);
  if (oid === OID.streebog512) return streebog512(data);
  if (oid === OID.sha256) return new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(data)));
  throw new Error(`unexpected hash ${oid}`);
}

/** The contents of a DER value: what follows its tag and length octets. */
function contents(der: Uint8Array): Uint8Array {
  const first = der[1] ?? 0;
  return der.subarray(first < 0x80 ? 2 : 2 + (first & 0x7f));
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => Array.from(p)));
}

describe.each(SPECS)('$label CAdES', ({ label, spec }) => {
  let pki: CmsPki;
  let tsa: TsaCallback;
  const hashOid =
    label === 'GOST-256' ? OID.streebog256 : label === 'GOST-512' ? OID.streebog512 : OID.sha256;

  beforeAll(async () => {
    pki = await makeCmsPki(spec);
    tsa = tsaCallbackOf(pki, POLICY);
  });

  it('BES → T → X-Long Type 1, every reference matching the values, OpenSSL still accepting the signature', async () => {
    const bes = await signCms({
      content: CONTENT,
      detached: false,
      signers: [{ signer: pki.alice.key.signer, certificate: pki.alice.der }],
      signingTime: NOW,
    });
    expect(parseCadesLevel(bes).level).toBe('BES');

    const t = await addSignatureTimeStamp(bes, 0, tsa);
    const tInfo = parseCadesLevel(t);
    expect(tInfo.level).toBe('T');
    const signature = parseCms(t).signers[0]?.signature ?? new Uint8Array();
    const signatureStamp = tInfo.signatureTimeStamps[0] ?? new Uint8Array();
    // RFC 5126 §6.1.1: the imprint is the hash of the signature value.
    expect(parseTimeStampToken(signatureStamp).tstInfo.messageImprint).toEqual({
      hashAlgorithm: hashOid,
      digest: await hash(hashOid, signature),
    });
    expect((await verifyTimeStampToken(signatureStamp, { data: signature })).ok).toBe(true);
    expect(opensslVerifyCms(t, join(pki.dir, 'ca.pem'))).toEqual(Buffer.from(CONTENT));

    const ca = parseCertificate(pki.ca.der);
    const crl = await createCrl({
      issuer: ca.asn1.tbsCertificate.subject,
      signer: pki.ca.key.signer,
      thisUpdate: NOW,
      nextUpdate: new Date(NOW.getTime() + 86_400_000),
      crlNumber: 5n,
      entries: [],
    });
    const ocsp = await createOcspResponse({
      responder: pki.ca.key.signer,
      responderId: { byKey: await keyIdentifier(pki.ca.key.signer.publicKeyInfo) },
      producedAt: NOW,
      responses: [
        { certId: await certIdOf(pki.alice.der, pki.ca.der, 'sha256'), status: 'good', thisUpdate: NOW },
      ],
    });
    const xl = await extendToXLongType1(t, 0, {
      certificates: [pki.ca.der],
      crls: [crl],
      ocspResponses: [ocsp],
      tsaCallback: tsa,
    });
    const info = parseCadesLevel(xl);
    expect(info.level).toBe('X-Long-Type-1');

    // §6.2.1: the CA certificate, by hash and issuer/serial.
    expect(info.completeCertificateRefs).toEqual([
      {
        hashAlgorithm: hashOid,
        hash: await hash(hashOid, pki.ca.der),
        issuer: ca.issuerText,
        serialNumberHex: ca.serialNumberHex,
      },
    ]);
    // §6.2.2: one CrlOcspRef for the signer's certificate, then one for the CA (the trust anchor: empty).
    const [aliceRefs, caRefs] = info.completeRevocationRefs ?? [];
    expect(caRefs).toEqual({ crls: [], ocsp: [] });
    expect(aliceRefs?.crls).toEqual([
      {
        hashAlgorithm: hashOid,
        hash: await hash(hashOid, crl),
        issuer: ca.subjectText,
        issuedAt: NOW,
        crlNumber: 5n,
      },
    ]);
    // §6.3.3, §6.3.4: the values the references point at.
    expect(info.certValues).toEqual([pki.ca.der]);
    expect(info.revocationValues?.crls).toEqual([crl]);
    const basic = info.revocationValues?.ocsp[0] ?? new Uint8Array();
    expect(Buffer.from(ocsp).includes(Buffer.from(basic))).toBe(true);
    expect(aliceRefs?.ocsp).toEqual([
      {
        responderId: { byKey: await keyIdentifier(pki.ca.key.signer.publicKeyInfo) },
        producedAt: NOW,
        hash: { hashAlgorithm: hashOid, hash: await hash(hashOid, basic) },
      },
    ]);

    // §6.3.5: the CAdES-C time-stamp covers signature value ‖ signature time-stamp ‖ both reference attributes.
    const attributes = parseCms(xl).signers[0]?.unsignedAttributeValues ?? [];
    expect(attributes.map((a) => a.type)).toEqual([
      OID.signatureTimeStampToken,
      OID.completeCertificateRefs,
      OID.completeRevocationRefs,
      OID.escTimeStamp,
      OID.certValues,
      OID.revocationValues,
    ]);
    const attribute = (type: string): Uint8Array =>
      contents(attributes.find((a) => a.type === type)?.der ?? new Uint8Array());
    const input = concat(
      signature,
      attribute(OID.signatureTimeStampToken),
      attribute(OID.completeCertificateRefs),
      attribute(OID.completeRevocationRefs),
    );
    const escStamp = info.escTimeStamps[0] ?? new Uint8Array();
    expect(parseTimeStampToken(escStamp).tstInfo.messageImprint).toEqual({
      hashAlgorithm: hashOid,
      digest: await hash(hashOid, input),
    });

    expect((await verifyCms(xl)).ok).toBe(true);
    expect(opensslVerifyCms(xl, join(pki.dir, 'ca.pem'))).toEqual(Buffer.from(CONTENT));
  });

  it('refuses to extend a signature without a time-stamp, and a TSA that stamps something else', async () => {
    const bes = await signCms({
      content: CONTENT,
      detached: true,
      signers: [{ signer: pki.alice.key.signer, certificate: pki.alice.der }],
      signingTime: NOW,
    });
    await expect(
      extendToXLongType1(bes, 0, { certificates: [pki.ca.der], tsaCallback: tsa }),
    ).rejects.toThrow(PkiError);
    await expect(
      addSignatureTimeStamp(bes, 0, (_digest, algorithm) =>
        tsa(new Uint8Array(64).subarray(0, _digest.length), algorithm),
      ),
    ).rejects.toThrow('the TSA stamped a different digest');
    await expect(addSignatureTimeStamp(bes, 3, tsa)).rejects.toThrow(PkiError);
    expect(() => parseCadesLevel(bes, 2)).toThrow(PkiError);
  });
});
