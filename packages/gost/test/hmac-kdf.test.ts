import { describe, expect, it } from 'vitest';
import {
  concatBytes,
  createHmacStreebog256,
  createHmacStreebog512,
  hmacStreebog256,
  hmacStreebog512,
  kdfGostR3411_2012_256,
  kdfTree256,
} from '@podpis/gost';
import { hex, errorCode, GOST_IMPLEMENTATIONS, runOn } from './support/helpers.js';

/** RFC 7836 prints HMAC and KDF values as byte strings in order: no reversal. */

// The key, label and seed shared by the examples of RFC 7836 Appendix B.
const K = hex('000102030405060708090a0b0c0d0e0f 101112131415161718191a1b1c1d1e1f');
const T = hex('0126bdb87800af214341456563780100');
const LABEL = hex('26bdb878');
const SEED = hex('af21434145656378');

/** P_hash of RFC 5246 §5, the core of PRF_TLS_GOSTR3411_2012_* (RFC 7836 §4.2.1). */
function pHash(
  mac: (k: Uint8Array, d: Uint8Array) => Uint8Array,
  secret: Uint8Array,
  seed: Uint8Array,
  n: number,
) {
  const out: Uint8Array[] = [];
  let a = seed;
  for (let i = 0; i < n; i++) {
    a = mac(secret, a);
    out.push(mac(secret, concatBytes(a, seed)));
  }
  return out;
}

/** prf+ of RFC 7296 §2.13, as PRF_IPSEC_PRFPLUS_GOSTR3411_2012_* uses it (RFC 7836 §4.2.2). */
function prfPlus(
  mac: (k: Uint8Array, d: Uint8Array) => Uint8Array,
  key: Uint8Array,
  s: Uint8Array,
  n: number,
) {
  const out: Uint8Array[] = [];
  let t: Uint8Array = new Uint8Array(0);
  for (let i = 1; i <= n; i++) {
    t = mac(key, concatBytes(t, s, Uint8Array.of(i)));
    out.push(t);
  }
  return out;
}

