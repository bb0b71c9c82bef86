import { describe, expect, it } from 'vitest';
import { OID, oidName } from '@podpis/pki';

describe('OID table', () => {
  it('holds each OID once, well formed', () => {
    const values = Object.values(OID);
    expect(new Set(values).size).toBe(values.length);
    for (const oid of values) expect(oid).toMatch(/^[0-2](\.(0|[1-9]\d*))+$/);
  });

  it('names known OIDs and passes unknown ones through', () => {
    expect(oidName('1.2.643.100.3')).toBe('snils');
    expect(oidName('1.2.643.7.1.1.3.2')).toBe('signWithStreebog256');
    expect(oidName('1.2.3.4')).toBe('1.2.3.4');
  });
});
