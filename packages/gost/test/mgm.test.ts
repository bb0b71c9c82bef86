import { describe, expect, it } from 'vitest';
import {
  bytesToHex,
  Kuznyechik,
  Magma,
  mgmDecrypt,
  mgmEncrypt,
  randomBytes,
  type BlockCipher,
} from '@podpis/gost';
import { hex, errorCode } from './support/helpers.js';
import { describeEachImplementation } from './support/implementations.js';

interface Vector {
  section: string;
  cipher: BlockCipher;
  nonce: string;
  aad: string;
  plaintext: string;
  ciphertext: string;
  tag: string;
}

// RFC 9058 appendix A; examples 2 of A.1 and A.2 share this key.
const EXAMPLE2_KEY = hex('99aabbccddeeff0011223344556677fedcba98765432100123456789abcdef88');

/** A function, so each path builds its own ciphers. */
const vectors = (): Vector[] => [
  {
    section: 'A.1.1 Kuznyechik example 1',
    cipher: new Kuznyechik(hex('8899aabbccddeeff0011223344556677fedcba98765432100123456789abcdef')),
    nonce: '1122334455667700ffeeddccbbaa9988',
    aad: `0202020202020202 0101010101010101 0404040404040404 0303030303030303 ea05050505050505 05`,
    plaintext: `1122334455667700ffeeddccbbaa9988 00112233445566778899aabbcceeff0a
                112233445566778899aabbcceeff0a00 2233445566778899aabbcceeff0a0011 aabbcc`,
    ciphertext: `a9757b8147956e9055b8a33de89f42fc 8075d2212bf9fd5bd3f7069aadc16b39
                 497ab15915a6ba85936b5d0ea9f6851c c60c14d4d3f883d0ab94420695c76deb 2c7552`,
    tag: 'cf5d656f40c34f5c46e8bb0e29fcdb4c',
  },
  {
    section: 'A.1.2 Kuznyechik example 2 (associated data only)',
    cipher: new Kuznyechik(EXAMPLE2_KEY),
    nonce: '1122334455667700ffeeddccbbaa9988',
    aad: '01010101010101010101010101010101',
    plaintext: '',
    ciphertext: '',
    tag: '7901e9ea2085cd247ed249695f9f8a85',
  },
  {
    section: 'A.2.1 Magma example 1',
    cipher: new Magma(hex('ffeeddccbbaa99887766554433221100f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff')),
    nonce: '12def06b3c130a59',
    aad: `0101010101010101 0202020202020202 0303030303030303 0404040404040404 0505050505050505 ea`,
    plaintext: `ffeeddccbbaa9988 1122334455667700 8899aabbcceeff0a 0011223344556677
                99aabbcceeff0a00 1122334455667788 aabbcceeff0a0011 2233445566778899 aabbcc`,
    ciphertext: `c795066c5f9ea03b 85113342459185ae 1f2e00d6bf2b785d 940470b8bb9c8e7d
                 9a5dd3731f7ddc70 ec27cb0ace6fa576 70f65c646abb75d5 47aa37c3bcb5c34e 03bb9c`,
    tag: 'a7928069aa10fd10',
  },
  {
    section: 'A.2.2 Magma example 2 (plaintext only)',
    cipher: new Magma(EXAMPLE2_KEY),
    nonce: '0077665544332211',
    aad: '',
    plaintext: '22334455667700ff',
    ciphertext: '6a95e1426b259d4e',
    tag: '334ee270450bec9e',
  },
];

