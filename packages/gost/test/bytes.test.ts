import { describe, expect, it } from 'vitest';
import { bytesToHex, equalBytes, GostError, hexToBytes, reverseBytes } from '@podpis/gost';

describe('byte helpers', () => {
  it('round-trips hex', () => {
    expect(bytesToHex(hexToBytes('00ff10Ab'))).toBe('00ff10ab');
  });
  it('rejects odd or non-hex strings with a GostError', () => {
    expect(() => hexToBytes('abc')).toThrow(GostError);
    expect(() => hexToBytes('zz')).toThrow(GostError);
  });
  it('reverses and compares', () => {
    expect(bytesToHex(reverseBytes(hexToBytes('010203')))).toBe('030201');
    expect(equalBytes(hexToBytes('0102'), hexToBytes('0102'))).toBe(true);
    expect(equalBytes(hexToBytes('0102'), hexToBytes('0103'))).toBe(false);
    expect(equalBytes(hexToBytes('0102'), hexToBytes('01'))).toBe(false);
  });
});
