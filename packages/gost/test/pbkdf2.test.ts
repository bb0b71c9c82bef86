import { describe, expect, it } from 'vitest';
import { openssl } from '@podpis/testkit';
import { bytesToHex, hexToBytes, hmacStreebog512, pbkdf2Streebog512 } from '@podpis/gost';
import { hex, text, errorCode, GOST_IMPLEMENTATIONS, runOn } from './support/helpers.js';

/** PBKDF2 exactly as RFC 8018 §5.2 writes it, one HMAC call per U_j, to check the optimised loop against. */
function pbkdf2Reference(password: Uint8Array, salt: Uint8Array, c: number, dkLen: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(dkLen / 64) * 64);
  for (let i = 1; i <= out.length / 64; i++) {
    let u = hmacStreebog512(
      password,
      Uint8Array.from([...salt, i >>> 24, (i >>> 16) & 255, (i >>> 8) & 255, i & 255]),
    );
    const t = u.slice();
    for (let j = 2; j <= c; j++) {
      u = hmacStreebog512(password, u);
      for (let k = 0; k < 64; k++) t[k] = t[k]! ^ u[k]!;
    }
    out.set(t, 64 * (i - 1));
  }
  return out.slice(0, dkLen);
}

// RFC 9337 Appendix A (the same examples as R 50.1.111-2016): PBKDF2 with
// HMAC_GOSTR3411_2012_512. Outputs are byte strings in order.
describe.each(GOST_IMPLEMENTATIONS)('on the %s path', (implementation) => {
  runOn(implementation, 'streebog');

  describe('PBKDF2 HMAC_GOSTR3411_2012_512, examples of RFC 9337', () => {
    it('P = "password", S = "salt", c = 1, dkLen = 64', () => {
      expect(pbkdf2Streebog512(text('password'), text('salt'), 1, 64)).toEqual(
        hex(`64 77 0a f7 f7 48 c3 b1 c9 ac 83 1d bc fd 85 c2
             61 11 b3 0a 8a 65 7d dc 30 56 b8 0c a7 3e 04 0d
             28 54 fd 36 81 1f 6d 82 5c c4 ab 66 ec 0a 68 a4
             90 a9 e5 cf 51 56 b3 a2 b7 ee cd db f9 a1 6b 47`),
      );
    });

    it('P = "password", S = "salt", c = 2, dkLen = 64', () => {
      expect(pbkdf2Streebog512(text('password'), text('salt'), 2, 64)).toEqual(
        hex(`5a 58 5b af df bb 6e 88 30 d6 d6 8a a3 b4 3a c0
             0d 2e 4a eb ce 01 c9 b3 1c 2c ae d5 6f 02 36 d4
             d3 4b 2b 8f bd 2c 4e 89 d5 4d 46 f5 0e 47 d4 5b
             ba c3 01 57 17 43 11 9e 8d 3c 42 ba 66 d3 48 de`),
      );
    });

    it('P = "password", S = "salt", c = 4096, dkLen = 64', () => {
      expect(pbkdf2Streebog512(text('password'), text('salt'), 4096, 64)).toEqual(
        hex(`e5 2d eb 9a 2d 2a af f4 e2 ac 9d 47 a4 1f 34 c2
             03 76 59 1c 67 80 7f 04 77 e3 25 49 dc 34 1b c7
             86 7c 09 84 1b 6d 58 e2 9d 03 47 c9 96 30 1d 55
             df 0d 34 e4 7c f6 8f 4e 3c 2c da f1 d9 ab 86 c3`),
      );
    });

    it('P = "passwordPASSWORDpassword", S = "saltSALTsaltSALTsaltSALTsaltSALTsalt", c = 4096, dkLen = 100', () => {
      expect(
        pbkdf2Streebog512(
          text('passwordPASSWORDpassword'),
          text('saltSALTsaltSALTsaltSALTsaltSALTsalt'),
          4096,
          100,
        ),
      ).toEqual(
        hex(`b2 d8 f1 24 5f c4 d2 92 74 80 20 57 e4 b5 4e 0a
             07 53 aa 22 fc 53 76 0b 30 1c f0 08 67 9e 58 fe
             4b ee 9a dd ca e9 9b a2 b0 b2 0f 43 1a 9c 5e 50
             f3 95 c8 93 87 d0 94 5a ed ec a6 eb 40 15 df c2
             bd 24 21 ee 9b b7 11 83 ba 88 2c ee bf ef 25 9f
             33 f9 e2 7d c6 17 8c b8 9d c3 74 28 cf 9c c5 2a
             2b aa 2d 3a`),
      );
    });

    it('P = "pass\\0word", S = "sa\\0lt", c = 4096, dkLen = 64', () => {
      expect(pbkdf2Streebog512(text('pass\0word'), text('sa\0lt'), 4096, 64)).toEqual(
        hex(`50 df 06 28 85 b6 98 01 a3 c1 02 48 eb 0a 27 ab
             6e 52 2f fe b2 0c 99 1c 66 0f 00 14 75 d7 3a 4e
             16 7f 78 2c 18 e9 7e 92 97 6d 9c 1d 97 08 31 ea
             78 cc b8 79 f6 70 68 cd ac 19 10 74 08 44 e8 30`),
      );
    });
  });

  describe('PBKDF2 cross-checks', () => {
    it('equals OpenSSL (GOST engine) for c = 100000, standing in for the c = 16777216 example', () => {
      const args = ['kdf', '-keylen', '64', '-kdfopt', 'digest:md_gost12_512', '-kdfopt', 'pass:password'];
      args.push('-kdfopt', 'salt:salt', '-kdfopt', 'iter:100000', 'PBKDF2');
      const expected = openssl(args).stdout.toString('utf8').trim().replace(/:/g, '').toLowerCase();
      expect(bytesToHex(pbkdf2Streebog512(text('password'), text('salt'), 100000, 64))).toBe(expected);
    });

    it('equals the literal RFC 8018 definition for several lengths, blocks and iteration counts', () => {
      const password = text('correct horse battery staple');
      const salt = hexToBytes('00112233445566778899aabbccddeeff');
      for (const [c, dkLen] of [
        [1, 1],
        [3, 63],
        [3, 65],
        [5, 128],
        [2, 200],
      ] as const) {
        expect(pbkdf2Streebog512(password, salt, c, dkLen), `c=${c} dkLen=${dkLen}`).toEqual(
          pbkdf2Reference(password, salt, c, dkLen),
        );
      }
    });

    it('rejects bad arguments with GostError codes', () => {
      const p = text('p');
      const s = text('s');
      expect(errorCode(() => pbkdf2Streebog512(p, s, 0, 32))).toBe('INVALID_ARGUMENT');
      expect(errorCode(() => pbkdf2Streebog512(p, s, 1.5, 32))).toBe('INVALID_ARGUMENT');
      expect(errorCode(() => pbkdf2Streebog512(p, s, NaN, 32))).toBe('INVALID_ARGUMENT');
      expect(errorCode(() => pbkdf2Streebog512(p, s, 1, 0))).toBe('INVALID_ARGUMENT');
      expect(errorCode(() => pbkdf2Streebog512(p, s, 1, (2 ** 32 - 1) * 64 + 1))).toBe('LIMIT_EXCEEDED');
      expect(errorCode(() => pbkdf2Streebog512('p' as unknown as Uint8Array, s, 1, 32))).toBe(
        'INVALID_ARGUMENT',
      );
      expect(errorCode(() => pbkdf2Streebog512(p, 's' as unknown as Uint8Array, 1, 32))).toBe(
        'INVALID_ARGUMENT',
      );
    });
  });
});
