import { beforeAll, describe, expect, it } from 'vitest';
import { fuzz, seededRandom, type FuzzTarget } from '../bench/fuzz-engine.js';
import { fuzzTargets } from '../bench/fuzz-targets.js';
import { parseCms } from '../src/cms/signed-data.js';
import { PkiError } from '../src/errors.js';

/** Found by `bench/fuzz.ts --seed 1`: a mutated country attribute that parses but does not encode again. */
const SEED_1_CASE_69225 =
  'MIIEWQYJKoZIhvcNAQcCoIIESjCCBEYCAQExDTALBglghkgBZQMEAgEwKQYJKoZIhvcNAQcBoBwEGtCQ0LrRgiDRgdCy0LXRgNC60Lgg4oSWIDQyoIICVDCCAlAwggH1oAMCAQICBAECAwQwCgYIKoZIzj0EAwIwQzELMAmEA1UEBhMCUlUxHDAaBgNVBAMME9Ck0LDQt9C30LjQvdCzINCj0KYxFjAUBgUqhQNkAxILMTEyMjMzNDQ1OTUwHhcNMjYxMTI4MTIwMDAwWhcNMjYxMTI5MTIwMDAwWjBDMQswCQYDVQQGEwJSVTEcMBoGA1UEAwwT0KTQsNC30LfQuNC90LMg0KPQpjEWMBQGBSqFA2QDEgsxMTIyMzM0NDU5NTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABJwZGR42FFEGsI5BxwEbLgEizEc+J9sFlHi89HctTbEqz0tZWsLL3Xo4GPVu3carvqev+lXIbZbhzdICNLX0HW+jgdYwgdMwEgYDVR0TAQH/BAgwBgEB/wIBADAOBgNVHQ8BAf8EBAMCAQYwHQYDVR0OBBYEFCeFedkPWEQU4/y2lwVm+rvqjP0xMCUGA1UdHwQeMBwwGqAYoBaGFGh0dHA6Ly9sb2NhbGhvc3QvY3JsMDEGCCsGAQUFBwEBBCUwIzAhBggrBgEFBQcwAYYVaHR0cDovL2xvY2FsaG9zdC9vY3NwMBMGA1UdIAQMMAowCAYGKoUDZHEBMBEGBSqFA2RvBAgMBlBvZHBpczAMBgUqhQNkcgQDAgEAMAoGCCqGSM49BAMCA0kAMEYCIQCO+Ch8xwQbuwpxw6TcEsvUvWLRs9Cl7W1mqn7aj1D7owIhAIMgj67McxjfG19/bBvKkUPqlOHj7A7CswwNJCxxCKISMYIBrTCCAakCAQEwSzBDMQswCQYDVQQGFwJSVTEcMBoGA1UEAwwT0KTQsNC30LfQuNC90LMg0KPQpjEWMBQGBSqFA2QDEgsxMTIyMzM0NDU5NQIEAQIDBDALBglghkgBZQMEAgGggfQwGAYJKoZIhvcNAQkDMQsGCSqGSIb3DQEHATAcBgkqhkiG9w0BCQUxDxcNMjYxMTI4MTIwMDAwWjAvBgkqhkiG9w0BCQQxIgQgiPEZ5HOmphPIVYgO17NEjVeXsHv27CoKS7XeRImZndowgYgGCyqGSIb3DQEJEAIvMXkwdzB1MHMEICwABFtDWUkIfBab77Elk7QZJMtpqfJiWJVV2FPsfIrJME8wR6RFMEMxCzAJBgNVBAYTAlJVMRwwGgYDVQQDDBPQpNCw0LfQt9C40L3QsyDQo9CmMRYwFAYFKoUDZAMSCzExMjIzMzQ0NTk1AgQBAgMEMAoGCCqGSM49BAMCBEcwRQIgHcOdVFRRoJp45MfDg/D4K50vKhR01vkHqclhI+dK3RoCIQCE0PmffY96ZFOLds3/hAwP6HJQoy1urqhwINq7Usmrcg==';

let targets: FuzzTarget[];
beforeAll(async () => {
  targets = await fuzzTargets();
});

describe('parsers under mutation fuzzing (bench/fuzz.ts runs 100,000+ cases)', () => {
  it('5,000 mutated structures: each parses or fails with a PkiError, none crashes or hangs', async () => {
    const report = await fuzz(targets, 20261128, 5000);
    expect(report.findings).toEqual([]);
    expect(report.cases).toBe(5000);
    // The mutations must mostly break things, or the run proves little.
    expect(report.rejected).toBeGreaterThan(report.cases / 2);
  });

  it('regression: a SignedData whose signer name cannot be re-encoded fails with a PkiError (seed 1, case 69225)', () => {
    const der = new Uint8Array(Buffer.from(SEED_1_CASE_69225, 'base64'));
    expect(() => parseCms(der)).toThrow(PkiError);
  });

  it('is reproducible by seed', async () => {
    const a = await fuzz(targets, 99, 500);
    const b = await fuzz(targets, 99, 500);
    expect([a.parsed, a.rejected]).toEqual([b.parsed, b.rejected]);
    expect(seededRandom(5)()).toBe(seededRandom(5)());
  });

  it('reports a parser that throws anything but PkiError, with the case to replay', async () => {
    const fragile: FuzzTarget = {
      name: 'fragile',
      seeds: targets[0]!.seeds,
      parse: (der) => {
        if (der.length % 7 === 0) throw new TypeError('cannot read properties of undefined');
        return der.length;
      },
    };
    const report = await fuzz([fragile], 3, 300);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings[0]).toMatchObject({
      target: 'fragile',
      seed: 3,
      error: 'TypeError: cannot read properties of undefined',
    });
  });
});
