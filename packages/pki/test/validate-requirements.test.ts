/**
 * What a caller can require of a path beyond RFC 5280 §6.1: extended key
 * usages (with anyExtendedKeyUsage and chaining), key usages, signature
 * algorithms and key sizes, the expected peer name, and a limit on
 * intermediates that self-issued certificates do not count towards.
 */
import { generateKeyPairSync } from 'node:crypto';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  dnsNameMatches,
  generateSoftwareKey,
  OID,
  parseDer,
  parseIpAddress,
  validatePath,
  type PathRequirements,
  type PathValidationCode,
  type PathValidationResult,
  type Signer,
} from '@podpis/pki';
import { NOW, issue, type Issued, type IssueOptions } from './support/chains.js';

let keys: Signer[] = [];
let root: Issued;
let inter: Issued;

beforeAll(async () => {
  keys = await Promise.all(
    Array.from(
      { length: 4 },
      async () => (await generateSoftwareKey({ type: 'ecdsa', curve: 'P-256' })).signer,
    ),
  );
  root = await issue({ subject: 'Root CA', key: keys[0]!, ca: true });
  inter = await issue({ subject: 'Issuing CA', key: keys[1]!, issuer: root, ca: true });
});

function leaf(options: Partial<IssueOptions> = {}): Promise<Issued> {
  return issue({ subject: 'Leaf', key: keys[2]!, issuer: inter, ...options });
}

function validate(
  target: Issued,
  requirements: PathRequirements,
  intermediates: Issued[] = [inter],
): Promise<PathValidationResult> {
  return validatePath({
    target: target.der,
    intermediates: intermediates.map((c) => c.der),
    trustAnchors: [root.der],
    at: NOW,
    revocation: { mode: 'off' },
    requirements,
  });
}

function verdict(result: PathValidationResult): string {
  return result.ok ? 'valid' : `${result.code} at ${result.index} (${result.rule})`;
}

function expectFailure(
  result: PathValidationResult,
  code: PathValidationCode,
  index: number,
  rule: string,
): void {
  expect(verdict(result)).toBe(`${code} at ${index} (${rule})`);
}

/** A leaf certificate carrying a public key made by node:crypto (keys our signers refuse to make). */
async function leafWithNodeKey(
  spec: { type: 'rsa'; modulusLength: number } | { type: 'ec'; namedCurve: string },
): Promise<Issued> {
  const { publicKey } =
    spec.type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: spec.modulusLength })
      : generateKeyPairSync('ec', { namedCurve: spec.namedCurve });
  const spki = parseDer(
    new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
    SubjectPublicKeyInfo,
    'spki',
  );
  return leaf({ key: { ...keys[2]!, publicKeyInfo: spki } });
}

describe('required extended key usages', () => {
  const serverAuth = { extendedKeyUsage: [OID.serverAuth] };

  it('a target with the usage passes; one without it, or without the extension, fails', async () => {
    const withUsage = await leaf({
      extensions: { keyUsage: ['digitalSignature'], extendedKeyUsage: [OID.serverAuth] },
    });
    const other = await leaf({
      extensions: { keyUsage: ['digitalSignature'], extendedKeyUsage: [OID.clientAuth] },
    });
    expect(verdict(await validate(withUsage, serverAuth))).toBe('valid');
    expectFailure(await validate(other, serverAuth), 'EXTENDED_KEY_USAGE_REQUIRED', 2, 'RFC5280 4.2.1.12');
    expectFailure(
      await validate(await leaf(), serverAuth),
      'EXTENDED_KEY_USAGE_REQUIRED',
      2,
      'RFC5280 4.2.1.12',
    );
  });

  it('anyExtendedKeyUsage satisfies a required usage unless the caller refuses it', async () => {
    const any = await leaf({
      extensions: { keyUsage: ['digitalSignature'], extendedKeyUsage: [OID.anyExtendedKeyUsage] },
    });
    expect(verdict(await validate(any, serverAuth))).toBe('valid');
    expectFailure(
      await validate(any, { ...serverAuth, acceptAnyExtendedKeyUsage: false }),
      'EXTENDED_KEY_USAGE_REQUIRED',
      2,
      'RFC5280 4.2.1.12',
    );
  });

  it('with chaining, a CA whose extendedKeyUsage lacks the usage fails the path', async () => {
    const clientCa = await issue({
      subject: 'Issuing CA',
      key: keys[1]!,
      issuer: root,
      extensions: {
        basicConstraints: { ca: true },
        keyUsage: ['keyCertSign', 'cRLSign'],
        extendedKeyUsage: [OID.clientAuth],
      },
    });
    const server = await leaf({
      extensions: { keyUsage: ['digitalSignature'], extendedKeyUsage: [OID.serverAuth] },
    });
    expect(verdict(await validate(server, serverAuth, [clientCa]))).toBe('valid');
    expectFailure(
      await validate(server, { ...serverAuth, extendedKeyUsageChaining: true }, [clientCa]),
      'EXTENDED_KEY_USAGE_REQUIRED',
      1,
      'RFC5280 4.2.1.12',
    );
  });
});