describeEachImplementation('MGM', () => {
  const VECTORS = vectors();

  describe('RFC 9058 appendix A', () => {
    for (const v of VECTORS) {
      it(`${v.section}: encrypts and authenticates`, () => {
        const sealed = mgmEncrypt(v.cipher, hex(v.nonce), hex(v.plaintext), { aad: hex(v.aad) });
        expect(bytesToHex(sealed)).toBe(bytesToHex(hex(v.ciphertext + v.tag)));
      });

      it(`${v.section}: verifies and decrypts`, () => {
        const opened = mgmDecrypt(v.cipher, hex(v.nonce), hex(v.ciphertext + v.tag), { aad: hex(v.aad) });
        expect(bytesToHex(opened)).toBe(bytesToHex(hex(v.plaintext)));
      });
    }
  });

  describe('tampering and options', () => {
    const v = VECTORS[0]!;
    const nonce = hex(v.nonce);
    const aad = hex(v.aad);
    const sealed = hex(v.ciphertext + v.tag);

    it('fails with AUTH_FAILED on a flipped bit anywhere in ciphertext or tag', () => {
      for (let i = 0; i < sealed.length; i++) {
        const bad = Uint8Array.from(sealed);
        bad[i]! ^= 1 << (i % 8);
        expect(errorCode(() => mgmDecrypt(v.cipher, nonce, bad, { aad }))).toBe('AUTH_FAILED');
      }
    });

    it('fails with AUTH_FAILED on changed or missing associated data', () => {
      const badAad = Uint8Array.from(aad);
      badAad[40]! ^= 0x80;
      expect(errorCode(() => mgmDecrypt(v.cipher, nonce, sealed, { aad: badAad }))).toBe('AUTH_FAILED');
      expect(errorCode(() => mgmDecrypt(v.cipher, nonce, sealed, { aad: aad.subarray(1) }))).toBe(
        'AUTH_FAILED',
      );
      expect(errorCode(() => mgmDecrypt(v.cipher, nonce, sealed))).toBe('AUTH_FAILED');
    });

    it('fails with AUTH_FAILED on another nonce, a truncated input or a wrong tag length', () => {
      const otherNonce = Uint8Array.from(nonce);
      otherNonce[15]! ^= 1;
      expect(errorCode(() => mgmDecrypt(v.cipher, otherNonce, sealed, { aad }))).toBe('AUTH_FAILED');
      expect(errorCode(() => mgmDecrypt(v.cipher, nonce, sealed.subarray(0, 10), { aad }))).toBe(
        'AUTH_FAILED',
      );
      expect(errorCode(() => mgmDecrypt(v.cipher, nonce, sealed, { aad, tagLength: 8 }))).toBe('AUTH_FAILED');
    });

    it('ignores the top bit of the nonce (ICN has n - 1 bits)', () => {
      const topBit = Uint8Array.from(nonce);
      topBit[0]! |= 0x80;
      expect(bytesToHex(mgmEncrypt(v.cipher, topBit, hex(v.plaintext), { aad }))).toBe(bytesToHex(sealed));
    });

    it('truncates the tag to tagLength and round-trips random messages', () => {
      for (const cipher of [VECTORS[0]!.cipher, VECTORS[2]!.cipher]) {
        const n = cipher.blockSize;
        for (const tagLength of [4, n / 2, n]) {
          for (const len of [0, 1, n, 3 * n + 5]) {
            const nonceR = randomBytes(n);
            const msg = randomBytes(len);
            const ad = randomBytes(7);
            const out = mgmEncrypt(cipher, nonceR, msg, { aad: ad, tagLength });
            expect(out.length).toBe(len + tagLength);
            expect(bytesToHex(mgmDecrypt(cipher, nonceR, out, { aad: ad, tagLength }))).toBe(bytesToHex(msg));
          }
        }
      }
      const full = mgmEncrypt(v.cipher, nonce, hex(v.plaintext), { aad });
      const short = mgmEncrypt(v.cipher, nonce, hex(v.plaintext), { aad, tagLength: 12 });
      expect(bytesToHex(short)).toBe(bytesToHex(full.subarray(0, full.length - 4)));
    });

    it('rejects bad parameters with stable codes', () => {
      const p = hex(v.plaintext);
      expect(errorCode(() => mgmEncrypt(v.cipher, nonce.subarray(0, 8), p))).toBe('INVALID_NONCE');
      expect(errorCode(() => mgmEncrypt(v.cipher, nonce, p, { tagLength: 3 }))).toBe('INVALID_TAG_LENGTH');
      expect(errorCode(() => mgmEncrypt(v.cipher, nonce, p, { tagLength: 17 }))).toBe('INVALID_TAG_LENGTH');
      expect(errorCode(() => mgmEncrypt(v.cipher, nonce, new Uint8Array(0)))).toBe('INVALID_ARGUMENT');
      expect(errorCode(() => mgmDecrypt(v.cipher, nonce, sealed, { aad, tagLength: 2 }))).toBe(
        'INVALID_TAG_LENGTH',
      );
    });
  });
});
