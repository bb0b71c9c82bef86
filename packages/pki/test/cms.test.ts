import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openssl } from '@podpis/testkit';
import {
  addCounterSignature,
  hashForSigner,
  importSoftwareKey,
  OID,
  parseCms,
  PkiError,
  prepareCmsDigestSignature,
  signCms,
  signCmsDigest,
  verifyCms,
} from '@podpis/pki';
import { fromPem, pem } from './support/pem.js';
import { makeCmsPki, NOW, opensslVerifyCms, resign, SPECS, type CmsPki } from './support/cms-pki.js';

const CONTENT = new TextEncoder().encode('Договор поставки № 17 от 1 марта\n');

function flipLastMatch(der: Uint8Array, needle: Uint8Array): Uint8Array {
  const copy = der.slice();
  for (let i = copy.length - needle.length; i >= 0; i--) {
    if (needle.every((b, j) => copy[i + j] === b)) {
      copy[i + needle.length - 1] = (copy[i + needle.length - 1] ?? 0) ^ 0x01;
      return copy;
    }
  }
  throw new Error('needle not found');
}

describe.each(SPECS)('$label CMS SignedData', ({ spec }) => {
  let pki: CmsPki;
  beforeAll(async () => {
    pki = await makeCmsPki(spec);
  });

  const sign = (detached: boolean, two = false): Promise<Uint8Array> =>
    signCms({
      content: CONTENT,
      detached,
      signers: [
        { signer: pki.alice.key.signer, certificate: pki.alice.der },
        ...(two ? [{ signer: pki.bob.key.signer, certificate: pki.bob.der }] : []),
      ],
      certificates: [pki.ca.der],
      signingTime: NOW,
    });

  it('signs attached, parses back the content and attributes, and verifies', async () => {
    const der = await sign(false);
    const parsed = parseCms(der);
    expect(parsed.contentType).toBe(OID.data);
    expect(parsed.detached).toBe(false);
    expect(parsed.content).toEqual(CONTENT);
    expect(parsed.certificates).toHaveLength(2);
    const [signer] = parsed.signers;
    expect(signer?.signingTime).toEqual(NOW);
    expect(signer?.signedAttributes).toEqual(
      expect.arrayContaining([OID.contentType, OID.messageDigest, OID.signingTime, OID.signingCertificateV2]),
    );
    expect(signer?.sid).toMatchObject({ serialNumberHex: expect.stringMatching(/^40/) as string });
    const result = await verifyCms(der, { now: NOW });
    expect(result.ok).toBe(true);
    expect(result.signers[0]).toMatchObject({
      ok: true,
      signingCertificateAttribute: true,
      certificate: pki.alice.der,
    });
    expect(opensslVerifyCms(der, join(pki.dir, 'ca.pem'))).toEqual(Buffer.from(CONTENT));
  });

  it('signs detached with two signers; OpenSSL and we verify with the content given separately', async () => {
    const der = await sign(true, true);
    const parsed = parseCms(der);
    expect(parsed.detached).toBe(true);
    expect(parsed.signers).toHaveLength(2);
    expect((await verifyCms(der)).signers[0]?.code).toBe('CONTENT_MISSING');
    const result = await verifyCms(der, { detachedContent: CONTENT });
    expect(result.signers.map((s) => s.ok)).toEqual([true, true]);
    const other = await verifyCms(der, { detachedContent: new TextEncoder().encode('другой текст') });
    expect(other.signers.map((s) => s.code)).toEqual(['MESSAGE_DIGEST_MISMATCH', 'MESSAGE_DIGEST_MISMATCH']);
    expect(opensslVerifyCms(der, join(pki.dir, 'ca.pem'), CONTENT)).toEqual(Buffer.from(CONTENT));
  });

  it("signs the content's digest alone: a detached SignedData that we and OpenSSL verify with the content", async () => {
    const signer = pki.alice.key.signer;
    const contentDigest = await hashForSigner(signer, CONTENT);
    const der = await signCmsDigest({
      contentDigest,
      signer,
      certificate: pki.alice.der,
      certificates: [pki.ca.der],
      signingTime: NOW,
    });
    const parsed = parseCms(der);
    expect(parsed).toMatchObject({ detached: true, contentType: OID.data });
    expect(parsed.certificates).toEqual([pki.alice.der, pki.ca.der]);
    expect(parsed.signers[0]?.signedAttributes).toEqual(
      expect.arrayContaining([OID.contentType, OID.messageDigest, OID.signingTime, OID.signingCertificateV2]),
    );
    expect(await verifyCms(der, { detachedContent: CONTENT, now: NOW })).toMatchObject({ ok: true });
    const other = await verifyCms(der, { detachedContent: new TextEncoder().encode('другой текст') });
    expect(other.signers[0]?.code).toBe('MESSAGE_DIGEST_MISMATCH');
    writeFileSync(join(pki.dir, 'from-digest.der'), der);
    writeFileSync(join(pki.dir, 'content.txt'), CONTENT);
    openssl([
      'cms',
      '-verify',
      '-binary',
      '-CAfile',
      join(pki.dir, 'ca.pem'),
      '-in',
      join(pki.dir, 'from-digest.der'),
      '-inform',
      'DER',
      '-content',
      join(pki.dir, 'content.txt'),
      '-out',
      '/dev/null',
    ]);
    // In two steps, as a key store that signs only the digests it was authorised for needs it.
    const prepared = await prepareCmsDigestSignature({
      contentDigest,
      signer,
      certificate: pki.alice.der,
      signingTime: NOW,
    });
    const twoStep = prepared.complete(await signer.signDigest(prepared.digest));
    expect(await verifyCms(twoStep, { detachedContent: CONTENT })).toMatchObject({ ok: true });
    const wrongLength = signCmsDigest({
      contentDigest: contentDigest.subarray(1),
      signer,
      certificate: pki.alice.der,
      signingTime: NOW,
    });
    await expect(wrongLength).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', path: 'contentDigest' });
  });

  it('adds a counter-signature that we check and OpenSSL still accepts', async () => {
    const der = await addCounterSignature(await sign(false), 0, {
      signer: pki.bob.key.signer,
      certificate: pki.bob.der,
      signingTime: NOW,
    });
    const parsed = parseCms(der);
    expect(parsed.signers[0]?.unsignedAttributes).toEqual([OID.counterSignature]);
    expect(parsed.signers[0]?.counterSignatures[0]?.signedAttributes).not.toContain(OID.contentType);
    const result = await verifyCms(der);
    expect(result.ok).toBe(true);
    expect(result.signers[0]?.counterSignatures[0]).toMatchObject({ ok: true, certificate: pki.bob.der });
    expect(opensslVerifyCms(der, join(pki.dir, 'ca.pem'))).toEqual(Buffer.from(CONTENT));
  });

  it('names the failure: tampered content, signed attribute, signature; unknown signer; future signing time', async () => {
    const der = await sign(false);
    const content = flipLastMatch(der, CONTENT);
    expect((await verifyCms(content)).signers[0]?.code).toBe('MESSAGE_DIGEST_MISMATCH');
    // The signingTime value: the UTCTime digits of the year end in the signed attributes.
    const parsed = parseCms(der);
    const signature = parsed.signers[0]?.signature ?? new Uint8Array();
    const attributes = parsed.signers[0]?.signedAttributesDer ?? new Uint8Array();
    const timeAt = attributes.findIndex((b, i) => b === 0x17 && attributes[i + 1] === 0x0d);
    const tamperedTime = flipLastMatch(der, attributes.subarray(timeAt, timeAt + 4));
    expect((await verifyCms(tamperedTime)).signers[0]?.code).toBe('SIGNATURE_INVALID');
    const tamperedSignature = flipLastMatch(der, signature.subarray(0, 16));
    expect((await verifyCms(tamperedSignature)).signers[0]?.code).toBe('SIGNATURE_INVALID');
    expect((await verifyCms(await signWithWrongCertificate())).signers[0]?.code).toBe('SIGNATURE_INVALID');
    expect((await verifyCms(await substituteCertificate(der))).signers[0]?.code).toBe(
      'SIGNING_CERTIFICATE_MISMATCH',
    );
    expect((await verifyCms(der, { now: new Date(NOW.getTime() - 60_000) })).signers[0]?.code).toBe(
      'SIGNING_TIME_IN_FUTURE',
    );
  });

  /** Alice's key with Bob's certificate embedded as well: the sid names Bob, the key is Alice's. */
  async function signWithWrongCertificate(): Promise<Uint8Array> {
    return signCms({
      content: CONTENT,
      detached: false,
      signers: [{ signer: pki.alice.key.signer, certificate: pki.bob.der }],
      signingTime: NOW,
    });
  }

  /**
   * The attack ESS signingCertificate stops: a second certificate with the same issuer, serial
   * and key (here valid a day longer) put in place of the one signed for.
   */
  async function substituteCertificate(der: Uint8Array): Promise<Uint8Array> {
    for (let day = 1; ; day++) {
      const substitute = await resign(pki.alice.der, pki.ca, (cert) => {
        const notAfter = cert.tbsCertificate.validity.notAfter;
        notAfter.utcTime = new Date(notAfter.getTime().getTime() + day * 86_400_000);
      });
      if (substitute.length !== pki.alice.der.length) continue;
      const at = Buffer.from(der).indexOf(Buffer.from(pki.alice.der));
      const copy = der.slice();
      copy.set(substitute, at);
      return copy;
    }
  }

  it('finds a signer whose certificate is not embedded among the certificates given', async () => {
    const der = await sign(false);
    const withoutSigner = parseCms(der).certificates.length;
    expect(withoutSigner).toBe(2);
    const bobOnly = await signCms({
      content: CONTENT,
      detached: false,
      signers: [{ signer: pki.bob.key.signer, certificate: pki.bob.der }],
      signingTime: NOW,
    });
    const at = Buffer.from(bobOnly).indexOf(Buffer.from(pki.bob.der));
    // Change the embedded certificate's serial (SEQUENCE, SEQUENCE, [0] version, INTEGER 40 nn) so it no longer matches the sid.
    const broken = bobOnly.slice();
    expect(Array.from(broken.subarray(at + 13, at + 16))).toEqual([0x02, 0x02, 0x40]);
    broken[at + 16] = (broken[at + 16] ?? 0) ^ 0x7f;
    expect((await verifyCms(broken)).signers[0]?.code).toBe('SIGNER_CERTIFICATE_NOT_FOUND');
    expect((await verifyCms(broken, { certificates: [pki.bob.der] })).ok).toBe(true);
  });
});