describe('required key usages', () => {
  it('a qualified signature needs digitalSignature and nonRepudiation', async () => {
    const qualified = { keyUsage: ['digitalSignature', 'nonRepudiation'] } as const;
    const both = await leaf({ extensions: { keyUsage: ['digitalSignature', 'nonRepudiation'] } });
    expect(verdict(await validate(both, qualified))).toBe('valid');
    expectFailure(await validate(await leaf(), qualified), 'KEY_USAGE_REQUIRED', 2, 'RFC5280 4.2.1.3');
  });
});

describe('allowed algorithms and keys', () => {
  it('a signature algorithm outside the allowed list fails at the first certificate signed with it', async () => {
    expectFailure(
      await validate(await leaf(), { signatureAlgorithms: [OID.ecdsaWithSha384] }),
      'ALGORITHM_NOT_ALLOWED',
      1,
      'RFC5280 4.1.1.2',
    );
    expect(verdict(await validate(await leaf(), { signatureAlgorithms: [OID.ecdsaWithSha256] }))).toBe(
      'valid',
    );
  });

  it('an RSA key under the minimum size is weak', async () => {
    const small = await leafWithNodeKey({ type: 'rsa', modulusLength: 1024 });
    expectFailure(await validate(small, { keys: { minRsaBits: 2048 } }), 'WEAK_KEY', 2, 'RFC5280 4.1.2.7');
    const enough = await leafWithNodeKey({ type: 'rsa', modulusLength: 2048 });
    expect(verdict(await validate(enough, { keys: { minRsaBits: 2048 } }))).toBe('valid');
  });

  it('a curve outside the allowed list (P-192) is weak', async () => {
    const p192 = await leafWithNodeKey({ type: 'ec', namedCurve: 'prime192v1' });
    expectFailure(
      await validate(p192, { keys: { curves: [OID.p256, OID.p384] } }),
      'WEAK_KEY',
      2,
      'RFC5280 4.1.2.7',
    );
    expect(verdict(await validate(await leaf(), { keys: { curves: [OID.p256] } }))).toBe('valid');
  });

  it('a key algorithm outside the allowed list is refused, the anchor’s included', async () => {
    expectFailure(
      await validate(await leaf(), { keys: { algorithms: [OID.rsaEncryption] } }),
      'WEAK_KEY',
      0,
      'RFC5280 4.1.2.7',
    );
  });
});

describe('the expected peer name', () => {
  const named = (dns: string[], ip: string[] = [], email: string[] = []): Promise<Issued> =>
    leaf({ extensions: { keyUsage: ['digitalSignature'], subjectAltName: { dns, ip, email } } });

  it('a DNS name matches a dNSName, a wildcard standing for exactly one label', async () => {
    const wildcard = await named(['*.example.ru']);
    expect(verdict(await validate(wildcard, { peerName: { dns: 'WWW.example.ru' } }))).toBe('valid');
    expectFailure(
      await validate(wildcard, { peerName: { dns: 'a.b.example.ru' } }),
      'PEER_NAME_MISMATCH',
      2,
      'RFC6125 6.4',
    );
    expectFailure(
      await validate(wildcard, { peerName: { dns: 'example.ru' } }),
      'PEER_NAME_MISMATCH',
      2,
      'RFC6125 6.4',
    );
  });

  it('the commonName is used only when asked and only without dNSName entries', async () => {
    const cnOnly = await leaf({ subject: 'host.example.ru' });
    expectFailure(
      await validate(cnOnly, { peerName: { dns: 'host.example.ru' } }),
      'PEER_NAME_MISMATCH',
      2,
      'RFC6125 6.4',
    );
    expect(
      verdict(await validate(cnOnly, { peerName: { dns: 'host.example.ru', commonNameFallback: true } })),
    ).toBe('valid');
  });

  it('IP addresses match by value, IPv6 in any notation', async () => {
    const cert = await named([], ['192.0.2.10', '2001:db8::1']);
    expect(verdict(await validate(cert, { peerName: { ip: '192.0.2.10' } }))).toBe('valid');
    expect(verdict(await validate(cert, { peerName: { ip: '2001:0db8:0:0:0:0:0:1' } }))).toBe('valid');
    expectFailure(
      await validate(cert, { peerName: { ip: '192.0.2.11' } }),
      'PEER_NAME_MISMATCH',
      2,
      'RFC6125 6.2.1',
    );
    expectFailure(
      await validate(cert, { peerName: { dns: '192.0.2.10' } }),
      'PEER_NAME_MISMATCH',
      2,
      'RFC6125 6.4',
    );
  });

  it('e-mail addresses match with the domain case-insensitive and the local part exact', async () => {
    const cert = await named([], [], ['Ivanov@example.ru']);
    expect(verdict(await validate(cert, { peerName: { email: 'Ivanov@EXAMPLE.ru' } }))).toBe('valid');
    expectFailure(
      await validate(cert, { peerName: { email: 'ivanov@example.ru' } }),
      'PEER_NAME_MISMATCH',
      2,
      'RFC5280 4.2.1.6',
    );
  });

  it('dnsNameMatches and parseIpAddress', () => {
    expect(dnsNameMatches('example.ru.', 'EXAMPLE.RU')).toBe(true);
    expect(dnsNameMatches('example.ru', '*.ru')).toBe(false);
    expect(dnsNameMatches('a.example.ru', 'a*.example.ru')).toBe(false);
    expect(Array.from(parseIpAddress('::ffff:192.0.2.1') ?? [])).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1,
    ]);
    expect(parseIpAddress('1::2::3')).toBeUndefined();
    expect(parseIpAddress('256.0.0.1')).toBeUndefined();
  });
});

