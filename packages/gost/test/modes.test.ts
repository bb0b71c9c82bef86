import { describe, expect, it } from 'vitest';
import {
  bytesToHex,
  cbcDecrypt,
  cbcEncrypt,
  Ctr,
  ctr,
  ecbDecrypt,
  ecbEncrypt,
  Kuznyechik,
  Magma,
  omac,
  randomBytes,
  type BlockCipher,
} from '@podpis/gost';
import { omacShift } from '../src/modes.js';
import { hex, errorCode } from './support/helpers.js';
import { describeEachImplementation } from './support/implementations.js';

/** The examples of GOST R 34.13-2015 appendix A for one cipher. */
interface Example {
  name: string;
  section: string;
  cipher: BlockCipher;
  plaintext: string;
  ecb: string;
  ctrIv: string;
  ctr: string;
  cbcIv: string;
  cbc: string;
  omacR: string;
  omacK1: string;
  omacK2: string;
  mac: string;
}

/** A function, so each path builds its own ciphers. */
const examples = (): Example[] => [
  {
    name: 'Kuznyechik',
    section: 'A.1',
    cipher: new Kuznyechik(hex('8899aabbccddeeff0011223344556677fedcba98765432100123456789abcdef')),
    plaintext:
      '1122334455667700ffeeddccbbaa9988 00112233445566778899aabbcceeff0a ' +
      '112233445566778899aabbcceeff0a00 2233445566778899aabbcceeff0a0011',
    ecb:
      '7f679d90bebc24305a468d42b9d4edcd b429912c6e0032f9285452d76718d08b ' +
      'f0ca33549d247ceef3f5a5313bd4b157 d0b09ccde830b9eb3a02c4c5aa8ada98',
    ctrIv: '1234567890abcef0',
    ctr:
      'f195d8bec10ed1dbd57b5fa240bda1b8 85eee733f6a13e5df33ce4b33c45dee4 ' +
      'a5eae88be6356ed3d5e877f13564a3a5 cb91fab1f20cbab6d1c6d15820bdba73',
    cbcIv: '1234567890abcef0a1b2c3d4e5f0011223344556677889901213141516171819',
    cbc:
      '689972d4a085fa4d90e52e3d6d7dcc27 2826e661b478eca6af1e8e448d5ea5ac ' +
      'fe7babf1e91999e85640e8b0f49d90d0 167688065a895c631a2d9a1560b63970',
    omacR: '94bec15e269cf1e506f02b994c0a8ea0',
    omacK1: '297d82bc4d39e3ca0de0573298151dc7',
    omacK2: '52fb05789a73c7941bc0ae65302a3b8e',
    mac: '336f4d296059fbe3',
  },
  {
    name: 'Magma',
    section: 'A.2',
    cipher: new Magma(hex('ffeeddccbbaa99887766554433221100f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff')),
    plaintext: '92def06b3c130a59 db54c704f8189d20 4a98fb2e67a8024c 8912409b17b57e41',
    ecb: '2b073f0494f372a0 de70e715d3556e48 11d8d9e9eacfbc1e 7c68260996c67efb',
    ctrIv: '12345678',
    ctr: '4e98110c97b7b93c 3e250d93d6e85d69 136d868807b2dbef 568eb680ab52a12d',
    cbcIv: '1234567890abcdef234567890abcdef134567890abcdef12',
    cbc: '96d1b05eea683919 aff76129abb937b9 5058b4a1c4bc0019 20b78b1a7cd7e667',
    omacR: '2fa2cd99a1290a12',
    omacK1: '5f459b3342521424',
    omacK2: 'be8b366684a42848',
    mac: '154e7210',
  },
];