describe('OpenSSL signatures', () => {
  const cases = [
    { label: 'GOST-256', genpkey: ['-algorithm', 'gost2012_256', '-pkeyopt', 'paramset:TCB'] },
    { label: 'GOST-512', genpkey: ['-algorithm', 'gost2012_512', '-pkeyopt', 'paramset:A'] },
    { label: 'RSA', genpkey: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'] },
    { label: 'ECDSA', genpkey: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'] },
  ];
  it.each(cases)('$label: we verify `openssl cms -sign` attached and detached', async ({ genpkey }) => {
    const dir = (await makeCmsPki(SPECS[0]!.spec)).dir;
    openssl(['genpkey', ...genpkey, '-out', join(dir, 'key.pem')]);
    openssl([
      'req',
      '-x509',
      '-new',
      '-key',
      join(dir, 'key.pem'),
      '-subj',
      '/CN=OpenSSL signer',
      '-days',
      '2',
      '-out',
      join(dir, 'cert.pem'),
    ]);
    writeFileSync(join(dir, 'content.txt'), CONTENT);
    const opensslSign = (...detach: string[]): Buffer =>
      openssl([
        'cms',
        '-sign',
        '-binary',
        ...detach,
        '-in',
        join(dir, 'content.txt'),
        '-signer',
        join(dir, 'cert.pem'),
        '-inkey',
        join(dir, 'key.pem'),
        '-outform',
        'DER',
      ]).stdout;
    const attached = opensslSign('-nodetach');
    const detached = opensslSign();
    const attachedResult = await verifyCms(new Uint8Array(attached));
    expect(attachedResult.signers[0]).toMatchObject({ ok: true });
    expect(parseCms(new Uint8Array(attached)).content).toEqual(CONTENT);
    expect((await verifyCms(new Uint8Array(detached), { detachedContent: CONTENT })).ok).toBe(true);
    expect(
      (await verifyCms(new Uint8Array(detached), { detachedContent: CONTENT.subarray(1) })).signers[0]?.code,
    ).toBe('MESSAGE_DIGEST_MISMATCH');
    // And OpenSSL verifies what we sign with its key.
    const keyDer = fromPem(openssl(['pkey', '-in', join(dir, 'key.pem')]).stdout.toString());
    const certDer = fromPem(readFileSync(join(dir, 'cert.pem'), 'utf8'));
    const ours = await signCms({
      content: CONTENT,
      detached: true,
      signers: [{ signer: await importSoftwareKey(keyDer), certificate: certDer }],
      signingTime: NOW,
    });
    expect(opensslVerifyCms(ours, join(dir, 'cert.pem'), CONTENT)).toEqual(Buffer.from(CONTENT));
    expect(pem('X', certDer)).toContain('BEGIN X');
  });
});

describe('bad input', () => {
  it('throws only PkiError for truncated or garbled CMS', async () => {
    const pki = await makeCmsPki(SPECS[2]!.spec);
    const der = await signCms({
      content: CONTENT,
      detached: false,
      signers: [{ signer: pki.alice.key.signer, certificate: pki.alice.der }],
      signingTime: NOW,
    });
    const inputs = [
      der.subarray(0, der.length - 1),
      der.subarray(0, 40),
      new Uint8Array([0x30, 0x03, 0x06, 0x01, 0x00]),
      ...Array.from({ length: 40 }, (_, i) => {
        const copy = der.slice();
        copy[(i * 37) % copy.length] = (copy[(i * 37) % copy.length] ?? 0) ^ 0x5a;
        return copy;
      }),
    ];
    for (const input of inputs) {
      try {
        parseCms(input);
        await verifyCms(input);
      } catch (error) {
        expect(error).toBeInstanceOf(PkiError);
      }
    }
  });
});
