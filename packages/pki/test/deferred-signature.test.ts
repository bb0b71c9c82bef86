import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addCoSignature,
  addCounterSignature,
  deferSignature,
  hashForSigner,
  parseCms,
  PkiError,
  signCms,
  signCmsDigest,
  verifyCms,
} from '@podpis/pki';
import { makeCmsPki, NOW, opensslVerifyCms, SPECS, type CmsPki } from './support/cms-pki.js';

const CONTENT = new TextEncoder().encode('Договор поставки № 17\n');

describe.each(SPECS)('$label: signing with a key that signs only digests shown first', ({ spec }) => {
  let pki: CmsPki;
  beforeAll(async () => {
    pki = await makeCmsPki(spec);
  });

  it('a co-signature added in two steps verifies in OpenSSL next to the first signer (attached and detached)', async () => {
    for (const detached of [false, true]) {
      const first = await signCms({
        content: CONTENT,
        detached,
        signers: [{ signer: pki.alice.key.signer, certificate: pki.alice.der }],
        signingTime: NOW,
      });
      const bob = pki.bob.key.signer;
      const contentDigest = await hashForSigner(bob, CONTENT);
      const deferred = await deferSignature(bob, (signer) =>
        addCoSignature(first, {
          signer,
          certificate: pki.bob.der,
          signingTime: NOW,
          ...(detached ? { contentDigest } : {}),
        }),
      );
      const both = await deferred.complete(await bob.signDigest(deferred.digest));
      expect(parseCms(both).signers).toHaveLength(2);
      const verification = await verifyCms(both, detached ? { detachedContent: CONTENT } : {});
      expect(verification.ok).toBe(true);
      opensslVerifyCms(both, join(pki.dir, 'ca.pem'), detached ? CONTENT : undefined);
    }
  });

  it('a counter-signature made in two steps verifies, and covers the signature it counter-signs', async () => {
    const first = await signCmsDigest({
      contentDigest: await hashForSigner(pki.alice.key.signer, CONTENT),
      signer: pki.alice.key.signer,
      certificate: pki.alice.der,
      signingTime: NOW,
    });
    const bob = pki.bob.key.signer;
    const deferred = await deferSignature(bob, (signer) =>
      addCounterSignature(first, 0, { signer, certificate: pki.bob.der, signingTime: NOW }),
    );
    const countersigned = await deferred.complete(await bob.signDigest(deferred.digest));
    const [signer] = parseCms(countersigned).signers;
    expect(signer?.counterSignatures).toHaveLength(1);
    const verification = await verifyCms(countersigned, { detachedContent: CONTENT });
    expect(verification.ok).toBe(true);
    expect(verification.signers[0]?.counterSignatures[0]?.ok).toBe(true);
    opensslVerifyCms(countersigned, join(pki.dir, 'ca.pem'), CONTENT);
  });

  it('a builder that signs other bytes the second time is refused, not completed', async () => {
    let time = NOW;
    const deferred = await deferSignature(pki.alice.key.signer, (signer) =>
      signCms({
        content: CONTENT,
        detached: true,
        signers: [{ signer, certificate: pki.alice.der }],
        signingTime: time,
      }),
    );
    time = new Date(NOW.getTime() + 1000);
    await expect(deferred.complete(new Uint8Array(8))).rejects.toThrow(PkiError);
  });

  it('a co-signature with a digest of other content is refused on an attached SignedData', async () => {
    const first = await signCms({
      content: CONTENT,
      detached: false,
      signers: [{ signer: pki.alice.key.signer, certificate: pki.alice.der }],
      signingTime: NOW,
    });
    const contentDigest = await hashForSigner(pki.bob.key.signer, new Uint8Array([1, 2, 3]));
    await expect(
      addCoSignature(first, {
        signer: pki.bob.key.signer,
        certificate: pki.bob.der,
        signingTime: NOW,
        contentDigest,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', path: 'contentDigest' });
  });
});