describe.each(GOST_IMPLEMENTATIONS)('on the %s path', (implementation) => {
  runOn(implementation, 'streebog');

  describe('HMAC_GOSTR3411_2012 (RFC 7836 §4.1), examples of RFC 7836 Appendix B', () => {
    it('example 1: HMAC_GOSTR3411_2012_256', () => {
      expect(hmacStreebog256(K, T)).toEqual(
        hex(`a1 aa 5f 7d e4 02 d7 b3 d3 23 f2 99 1c 8d 45 34
             01 31 37 01 0a 83 75 4f d0 af 6d 7c d4 92 2e d9`),
      );
    });

    it('example 2: HMAC_GOSTR3411_2012_512', () => {
      expect(hmacStreebog512(K, T)).toEqual(
        hex(`a5 9b ab 22 ec ae 19 c6 5f bd e6 e5 f4 e9 f5 d8
             54 9d 31 f0 37 f9 df 9b 90 55 00 e1 71 92 3a 77
             3d 5f 15 30 f2 ed 7e 96 4c b2 ee dc 29 e9 ad 2f
             3a fe 93 b2 81 4f 79 f5 00 0f fc 03 66 c2 51 e6`),
      );
    });

    const tlsSeed = hex(`18 47 1d 62 2d c6 55 c4 d2 d2 26 96 91 ca 4a 56
                         0b 50 ab a6 63 55 3a f2 41 f1 ad a8 82 c9 f2 9a`);
    const tlsLabel = hex('11 22 33 44 55');

    it('example 3: PRF_TLS_GOSTR3411_2012_256 built on our HMAC', () => {
      const [t1, t2] = pHash(hmacStreebog256, K, concatBytes(tlsLabel, tlsSeed), 2);
      expect(t1).toEqual(
        hex(`ff 09 66 4a 44 74 58 65 94 4f 83 9e bb 48 96 5f
             15 44 ff 1c c8 e8 f1 6f 24 7e e5 f8 a9 eb e9 7f`),
      );
      expect(t2).toEqual(
        hex(`c4 e3 c7 90 0e 46 ca d3 db 6a 01 64 30 63 04 0e
             c6 7f c0 fd 5c d9 f9 04 65 23 52 37 bd ff 2c 02`),
      );
    });

    it('example 4: PRF_TLS_GOSTR3411_2012_512 built on our HMAC', () => {
      const [t1, t2] = pHash(hmacStreebog512, K, concatBytes(tlsLabel, tlsSeed), 2);
      expect(t1).toEqual(
        hex(`f3 51 87 a3 dc 96 55 11 3a 0e 84 d0 6f d7 52 6c
             5f c1 fb de c1 a0 e4 67 3d d6 d7 9d 0b 92 0e 65
             ad 1b c4 7b b0 83 b3 85 1c b7 cd 8e 7e 6a 91 1a
             62 6c f0 2b 29 e9 e4 a5 8e d7 66 a4 49 a7 29 6d`),
      );
      expect(t2).toEqual(
        hex(`e6 1a 7a 26 c4 d1 ca ee cf d8 0c ca 65 c7 1f 0f
             88 c1 f8 22 c0 e8 c0 ad 94 9d 03 fe e1 39 57 9f
             72 ba 0c 3d 32 c5 f9 54 f1 cc cd 54 08 1f c7 44
             02 78 cb a1 fe 7b 7a 17 a9 86 fd ff 5b d1 5d 1f`),
      );
    });

    const ipsecKey = hex(`c9 a9 a7 73 20 e2 cc 55 9e d7 2d ce 6f 47 e2 19
                          2c ce a9 5f a6 48 67 05 82 c0 54 c0 ef 36 c2 21`);
    const ipsecData = hex('01 26 bd b8 78 00 1d 80 60 3c 85 44 c7 27 01 00');

    it('example 5: PRF_IPSEC_PRFPLUS_GOSTR3411_2012_256 built on our HMAC', () => {
      const [t1, t2] = prfPlus(hmacStreebog256, ipsecKey, ipsecData, 2);
      expect(t1).toEqual(
        hex(`2d e5 ee 84 e1 3d 7b e5 36 16 67 39 13 37 0a b0
             54 c0 74 b7 9b 69 a8 a8 46 82 a9 f0 4f ec d5 87`),
      );
      expect(t2).toEqual(
        hex(`29 f6 0d da 45 7b f2 19 aa 2e f9 5d 7a 59 be 95
             4d e0 08 f4 a5 0d 50 4d bd b6 90 be 68 06 01 53`),
      );
    });

    it('example 6: PRF_IPSEC_PRFPLUS_GOSTR3411_2012_512 built on our HMAC', () => {
      const [t1, t2] = prfPlus(hmacStreebog512, ipsecKey, ipsecData, 2);
      expect(t1).toEqual(
        hex(`5d a6 71 43 a5 f1 2a 6d 6e 47 42 59 6f 39 24 3f
             cc 61 57 45 91 5b 32 59 10 06 ff 78 a2 08 63 d5
             f8 8e 4a fc 17 fb be 70 b9 50 95 73 db 00 5e 96
             26 36 98 46 cb 86 19 99 71 6c 16 5d d0 6a 15 85`),
      );
      expect(t2).toEqual(
        hex(`48 34 49 5a 43 74 6c b5 3f 0a ba 3b c4 6e bc f8
             77 3c a6 4a d3 43 c1 22 ee 2a 57 75 57 03 81 57
             ee 9c 38 8d 96 ef 71 d5 8b e5 c1 ef a1 af a9 5e
             be 83 e3 9d 00 e1 9a 5d 03 dc d6 0a 01 bc a8 e3`),
      );
    });
  });

  describe('streaming HMAC', () => {
    it('gives the one-shot MAC when fed in pieces, and from a clone of the keyed state', () => {
      const keyed = createHmacStreebog512(K);
      const copy = keyed.clone();
      keyed.update(T.subarray(0, 3)).update(T.subarray(3));
      expect(keyed.digest()).toEqual(hmacStreebog512(K, T));
      expect(copy.update(T).digest()).toEqual(hmacStreebog512(K, T));
    });

    it('reports block and output sizes', () => {
      const h = createHmacStreebog256(K);
      expect([h.blockLen, h.outputLen]).toEqual([64, 32]);
    });

    it('hashes keys longer than the 64-byte block first (RFC 2104)', () => {
      const long = new Uint8Array(100).fill(7);
      const short = new Uint8Array(64).fill(7);
      expect(hmacStreebog256(long, T)).not.toEqual(hmacStreebog256(short, T));
    });

    it('refuses reuse after digest with DIGEST_FINISHED and non-byte keys with INVALID_ARGUMENT', () => {
      const h = createHmacStreebog256(K).update(T);
      h.digest();
      expect(errorCode(() => h.update(T))).toBe('DIGEST_FINISHED');
      expect(errorCode(() => h.digest())).toBe('DIGEST_FINISHED');
      expect(errorCode(() => createHmacStreebog256('key' as unknown as Uint8Array))).toBe('INVALID_ARGUMENT');
    });
  });

  describe('KDF_GOSTR3411_2012_256 (RFC 7836 §4.5) and KDF_TREE_GOSTR3411_2012_256 (§4.4)', () => {
    it('Appendix B example 9: KDF_GOSTR3411_2012_256', () => {
      expect(kdfGostR3411_2012_256(K, LABEL, SEED)).toEqual(
        hex(`a1 aa 5f 7d e4 02 d7 b3 d3 23 f2 99 1c 8d 45 34
             01 31 37 01 0a 83 75 4f d0 af 6d 7c d4 92 2e d9`),
      );
    });

    it('Appendix B example 10: KDF_TREE_GOSTR3411_2012_256 with L = 512, R = 1', () => {
      expect(kdfTree256(K, LABEL, SEED, 64, 1)).toEqual(
        hex(`22 b6 83 78 45 c6 be f6 5e a7 16 72 b2 65 83 10
             86 d3 c7 6a eb e6 da e9 1c ad 51 d8 3f 79 d1 6b
             07 4c 93 30 59 9d 7f 8d 71 2f ca 54 39 2f 4d dd
             e9 37 51 20 6b 35 84 c8 f4 3f 9e 6d c5 15 31 f9`),
      );
    });

    it('§4.5: KDF is KDF_TREE with R = 1 and L = 256', () => {
      expect(kdfTree256(K, LABEL, SEED, 32)).toEqual(kdfGostR3411_2012_256(K, LABEL, SEED));
    });

    it('§4.4: encodes [i]_b in R bytes and [L]_b without leading zeros, truncating the last block', () => {
      // R = 2, L = 320 bits = 0x0140: K(1) = HMAC(K, 00 01 | label | 00 | seed | 01 40), K(2) likewise.
      const block = (i: number): Uint8Array =>
        hmacStreebog256(
          K,
          concatBytes(Uint8Array.of(0, i), LABEL, Uint8Array.of(0), SEED, Uint8Array.of(0x01, 0x40)),
        );
      expect(kdfTree256(K, LABEL, SEED, 40, 2)).toEqual(concatBytes(block(1), block(2).subarray(0, 8)));
      // R = 4, L = 8 bits: a one-byte [L]_b.
      expect(kdfTree256(K, LABEL, SEED, 1, 4)).toEqual(
        hmacStreebog256(
          K,
          concatBytes(Uint8Array.of(0, 0, 0, 1), LABEL, Uint8Array.of(0), SEED, Uint8Array.of(8)),
        ).subarray(0, 1),
      );
    });

    it('rejects a bad R or length with INVALID_ARGUMENT and too much keying material with LIMIT_EXCEEDED', () => {
      expect(errorCode(() => kdfTree256(K, LABEL, SEED, 32, 0))).toBe('INVALID_ARGUMENT');
      expect(errorCode(() => kdfTree256(K, LABEL, SEED, 32, 5))).toBe('INVALID_ARGUMENT');
      expect(errorCode(() => kdfTree256(K, LABEL, SEED, 0))).toBe('INVALID_ARGUMENT');
      expect(errorCode(() => kdfTree256(K, LABEL, SEED, 1.5))).toBe('INVALID_ARGUMENT');
      // R = 1 allows at most 255 blocks of 32 bytes (L <= 256 * (2^8 - 1) bits).
      expect(kdfTree256(K, LABEL, SEED, 32 * 255, 1)).toHaveLength(32 * 255);
      expect(errorCode(() => kdfTree256(K, LABEL, SEED, 32 * 255 + 1, 1))).toBe('LIMIT_EXCEEDED');
      expect(errorCode(() => kdfGostR3411_2012_256(K, 'label' as unknown as Uint8Array, SEED))).toBe(
        'INVALID_ARGUMENT',
      );
    });
  });
});
