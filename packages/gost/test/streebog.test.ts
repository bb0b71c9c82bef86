import { describe, expect, it } from 'vitest';
import {
  bytesToHex,
  createStreebog256,
  createStreebog512,
  hexToBytes,
  reverseBytes,
  streebog256,
  streebog512,
} from '@podpis/gost';
import { errorCode, seededBytes, GOST_IMPLEMENTATIONS, runOn } from './support/helpers.js';

/**
 * RFC 6986 prints messages and hash codes as numbers, most significant digit
 * first; the hash reads and writes byte strings least significant byte first.
 * So every printed value is reversed byte by byte before use.
 */
const rfcNumber = (printed: string): Uint8Array => reverseBytes(hexToBytes(printed.replace(/\s+/g, '')));

// RFC 6986 §10.1 (= GOST R 34.11-2012 appendix A, example 1).
const M1 = rfcNumber(`
  32313039383736353433323130393837
  36353433323130393837363534333231
  30393837363534333231303938373635
  343332313039383736353433323130`);

// RFC 6986 §10.2 (= GOST R 34.11-2012 appendix A, example 2).
const M2 = rfcNumber(`
  fbe2e5f0eee3c820fbeafaebef20fffb
  f0e1e0f0f520e0ed20e8ece0ebe5f0f2
  f120fff0eeec20f120faf2fee5e2202c
  e8f6f3ede220e8e6eee1e8f0f2d1202c
  e8f0f2e5e220e5d1`);

describe.each(GOST_IMPLEMENTATIONS)('on the %s path', (implementation) => {
  runOn(implementation, 'streebog');

  describe('Streebog examples of RFC 6986 §10', () => {
    it('reads M1 as the ASCII digits "0123...012" and M2 as a CP1251 line of the Igor Tale', () => {
      expect(new TextDecoder().decode(M1)).toBe(
        '012345678901234567890123456789012345678901234567890123456789012',
      );
      expect(M1.length).toBe(63);
      expect(new TextDecoder('windows-1251').decode(M2)).toBe(
        'Се ветри, Стрибожи внуци, веютъ с моря стрелами на храбрыя плъкы Игоревы',
      );
      expect(M2.length).toBe(72);
    });

    it('§10.1.1: 512-bit hash of M1', () => {
      expect(streebog512(M1)).toEqual(
        rfcNumber(`486f64c1917879417fef082b3381a4e2
                   11c324f074654c38823a7b76f830ad00
                   fa1fbae42b1285c0352f227524bc9ab1
                   6254288dd6863dccd5b9f54a1ad0541b`),
      );
    });

    it('§10.1.2: 256-bit hash of M1', () => {
      expect(streebog256(M1)).toEqual(
        rfcNumber(`00557be5e584fd52a449b16b0251d05d
                   27f94ab76cbaa6da890b59d8ef1e159d`),
      );
    });

    it('§10.2.1: 512-bit hash of M2', () => {
      expect(streebog512(M2)).toEqual(
        rfcNumber(`28fbc9bada033b1460642bdcddb90c3f
                   b3e56c497ccd0f62b8a2ad4935e85f03
                   7613966de4ee00531ae60f3b5a47f8da
                   e06915d5f2f194996fcabf2622e6881e`),
      );
    });

    it('§10.2.2: 256-bit hash of M2', () => {
      expect(streebog256(M2)).toEqual(
        rfcNumber(`508f7e553c06501d749a66fc28c6cac0
                   b005746d97537fa85d9e40904efed29d`),
      );
    });

    it('hashes the empty message (values as OpenSSL prints them, in byte order)', () => {
      const empty = new Uint8Array(0);
      expect(bytesToHex(streebog512(empty))).toBe(
        '8e945da209aa869f0455928529bcae4679e9873ab707b55315f56ceb98bef0a7' +
          '362f715528356ee83cda5f2aac4c6ad2ba3a715c1bcd81cb8e9f90bf4c1c1a8a',
      );
      expect(bytesToHex(streebog256(empty))).toBe(
        '3f539a213e97c802cc229d474c6aa32a825a360b2a933a949fd925208d9ce1bb',
      );
    });
  });

  describe('Streebog streaming', () => {
    const random = seededBytes(0x5eeb06);

    it('gives the one-shot result for every length 0..200 fed byte by byte', () => {
      for (let length = 0; length <= 200; length++) {
        const message = random(length);
        const h256 = createStreebog256();
        const h512 = createStreebog512();
        for (let i = 0; i < length; i++) {
          h256.update(message.subarray(i, i + 1));
          h512.update(message.subarray(i, i + 1));
        }
        expect(h256.digest(), `length ${length}`).toEqual(streebog256(message));
        expect(h512.digest(), `length ${length}`).toEqual(streebog512(message));
      }
    });

    it('gives the one-shot result for random chunkings, around the 64-byte block boundaries too', () => {
      const lengths = [63, 64, 65, 127, 128, 129, 191, 192, 193, 1000, 4096, 4097];
      for (let n = 0; n < 100; n++) lengths.push(random(2)[0]! * 8 + random(1)[0]!);
      for (const length of lengths) {
        const message = random(length);
        const h = createStreebog512();
        let pos = 0;
        while (pos < length) {
          const step = Math.min(length - pos, random(1)[0]! % 150);
          h.update(message.subarray(pos, pos + step));
          pos += step;
        }
        expect(bytesToHex(h.digest()), `length ${length}`).toBe(bytesToHex(streebog512(message)));
      }
    });

    it('carries the 512-bit checksum across limbs (all-ones blocks)', () => {
      const ones = new Uint8Array(64 * 5).fill(0xff);
      const h = createStreebog256();
      for (let i = 0; i < 5; i++) h.update(ones.subarray(64 * i, 64 * (i + 1)));
      expect(h.digest()).toEqual(streebog256(ones));
    });

    it('describes itself for generic HMAC: 64-byte blocks, 32- or 64-byte output', () => {
      expect([createStreebog256().blockLen, createStreebog256().outputLen]).toEqual([64, 32]);
      expect([createStreebog512().blockLen, createStreebog512().outputLen]).toEqual([64, 64]);
    });

    it('clones an unfinished state', () => {
      const a = createStreebog256().update(M1.subarray(0, 40));
      const b = a.clone();
      a.update(M1.subarray(40));
      b.update(M1.subarray(40));
      expect(a.digest()).toEqual(b.digest());
    });

    it('refuses reuse after digest with DIGEST_FINISHED', () => {
      const h = createStreebog512().update(M1);
      h.digest();
      expect(errorCode(() => h.update(M1))).toBe('DIGEST_FINISHED');
      expect(errorCode(() => h.digest())).toBe('DIGEST_FINISHED');
      expect(errorCode(() => h.clone())).toBe('DIGEST_FINISHED');
    });

    it('rejects non-byte input with INVALID_ARGUMENT', () => {
      expect(errorCode(() => streebog256('abc' as unknown as Uint8Array))).toBe('INVALID_ARGUMENT');
    });
  });
});