describe('maxIntermediates', () => {
  it('does not count a self-issued certificate (RFC 5280 §6.1.4 (l))', async () => {
    // The issuing CA re-keyed: a self-issued certificate of its name for its new key.
    const rollover = await issue({ subject: 'Issuing CA', key: keys[3]!, issuer: inter, ca: true });
    const user = await issue({ subject: 'Leaf', key: keys[2]!, issuer: rollover });
    const result = await validatePath({
      target: user.der,
      intermediates: [inter.der, rollover.der],
      trustAnchors: [root.der],
      at: NOW,
      revocation: { mode: 'off' },
      maxIntermediates: 1,
    });
    expect(verdict(result)).toBe('valid');
    const other = await issue({ subject: 'Other CA', key: keys[3]!, issuer: inter, ca: true });
    const deeper = await issue({ subject: 'Leaf', key: keys[2]!, issuer: other });
    const refused = await validatePath({
      target: deeper.der,
      intermediates: [inter.der, other.der],
      trustAnchors: [root.der],
      at: NOW,
      revocation: { mode: 'off' },
      maxIntermediates: 1,
    });
    expect(verdict(refused)).toBe('NO_PATH at -1 (RFC5280 6.1)');
  });
});

describe('trust anchor constraints (RFC 5937), when asked for', () => {
  function withAnchor(anchor: Issued, target: Issued, intermediates: Issued[], anchorConstraints: boolean) {
    return validatePath({
      target: target.der,
      intermediates: intermediates.map((c) => c.der),
      trustAnchors: [anchor.der],
      at: NOW,
      revocation: { mode: 'off' },
      anchorConstraints,
    });
  }

  it('an expired anchor supplies its key by default and fails with anchorConstraints', async () => {
    const old = await issue({
      subject: 'Root CA',
      key: keys[0]!,
      ca: true,
      notAfter: new Date(NOW.getTime() - 1000),
    });
    const ca = await issue({ subject: 'Issuing CA', key: keys[1]!, issuer: old, ca: true });
    const user = await issue({ subject: 'Leaf', key: keys[2]!, issuer: ca });
    expect(verdict(await withAnchor(old, user, [ca], false))).toBe('valid');
    expect(verdict(await withAnchor(old, user, [ca], true))).toBe('EXPIRED at 0 (RFC5937 2)');
  });

  it('the anchor’s pathLenConstraint and keyUsage apply', async () => {
    const strictRoot = await issue({
      subject: 'Root CA',
      key: keys[0]!,
      extensions: { basicConstraints: { ca: true, pathLength: 0 }, keyUsage: ['keyCertSign', 'cRLSign'] },
    });
    const ca = await issue({ subject: 'Issuing CA', key: keys[1]!, issuer: strictRoot, ca: true });
    const user = await issue({ subject: 'Leaf', key: keys[2]!, issuer: ca });
    expect(verdict(await withAnchor(strictRoot, user, [ca], false))).toBe('valid');
    expect(verdict(await withAnchor(strictRoot, user, [ca], true))).toBe(
      'PATH_LENGTH_EXCEEDED at 1 (RFC5280 6.1.4(l))',
    );
    const crlOnly = await issue({
      subject: 'Root CA',
      key: keys[0]!,
      extensions: { basicConstraints: { ca: true }, keyUsage: ['cRLSign'] },
    });
    const ca2 = await issue({ subject: 'Issuing CA', key: keys[1]!, issuer: crlOnly, ca: true });
    const user2 = await issue({ subject: 'Leaf', key: keys[2]!, issuer: ca2 });
    expect(verdict(await withAnchor(crlOnly, user2, [ca2], true))).toBe('KEY_USAGE at 0 (RFC5937 2)');
  });

  it('the anchor’s certificatePolicies limit the acceptable policies (the user’s set intersected with them)', async () => {
    const P1 = '1.2.643.100.113.1';
    const P2 = '1.2.643.100.113.2';
    const policyRoot = (policies: string[]) =>
      issue({
        subject: 'Root CA',
        key: keys[0]!,
        extensions: {
          basicConstraints: { ca: true },
          keyUsage: ['keyCertSign', 'cRLSign'],
          certificatePolicies: policies,
        },
      });
    const chainUnder = async (anchor: Issued, policies: string[]) => {
      const ca = await issue({
        subject: 'Issuing CA',
        key: keys[1]!,
        issuer: anchor,
        extensions: {
          basicConstraints: { ca: true },
          keyUsage: ['keyCertSign', 'cRLSign'],
          certificatePolicies: [OID.anyPolicy],
        },
      });
      const user = await issue({
        subject: 'Leaf',
        key: keys[2]!,
        issuer: ca,
        extensions: { keyUsage: ['digitalSignature'], certificatePolicies: policies },
      });
      return { ca, user };
    };
    const run = (anchor: Issued, user: Issued, ca: Issued, anchorConstraints: boolean, policy = {}) =>
      validatePath({
        target: user.der,
        intermediates: [ca.der],
        trustAnchors: [anchor.der],
        at: NOW,
        revocation: { mode: 'off' },
        anchorConstraints,
        policy: { explicitPolicy: true, ...policy },
      });
    const p1Root = await policyRoot([P1]);
    const p1 = await chainUnder(p1Root, [P1]);
    const p1Valid = await run(p1Root, p1.user, p1.ca, true);
    expect(p1Valid.ok && p1Valid.policies).toEqual([P1]);
    const p2 = await chainUnder(p1Root, [P2]);
    // By default the anchor supplies a name and a key only: P2 passes.
    expect(verdict(await run(p1Root, p2.user, p2.ca, false))).toBe('valid');
    const refused = await run(p1Root, p2.user, p2.ca, true);
    expect(verdict(refused)).toBe('POLICY at 2 (RFC5280 6.1.5(g))');
    expect(!refused.ok && refused.message).toContain('trust anchor’s certificatePolicies');
    // Without initial-explicit-policy the path is valid, for no policy.
    const lax = await run(p1Root, p2.user, p2.ca, true, { explicitPolicy: false });
    expect(lax.ok && lax.policies).toEqual([]);
    // The user's set and the anchor's are intersected; anyPolicy in either stands for the other.
    expect(verdict(await run(p1Root, p1.user, p1.ca, true, { initialPolicySet: [P2] }))).toBe(
      'POLICY at 2 (RFC5280 6.1.5(g))',
    );
    const anyRoot = await policyRoot([OID.anyPolicy]);
    const any = await chainUnder(anyRoot, [P2]);
    expect(verdict(await run(anyRoot, any.user, any.ca, true, { initialPolicySet: [P2] }))).toBe('valid');
    expect(verdict(await run(anyRoot, any.user, any.ca, true, { initialPolicySet: [P1] }))).toBe(
      'POLICY at 2 (RFC5280 6.1.5(g))',
    );
  });
});

describe('time', () => {
  it('is compared at the precision of the encoding: whole seconds', async () => {
    const notAfter = new Date(NOW.getTime() + 60_000);
    const user = await leaf({ notAfter });
    const at = (ms: number) =>
      validatePath({
        target: user.der,
        intermediates: [inter.der],
        trustAnchors: [root.der],
        at: new Date(notAfter.getTime() + ms),
        revocation: { mode: 'off' },
      });
    expect(verdict(await at(999))).toBe('valid');
    expect(verdict(await at(1000))).toBe('EXPIRED at 2 (RFC5280 6.1.3(a)(2))');
  });
});
