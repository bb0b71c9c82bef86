import { Certificate } from '@peculiar/asn1-x509';
import { describe, expect, it } from 'vitest';
import { checkDerStructure, parseDer } from '../src/asn1/der.js';
import { PkiError } from '../src/errors.js';

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(PkiError);
    return (error as PkiError).code;
  }
  return 'NO_ERROR';
}

describe('DER structure check', () => {
  it('accepts nested definite-length values', () => {
    // SEQUENCE { INTEGER 5, SEQUENCE { OCTET STRING 'ab' } }
    expect(() => {
      checkDerStructure(
        Uint8Array.from([0x30, 0x09, 0x02, 0x01, 0x05, 0x30, 0x04, 0x04, 0x02, 0x61, 0x62]),
        'x',
      );
    }).not.toThrow();
  });

  it.each([
    ['empty', [], 'MALFORMED_DER'],
    ['truncated header', [0x30], 'MALFORMED_DER'],
    ['value longer than input', [0x04, 0x05, 0x01], 'MALFORMED_DER'],
    ['child longer than parent', [0x30, 0x03, 0x04, 0x05, 0x01], 'MALFORMED_DER'],
    ['indefinite length', [0x30, 0x80, 0x00, 0x00], 'MALFORMED_DER'],
    ['trailing data', [0x05, 0x00, 0x05, 0x00], 'MALFORMED_DER'],
    ['huge length field', [0x04, 0x85, 1, 0, 0, 0, 0], 'TOO_LARGE'],
  ])('rejects %s', (_name, bytes, code) => {
    expect(
      codeOf(() => {
        checkDerStructure(Uint8Array.from(bytes), 'x');
      }),
    ).toBe(code);
  });

  it('rejects nesting deeper than the limit without recursing', () => {
    // SEQUENCE { SEQUENCE { … NULL } } 100,000 levels deep, written outside-in:
    // the level k from the inside holds 2 + 6(k - 1) bytes of content.
    const depth = 100_000;
    const bytes = new Uint8Array(2 + 6 * depth);
    let offset = 0;
    for (let k = depth; k >= 1; k--) {
      const length = 2 + 6 * (k - 1);
      bytes.set(
        [0x30, 0x84, length >>> 24, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff],
        offset,
      );
      offset += 6;
    }
    bytes.set([0x05, 0x00], offset);
    expect(
      codeOf(() => {
        checkDerStructure(bytes, 'x', { maxDepth: 100_001, maxLength: 1e9 });
      }),
    ).toBe('NO_ERROR');
    expect(
      codeOf(() => {
        checkDerStructure(bytes, 'x');
      }),
    ).toBe('TOO_DEEP');
  });

  it('parseDer names the path and turns library errors into PkiError', () => {
    const error = (() => {
      try {
        parseDer(Uint8Array.from([0x02, 0x01, 0x05]), Certificate, 'certificate');
      } catch (e) {
        return e as PkiError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(PkiError);
    expect(error?.code).toBe('UNEXPECTED_STRUCTURE');
    expect(error?.path).toBe('certificate');
  });
});
