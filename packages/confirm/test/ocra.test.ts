import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  fromHex,
  ocra,
  offlineCode,
  offlineCodeMatches,
  offlineQuestion,
  parseOcraSuite,
} from '../src/index.js';

// RFC 6287, Appendix C: the standard keys and test vectors.
const KEY20 = fromHex('3132333435363738393031323334353637383930');
const KEY32 = fromHex('3132333435363738393031323334353637383930313233343536373839303132');
const KEY64 = fromHex(
  '31323334353637383930313233343536373839303132333435363738393031323334353637383930313233343536373839303132333435363738393031323334',
);
const PIN_1234_SHA1 = createHash('sha1').update('1234').digest('hex');
const repeated = (i: number, n = 8): string => String(i).repeat(n);

describe('OCRA (RFC 6287 appendix C)', () => {
  it('one-way challenge-response: OCRA-1:HOTP-SHA1-6:QN08', async () => {
    const expected = [
      '237653',
      '243178',
      '653583',
      '740991',
      '608993',
      '388898',
      '816933',
      '224598',
      '750600',
      '294470',
    ];
    for (const [i, response] of expected.entries()) {
      expect(await ocra('OCRA-1:HOTP-SHA1-6:QN08', KEY20, { question: repeated(i) })).toBe(response);
    }
  });

  it('with counter and PIN: OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1', async () => {
    expect(PIN_1234_SHA1).toBe('7110eda4d09e062aa5e4a390b0a572ac0d2c0220');
    const expected = [
      '65347737',
      '86775851',
      '78192410',
      '71565254',
      '10104329',
      '65983500',
      '70069104',
      '91771096',
      '75011558',
      '08522129',
    ];
    for (const [c, response] of expected.entries()) {
      expect(
        await ocra('OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1', KEY32, {
          question: '12345678',
          counter: c,
          pinHash: PIN_1234_SHA1,
        }),
      ).toBe(response);
    }
  });

  it('with counter: OCRA-1:HOTP-SHA512-8:C-QN08', async () => {
    const expected = [
      '07016083',
      '63947962',
      '70123924',
      '25341727',
      '33203315',
      '34205738',
      '44343969',
      '51946085',
      '20403879',
      '31409299',
    ];
    for (const [i, response] of expected.entries()) {
      expect(await ocra('OCRA-1:HOTP-SHA512-8:C-QN08', KEY64, { question: repeated(i), counter: i })).toBe(
        response,
      );
    }
  });

  it('with a time step: OCRA-1:HOTP-SHA512-8:QN08-T1M', async () => {
    const expected = ['95209754', '55907591', '22048402', '24218844', '36209546'];
    for (const [i, response] of expected.entries()) {
      expect(
        await ocra('OCRA-1:HOTP-SHA512-8:QN08-T1M', KEY64, { question: repeated(i), timeStep: 0x132d0b6 }),
      ).toBe(response);
    }
  });

  it('plain signature: OCRA-1:HOTP-SHA256-8:QA08 and OCRA-1:HOTP-SHA512-8:QA10-T1M', async () => {
    const qa08 = ['53095496', '04110475', '31331128', '76028668', '46554205'];
    for (const [i, response] of qa08.entries()) {
      expect(await ocra('OCRA-1:HOTP-SHA256-8:QA08', KEY32, { question: `SIG1${i}000` })).toBe(response);
    }
    const qa10 = ['77537423', '31970405', '10235557', '95213541', '65360607'];
    for (const [i, response] of qa10.entries()) {
      expect(
        await ocra('OCRA-1:HOTP-SHA512-8:QA10-T1M', KEY64, {
          question: `SIG1${i}00000`,
          timeStep: 0x132d0b6,
        }),
      ).toBe(response);
    }
  });

  it('reads suites and refuses what RFC 6287 does not define', () => {
    expect(parseOcraSuite('OCRA-1:HOTP-SHA256-8:QH40-T1M')).toMatchObject({
      hash: 'SHA-256',
      digits: 8,
      counter: false,
      question: { format: 'H', maxLength: 40 },
      timeStep: 60,
    });
    for (const bad of [
      'OCRA-2:HOTP-SHA1-6:QN08',
      'OCRA-1:HOTP-MD5-6:QN08',
      'OCRA-1:HOTP-SHA1-3:QN08',
      'OCRA-1:HOTP-SHA1-6:QX08',
      'OCRA-1:HOTP-SHA1-6:QN08-T1M-PSHA1',
      'OCRA-1:HOTP-SHA1-6',
    ]) {
      expect(() => parseOcraSuite(bad), bad).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
    }
  });

  it('refuses questions outside the suite and missing inputs', async () => {
    await expect(ocra('OCRA-1:HOTP-SHA1-6:QN08', KEY20, { question: '123456789' })).rejects.toMatchObject({
      code: 'MALFORMED',
    });
    await expect(ocra('OCRA-1:HOTP-SHA1-6:QN08', KEY20, { question: '12ab' })).rejects.toMatchObject({
      code: 'MALFORMED',
    });
    await expect(ocra('OCRA-1:HOTP-SHA512-8:C-QN08', KEY64, { question: '1' })).rejects.toMatchObject({
      code: 'MALFORMED',
    });
    await expect(ocra('OCRA-1:HOTP-SHA512-8:QN08-T1M', KEY64, { question: '1' })).rejects.toMatchObject({
      code: 'MALFORMED',
    });
  });
});

describe('offline codes', () => {
  const key = KEY32;
  const digest = new Uint8Array(32).fill(7);
  const challenge = new Uint8Array(16).fill(9);
  const at = new Date('2026-12-05T10:00:30Z');

  it('bind the code to the operation digest and challenge (40 hex digits of question)', async () => {
    const question = await offlineQuestion(digest, challenge);
    expect(question).toMatch(/^[0-9A-F]{40}$/);
    const code = await offlineCode(key, digest, challenge, at);
    expect(code).toBe(
      await ocra('OCRA-1:HOTP-SHA256-8:QH40-T1M', key, {
        question,
        timeStep: Math.floor(at.getTime() / 60000),
      }),
    );
    expect(await offlineCode(key, new Uint8Array(32).fill(8), challenge, at)).not.toBe(code);
    expect(await offlineCode(key, digest, new Uint8Array(16).fill(1), at)).not.toBe(code);
  });

  it("are accepted for a few minutes, then not; another key's code never", async () => {
    const code = await offlineCode(key, digest, challenge, at);
    const minutes = (n: number) => new Date(at.getTime() + n * 60_000);
    expect(await offlineCodeMatches(key, digest, challenge, code, at)).toBe(true);
    expect(await offlineCodeMatches(key, digest, challenge, code, minutes(3))).toBe(true);
    expect(await offlineCodeMatches(key, digest, challenge, code, minutes(4))).toBe(false);
    expect(await offlineCodeMatches(key, digest, challenge, code, minutes(-1))).toBe(true);
    expect(await offlineCodeMatches(key, digest, challenge, code, minutes(-2))).toBe(false);
    expect(await offlineCodeMatches(KEY20.slice(), digest, challenge, code, at)).toBe(false);
    expect(await offlineCodeMatches(key, digest, challenge, 'abcdefgh', at)).toBe(false);
  });
});
