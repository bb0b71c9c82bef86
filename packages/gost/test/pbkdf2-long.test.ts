import { describe, expect, it } from 'vitest';
import { pbkdf2Streebog512 } from '@podpis/gost';
import { hex, text } from './support/helpers.js';

// The one RFC 9337 example with 16,777,216 iterations: about two minutes
// here, so it has a file of its own and runs beside the other test files.
describe('PBKDF2 with HMAC-Streebog-512, RFC 9337 test vectors (long)', () => {
  it('P = "password", S = "salt", c = 16777216, dkLen = 64', { timeout: 600_000 }, () => {
    expect(pbkdf2Streebog512(text('password'), text('salt'), 16777216, 64)).toEqual(
      hex(`49 e4 84 3b ba 76 e3 00 af e2 4c 4d 23 dc 73 92
           de f1 2f 2c 0e 24 41 72 36 7c d7 0a 89 82 ac 36
           1a db 60 1c 7e 2a 31 4e 8c b7 b1 e9 df 84 0e 36
           ab 56 15 be 5d 74 2b 6c f2 03 fb 55 fd c4 80 71`),
    );
  });
});
