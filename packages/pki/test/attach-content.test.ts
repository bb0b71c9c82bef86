import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  attachedContentFraming,
  hashForSigner,
  parseCms,
  PkiError,
  signCms,
  signCmsDigest,
  verifyCms,
} from '@podpis/pki';
import { makeCmsPki, NOW, opensslVerifyCms, SPECS, type CmsPki } from './support/cms-pki.js';

const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/** Contents whose lengths cross each DER length form: short, one, two and three length octets. */
const SIZES = [0, 1, 127, 128, 255, 256, 1000, 65535, 65536, 70_000];

describe.each(SPECS.filter((s) => s.label === 'GOST-256' || s.label === 'ECDSA'))(
  '$label: a detached SignedData framed around its content is the attached one',
  ({ spec }) => {
    let pki: CmsPki;
    beforeAll(async () => {
      pki = await makeCmsPki(spec);
    });

    const signer = () => ({ signer: pki.alice.key.signer, certificate: pki.alice.der });

    it('prefix ‖ content ‖ suffix is what signCms makes attached (the same signature, the content carried, verifying), for every length form', async () => {
      for (const size of SIZES) {
        const content = new Uint8Array(size).map((_, i) => i % 251);
        const options = { content, signers: [signer()], certificates: [pki.ca.der], signingTime: NOW };
        const detached = await signCms({ ...options, detached: true });
        const attached = await signCms({ ...options, detached: false });
        const { prefix, suffix } = attachedContentFraming(detached, content.length);
        // Signatures are randomised, so the two differ in it only: for GOST (fixed length) not even in length.
        const framed = concat(prefix, content, suffix);
        if (spec.type === 'gost') expect(framed.length, `size ${size}`).toBe(attached.length);
        const parsed = parseCms(framed);
        expect(parsed.detached).toBe(false);
        expect(parsed.content).toEqual(content);
        expect(parsed.signers[0]!.signature).toEqual(parseCms(detached).signers[0]!.signature);
        expect((await verifyCms(framed, { now: NOW })).ok, `size ${size}`).toBe(true);
      }
    });

    it('a digest-only signature (signCmsDigest) framed around its content verifies with openssl cms -verify', async () => {
      const content = new TextEncoder().encode('Приказ № 12\n'.repeat(5000));
      const contentDigest = await hashForSigner(pki.alice.key.signer, content);
      const detached = await signCmsDigest({
        contentDigest,
        ...signer(),
        certificates: [pki.ca.der],
        signingTime: NOW,
      });
      const { prefix, suffix } = attachedContentFraming(detached, content.length);
      const verified = opensslVerifyCms(concat(prefix, content, suffix), join(pki.dir, 'ca.pem'));
      expect(Buffer.from(verified).equals(Buffer.from(content))).toBe(true);
    });

    it('refuses an attached SignedData and what is not a ContentInfo', async () => {
      const attached = await signCms({
        content: Uint8Array.of(1, 2, 3),
        detached: false,
        signers: [signer()],
        signingTime: NOW,
      });
      expect(() => attachedContentFraming(attached, 3)).toThrow(/attached already/);
      expect(() => attachedContentFraming(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00), 3)).toThrow(PkiError);
      expect(() => attachedContentFraming(attached.subarray(0, 40), 3)).toThrow(/truncated|not a/);
    });
  },
);