describeEachImplementation('GOST R 34.13-2015 appendix A', () => {
  for (const ex of examples()) {
    const P = hex(ex.plaintext);

    describe(`${ex.name}, GOST R 34.13-2015 appendix ${ex.section}`, () => {
      it(`${ex.section}.1 ECB encrypts and decrypts`, () => {
        expect(bytesToHex(ecbEncrypt(ex.cipher, P))).toBe(bytesToHex(hex(ex.ecb)));
        expect(bytesToHex(ecbDecrypt(ex.cipher, hex(ex.ecb)))).toBe(bytesToHex(P));
      });

      it(`${ex.section}.2 CTR encrypts and decrypts`, () => {
        expect(bytesToHex(ctr(ex.cipher, hex(ex.ctrIv), P))).toBe(bytesToHex(hex(ex.ctr)));
        expect(bytesToHex(ctr(ex.cipher, hex(ex.ctrIv), hex(ex.ctr)))).toBe(bytesToHex(P));
      });

      it(`${ex.section}.4 CBC with a ${hex(ex.cbcIv).length / ex.cipher.blockSize}-block IV register`, () => {
        expect(bytesToHex(cbcEncrypt(ex.cipher, hex(ex.cbcIv), P))).toBe(bytesToHex(hex(ex.cbc)));
        expect(bytesToHex(cbcDecrypt(ex.cipher, hex(ex.cbcIv), hex(ex.cbc)))).toBe(bytesToHex(P));
      });

      it(`${ex.section}.6 OMAC subkeys and MAC`, () => {
        const r = new Uint8Array(ex.cipher.blockSize);
        ex.cipher.encryptBlock(r, 0, r, 0);
        expect(bytesToHex(r)).toBe(ex.omacR);
        expect(bytesToHex(omacShift(r))).toBe(ex.omacK1);
        expect(bytesToHex(omacShift(omacShift(r)))).toBe(ex.omacK2);
        expect(bytesToHex(omac(ex.cipher, P, ex.mac.length / 2))).toBe(ex.mac);
      });

      it('streams CTR in chunks of any size', () => {
        const data = randomBytes(1000);
        const whole = ctr(ex.cipher, hex(ex.ctrIv), data);
        for (const chunk of [1, 3, ex.cipher.blockSize - 1, ex.cipher.blockSize, 17, 333]) {
          const stream = new Ctr(ex.cipher, hex(ex.ctrIv));
          const parts: number[] = [];
          for (let i = 0; i < data.length; i += chunk)
            parts.push(...stream.process(data.subarray(i, i + chunk)));
          expect(bytesToHex(Uint8Array.from(parts))).toBe(bytesToHex(whole));
        }
      });

      it('encrypts CTR in place', () => {
        const data = randomBytes(100);
        const copy = Uint8Array.from(data);
        new Ctr(ex.cipher, hex(ex.ctrIv)).process(copy, copy);
        expect(bytesToHex(copy)).toBe(bytesToHex(ctr(ex.cipher, hex(ex.ctrIv), data)));
      });

      it('pads by procedure 2 and removes the padding', () => {
        const n = ex.cipher.blockSize;
        for (const len of [0, 1, n - 1, n, n + 1, 3 * n]) {
          const data = randomBytes(len);
          const iv = randomBytes(n);
          const ecb = ecbEncrypt(ex.cipher, data, { padding: 'procedure2' });
          expect(ecb.length).toBe((Math.floor(len / n) + 1) * n);
          expect(bytesToHex(ecbDecrypt(ex.cipher, ecb, { padding: 'procedure2' }))).toBe(bytesToHex(data));
          const cbc = cbcEncrypt(ex.cipher, iv, data, { padding: 'procedure2' });
          expect(bytesToHex(cbcDecrypt(ex.cipher, iv, cbc, { padding: 'procedure2' }))).toBe(
            bytesToHex(data),
          );
        }
      });

      it('computes OMAC of empty, partial and multi-block messages, any tag length', () => {
        const n = ex.cipher.blockSize;
        const full = omac(ex.cipher, P);
        expect(full.length).toBe(n);
        expect(bytesToHex(omac(ex.cipher, P, 3))).toBe(bytesToHex(full.subarray(0, 3)));
        expect(omac(ex.cipher, new Uint8Array(0)).length).toBe(n);
        expect(bytesToHex(omac(ex.cipher, P.subarray(0, n + 1)))).not.toBe(
          bytesToHex(omac(ex.cipher, P.subarray(0, n))),
        );
      });

      it('rejects bad lengths with stable codes', () => {
        const n = ex.cipher.blockSize;
        expect(errorCode(() => ecbEncrypt(ex.cipher, new Uint8Array(n + 1)))).toBe('INVALID_DATA_LENGTH');
        expect(errorCode(() => ecbDecrypt(ex.cipher, new Uint8Array(n - 1)))).toBe('INVALID_DATA_LENGTH');
        expect(errorCode(() => cbcEncrypt(ex.cipher, new Uint8Array(n), new Uint8Array(1)))).toBe(
          'INVALID_DATA_LENGTH',
        );
        expect(errorCode(() => cbcDecrypt(ex.cipher, new Uint8Array(n), new Uint8Array(n + 2)))).toBe(
          'INVALID_DATA_LENGTH',
        );
        expect(errorCode(() => cbcEncrypt(ex.cipher, new Uint8Array(n + 1), P))).toBe('INVALID_IV_LENGTH');
        expect(errorCode(() => cbcEncrypt(ex.cipher, new Uint8Array(0), P))).toBe('INVALID_IV_LENGTH');
        expect(errorCode(() => ctr(ex.cipher, new Uint8Array(n), P))).toBe('INVALID_IV_LENGTH');
        expect(errorCode(() => new Ctr(ex.cipher, new Uint8Array(n / 2 - 1)))).toBe('INVALID_IV_LENGTH');
        expect(errorCode(() => omac(ex.cipher, P, 0))).toBe('INVALID_TAG_LENGTH');
        expect(errorCode(() => omac(ex.cipher, P, n + 1))).toBe('INVALID_TAG_LENGTH');
      });

      it('rejects a broken procedure 2 padding', () => {
        const n = ex.cipher.blockSize;
        const zeros = ecbEncrypt(ex.cipher, new Uint8Array(n));
        expect(errorCode(() => ecbDecrypt(ex.cipher, zeros, { padding: 'procedure2' }))).toBe(
          'INVALID_PADDING',
        );
        const block = new Uint8Array(n).fill(0x41);
        const noMarker = cbcEncrypt(ex.cipher, new Uint8Array(n), block);
        expect(
          errorCode(() => cbcDecrypt(ex.cipher, new Uint8Array(n), noMarker, { padding: 'procedure2' })),
        ).toBe('INVALID_PADDING');
      });
    });
  }
});
