/**
 * The RFC 5280 profile checks of validatePath: for each rule a certificate
 * that breaks exactly that rule, and the failure names the code, the
 * certificate (position and subject) and the RFC section. OpenSSL's
 * `verify`, without and with -x509_strict, is run on the same chain and
 * its answer asserted, so the table of differences in the README stays true.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  CertificateList,
  Extension,
  GeneralName,
  GeneralSubtree,
  GeneralSubtrees,
  InhibitAnyPolicy,
  Name,
  NameConstraints,
  PolicyConstraints,
  Version,
  type Certificate,
} from '@peculiar/asn1-x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '@podpis/testkit';
import {
  generateSoftwareKey,
  OID,
  parseDer,
  toDer,
  validatePath,
  type PathValidationCode,
  type PathValidationResult,
  type Signer,
} from '@podpis/pki';
import { NOW, crl, extension, issue, mutate, type Issued, type IssueOptions } from './support/chains.js';
import { pem } from './support/pem.js';

let keys: Signer[] = [];
let root: Issued;
let inter: Issued;

beforeAll(async () => {
  keys = await Promise.all(
    Array.from(
      { length: 3 },
      async () => (await generateSoftwareKey({ type: 'ecdsa', curve: 'P-256' })).signer,
    ),
  );
  root = await issue({ subject: 'Root CA', key: keys[0]!, ca: true });
  inter = await issue({ subject: 'Issuing CA', key: keys[1]!, issuer: root, ca: true });
});

function leaf(options: Partial<IssueOptions> = {}): Promise<Issued> {
  return issue({ subject: 'Leaf', key: keys[2]!, issuer: inter, ...options });
}

function ca(options: Partial<IssueOptions> = {}): Promise<Issued> {
  return issue({ subject: 'Issuing CA', key: keys[1]!, issuer: root, ca: true, ...options });
}

/** The chain last given to `validate`, for `expectOpenssl` to give OpenSSL the same. */
let lastChain: { target: Uint8Array; intermediates: Uint8Array[]; anchor: Uint8Array } | undefined;

function validate(
  target: Uint8Array,
  intermediates: Uint8Array[] = [inter.der],
): Promise<PathValidationResult> {
  lastChain = { target, intermediates, anchor: root.der };
  return validatePath({
    target,
    intermediates,
    trustAnchors: [root.der],
    at: NOW,
    revocation: { mode: 'off' },
  });
}

/** The leaf's DER with `edit` applied and signed again by the issuing CA. */
async function leafWith(
  edit: (cert: Certificate) => void,
  options: Partial<IssueOptions> = {},
): Promise<Uint8Array> {
  return mutate((await leaf(options)).der, inter.signer, edit);
}

function extensionOf(cert: Certificate, oid: string): Extension {
  const found = cert.tbsCertificate.extensions?.find((e) => e.extnID === oid);
  if (!found) throw new Error(`no extension ${oid}`);
  return found;
}

function raw(oid: string, der: number[], critical = false): Extension {
  return new Extension({ extnID: oid, critical, extnValue: new OctetString(Uint8Array.from(der)) });
}

/** A subjectAltName holding the one GeneralName given as DER. */
function sanOf(generalName: number[]): Extension {
  return raw(OID.subjectAltName, [0x30, generalName.length, ...generalName]);
}

const ascii = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0));

/** A short primitive value: tag, length, ASCII text. */
const primitive = (tag: number, text: string): number[] => [tag, text.length, ...ascii(text)];

function expectRule(
  result: PathValidationResult,
  code: PathValidationCode,
  index: number,
  subject: string,
  rule: string,
): void {
  expect(
    result.ok
      ? 'valid'
      : { code: result.code, index: result.index, subject: result.subject, rule: result.rule },
  ).toEqual({
    code,
    index,
    subject,
    rule,
  });
}

/**
 * What `openssl verify` (OpenSSL 3.0) says of a chain at NOW, with or
 * without -x509_strict: 'OK', or its first error as OpenSSL names it.
 */
function opensslSays(chain: NonNullable<typeof lastChain>, strict: boolean): string {
  const dir = tempDir('podpis-profile-openssl-');
  try {
    writeFileSync(join(dir, 'root.pem'), pem('CERTIFICATE', chain.anchor));
    writeFileSync(join(dir, 'leaf.pem'), pem('CERTIFICATE', chain.target));
    const args = ['verify', ...(strict ? ['-x509_strict'] : []), '-attime', String(NOW.getTime() / 1000)];
    args.push('-CAfile', join(dir, 'root.pem'));
    if (chain.intermediates.length > 0) {
      writeFileSync(join(dir, 'ca.pem'), chain.intermediates.map((der) => pem('CERTIFICATE', der)).join(''));
      args.push('-untrusted', join(dir, 'ca.pem'));
    }
    const run = spawnSync('openssl', [...args, join(dir, 'leaf.pem')], { encoding: 'utf8' });
    const out = `${run.stdout}${run.stderr}`;
    if (run.status === 0 && out.includes(': OK')) return 'OK';
    const error = /error (\d+) at (\d+) depth lookup: (.*)/.exec(out);
    if (error) return `error ${error[1]} at depth ${error[2]}: ${error[3]!.trim()}`;
    return out.includes('Could not read') || out.includes('unable to load') ? 'unreadable' : out.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * OpenSSL's verdicts on the chain just validated, without and with
 * -x509_strict, as the table in packages/pki/README.md documents them.
 */
function expectOpenssl(plain: string, strict: string = plain): void {
  const chain = lastChain!;
  const seen = [opensslSays(chain, false), opensslSays(chain, true)];
  expect(seen).toEqual([plain, strict]);
}

const LEAF = 'CN=Leaf, O=Подпись, C=RU';
const CA = 'CN=Issuing CA, O=Подпись, C=RU';

describe('a path of conforming certificates', () => {
  it('root → CA → leaf passes every profile check', async () => {
    const result = await validate((await leaf()).der);
    expect(result.ok ? 'valid' : result.message).toBe('valid');
    expectOpenssl('OK');
  });
});

describe('RFC 5280 §4.1: the certificate fields', () => {
  it('VERSION_INVALID: extensions in a version 2 certificate', async () => {
    const der = await leafWith((cert) => {
      cert.tbsCertificate.version = Version.v2;
    });
    expectRule(await validate(der), 'VERSION_INVALID', 2, LEAF, 'RFC5280 4.1.2.1');
    expectOpenssl('OK', 'error 93 at depth 0: Using cert extension requires at least X509v3');
  });

  it('SIGNATURE_ALGORITHM_MISMATCH: tbsCertificate.signature differs from signatureAlgorithm', async () => {
    const der = await leafWith((cert) => {
      cert.tbsCertificate.signature = new AlgorithmIdentifier({ algorithm: '1.2.840.10045.4.3.3' });
    });
    expectRule(await validate(der), 'SIGNATURE_ALGORITHM_MISMATCH', 2, LEAF, 'RFC5280 4.1.1.2');
    expectOpenssl(
      'error 7 at depth 0: certificate signature failure',
      'error 78 at depth 0: cert info signature and signature algorithm mismatch',
    );
  });

  it.each([
    ['negative', [0xff]],
    ['zero', [0x00]],
    ['21 octets long', [0x01, ...new Array<number>(20).fill(0)]],
  ])('SERIAL_NUMBER_INVALID: a serial number that is %s', async (_, octets) => {
    const der = await leafWith((cert) => {
      cert.tbsCertificate.serialNumber = Uint8Array.from(octets).buffer;
    });
    expectRule(await validate(der), 'SERIAL_NUMBER_INVALID', 2, LEAF, 'RFC5280 4.1.2.2');
    expectOpenssl('OK');
  });

  it('a 20-octet serial number with its sign octet is accepted', async () => {
    const der = await leafWith((cert) => {
      cert.tbsCertificate.serialNumber = Uint8Array.from([
        0x00,
        0x80,
        ...new Array<number>(19).fill(1),
      ]).buffer;
    });
    expect((await validate(der)).ok).toBe(true);
  });

  it('ISSUER_EMPTY: a certificate from an anchor with an empty Name', async () => {
    const anonymous = await issue({ subject: new Name(), key: keys[0]!, ca: true });
    const user = await issue({ subject: 'Leaf', key: keys[2]!, issuer: anonymous });
    lastChain = { target: user.der, intermediates: [], anchor: anonymous.der };
    const result = await validatePath({
      target: user.der,
      trustAnchors: [anonymous.der],
      at: NOW,
      revocation: { mode: 'off' },
    });
    expectRule(result, 'ISSUER_EMPTY', 1, LEAF, 'RFC5280 4.1.2.4');
    expectOpenssl('OK', 'error 83 at depth 0: Issuer name empty');
  });

  it('SUBJECT_EMPTY: an empty subject whose subjectAltName is not critical', async () => {
    const user = await leaf({
      subject: new Name(),
      extensions: { keyUsage: ['digitalSignature'], subjectAltName: { email: ['user@example.ru'] } },
    });
    expectRule(await validate(user.der), 'SUBJECT_EMPTY', 2, '', 'RFC5280 4.1.2.6');
    expectOpenssl('OK', 'error 88 at depth 0: Subject empty and Subject Alt Name extension not critical');
  });
});

describe('RFC 5280 §4.2: the extensions', () => {
  it('DUPLICATE_EXTENSION: keyUsage twice', async () => {
    const der = await leafWith((cert) => {
      cert.tbsCertificate.extensions?.push(raw(OID.keyUsage, [0x03, 0x02, 0x07, 0x80], true));
    });
    expectRule(await validate(der), 'DUPLICATE_EXTENSION', 2, LEAF, 'RFC5280 4.2');
    expectOpenssl('error 20 at depth 0: unable to get local issuer certificate');
  });

  it('AUTHORITY_KEY_ID_MISSING: no authorityKeyIdentifier', async () => {
    const der = await leafWith((cert) => {
      const extensions = cert.tbsCertificate.extensions!;
      extensions.splice(extensions.indexOf(extensionOf(cert, OID.authorityKeyIdentifier)), 1);
    });
    expectRule(await validate(der), 'AUTHORITY_KEY_ID_MISSING', 2, LEAF, 'RFC5280 4.2.1.1');
    expectOpenssl('OK', 'error 85 at depth 0: Missing Authority Key Identifier');
  });

  it('AUTHORITY_KEY_ID_CRITICAL: a critical authorityKeyIdentifier', async () => {
    const der = await leafWith((cert) => {
      extensionOf(cert, OID.authorityKeyIdentifier).critical = true;
    });
    expectRule(await validate(der), 'AUTHORITY_KEY_ID_CRITICAL', 2, LEAF, 'RFC5280 4.2.1.1');
    expectOpenssl('error 34 at depth 0: unhandled critical extension');
  });

  it('SUBJECT_KEY_ID_MISSING: a CA certificate without subjectKeyIdentifier', async () => {
    const der = await mutate((await ca()).der, root.signer, (cert) => {
      const extensions = cert.tbsCertificate.extensions!;
      extensions.splice(extensions.indexOf(extensionOf(cert, OID.subjectKeyIdentifier)), 1);
    });
    expectRule(await validate((await leaf()).der, [der]), 'SUBJECT_KEY_ID_MISSING', 1, CA, 'RFC5280 4.2.1.2');
    expectOpenssl('OK', 'error 86 at depth 1: Missing Subject Key Identifier');
  });

  it('SUBJECT_KEY_ID_CRITICAL: a critical subjectKeyIdentifier', async () => {
    const der = await leafWith((cert) => {
      extensionOf(cert, OID.subjectKeyIdentifier).critical = true;
    });
    expectRule(await validate(der), 'SUBJECT_KEY_ID_CRITICAL', 2, LEAF, 'RFC5280 4.2.1.2');
    expectOpenssl('error 34 at depth 0: unhandled critical extension');
  });

  it('AUTHORITY_INFO_ACCESS_CRITICAL: a critical authorityInfoAccess', async () => {
    const der = await leafWith(
      (cert) => {
        extensionOf(cert, OID.authorityInfoAccess).critical = true;
      },
      {
        extensions: {
          keyUsage: ['digitalSignature'],
          authorityInfoAccess: { ocsp: ['http://ocsp.example.ru'] },
        },
      },
    );
    expectRule(await validate(der), 'AUTHORITY_INFO_ACCESS_CRITICAL', 2, LEAF, 'RFC5280 4.2.2.1');
    expectOpenssl('error 34 at depth 0: unhandled critical extension');
  });

  it('BASIC_CONSTRAINTS_NOT_CRITICAL: a CA whose basicConstraints is not critical', async () => {
    const der = await mutate((await ca()).der, root.signer, (cert) => {
      extensionOf(cert, OID.basicConstraints).critical = false;
    });
    expectRule(
      await validate((await leaf()).der, [der]),
      'BASIC_CONSTRAINTS_NOT_CRITICAL',
      1,
      CA,
      'RFC5280 4.2.1.9',
    );
    expectOpenssl('OK', 'error 89 at depth 1: Basic Constraints of CA cert not marked critical');
  });

  it('PATH_LENGTH_WITHOUT_CA: pathLenConstraint with cA false', async () => {
    const user = await leaf({
      extensions: { basicConstraints: { ca: false, pathLength: 0 }, keyUsage: ['digitalSignature'] },
    });
    expectRule(await validate(user.der), 'PATH_LENGTH_WITHOUT_CA', 2, LEAF, 'RFC5280 4.2.1.9');
    expectOpenssl('OK', 'error 80 at depth 0: Path length invalid for non-CA cert');
  });

  it('KEY_USAGE_EMPTY: keyUsage with no bit set', async () => {
    const der = await leafWith((cert) => {
      extensionOf(cert, OID.keyUsage).extnValue = new OctetString(Uint8Array.from([0x03, 0x01, 0x00]));
    });
    expectRule(await validate(der), 'KEY_USAGE_EMPTY', 2, LEAF, 'RFC5280 4.2.1.3');
    expectOpenssl('error 20 at depth 0: unable to get local issuer certificate');
  });

  it('KEY_CERT_SIGN_WITHOUT_CA: keyCertSign in an end-entity certificate', async () => {
    const user = await leaf({ extensions: { keyUsage: ['digitalSignature', 'keyCertSign'] } });
    expectRule(await validate(user.der), 'KEY_CERT_SIGN_WITHOUT_CA', 2, LEAF, 'RFC5280 4.2.1.3');
    expectOpenssl('OK', 'error 79 at depth 0: invalid CA certificate');
  });

  it('POLICY_CONSTRAINTS_INVALID: policyConstraints not critical', async () => {
    const constraints = new PolicyConstraints({ requireExplicitPolicy: new Uint8Array([5]).buffer });
    const sub = await ca({ extra: [extension(OID.policyConstraints, false, constraints)] });
    expectRule(
      await validate((await leaf()).der, [sub.der]),
      'POLICY_CONSTRAINTS_INVALID',
      1,
      CA,
      'RFC5280 4.2.1.11',
    );
    expectOpenssl('OK');
  });

  it('POLICY_CONSTRAINTS_INVALID: policyConstraints an empty sequence', async () => {
    const sub = await ca({ extra: [raw(OID.policyConstraints, [0x30, 0x00], true)] });
    expectRule(
      await validate((await leaf()).der, [sub.der]),
      'POLICY_CONSTRAINTS_INVALID',
      1,
      CA,
      'RFC5280 4.2.1.11',
    );
    expectOpenssl('OK');
  });

  it('INHIBIT_ANY_POLICY_NOT_CRITICAL: inhibitAnyPolicy not critical', async () => {
    const inhibit = new InhibitAnyPolicy(new Uint8Array([1]).buffer);
    const sub = await ca({ extra: [extension(OID.inhibitAnyPolicy, false, inhibit)] });
    expectRule(
      await validate((await leaf()).der, [sub.der]),
      'INHIBIT_ANY_POLICY_NOT_CRITICAL',
      1,
      CA,
      'RFC5280 4.2.1.14',
    );
    expectOpenssl('OK');
  });

  const permitDns = (critical: boolean): Extension =>
    extension(
      OID.nameConstraints,
      critical,
      new NameConstraints({
        permittedSubtrees: new GeneralSubtrees([
          new GeneralSubtree({ base: new GeneralName({ dNSName: 'example.ru' }) }),
        ]),
      }),
    );

  it('NAME_CONSTRAINTS_INVALID: nameConstraints in an end-entity certificate', async () => {
    const user = await leaf({ extra: [permitDns(true)] });
    expectRule(await validate(user.der), 'NAME_CONSTRAINTS_INVALID', 2, LEAF, 'RFC5280 4.2.1.10');
    expectOpenssl('OK');
  });

  it('NAME_CONSTRAINTS_INVALID: nameConstraints not critical', async () => {
    const sub = await ca({ extra: [permitDns(false)] });
    expectRule(
      await validate((await leaf()).der, [sub.der]),
      'NAME_CONSTRAINTS_INVALID',
      1,
      CA,
      'RFC5280 4.2.1.10',
    );
    expectOpenssl('OK');
  });

  it('NAME_CONSTRAINTS_INVALID: nameConstraints with neither subtree', async () => {
    const sub = await ca({ extra: [raw(OID.nameConstraints, [0x30, 0x00], true)] });
    expectRule(
      await validate((await leaf()).der, [sub.der]),
      'NAME_CONSTRAINTS_INVALID',
      1,
      CA,
      'RFC5280 4.2.1.10',
    );
    expectOpenssl('OK');
  });

  it.each([
    ['a dNSName with an empty label', primitive(0x82, 'example..ru'), 'OK'],
    ['a dNSName with a space', primitive(0x82, 'exa mple.ru'), 'OK'],
    [
      'a truncated dNSName',
      [0x82, 12, ...ascii('example.ru')],
      'error 20 at depth 0: unable to get local issuer certificate',
    ],
    ['a dNSName that is empty', [0x82, 0], 'OK'],
    ['a wildcard that is not the whole leftmost label', primitive(0x82, 'w*.example.ru'), 'OK'],
    ['an iPAddress of 5 octets', [0x87, 5, 10, 0, 0, 1, 1], 'OK'],
    ['an rfc822Name without @', primitive(0x81, 'example.ru'), 'OK'],
    ['a relative URI', primitive(0x86, '/path'), 'OK'],
    ['a dNSName with the constructed bit', [0xa2, 4, 0x04, 2, ...ascii('ru')], 'OK'],
    ['the undefined tag [9]', [0x89, 1, 0], 'error 20 at depth 0: unable to get local issuer certificate'],
    [
      'a universal tag',
      [0x0c, 2, ...ascii('ru')],
      'error 20 at depth 0: unable to get local issuer certificate',
    ],
  ])('SUBJECT_ALT_NAME_INVALID: %s', async (_, generalName, openssl) => {
    const user = await leaf({ extra: [sanOf(generalName)] });
    expectRule(await validate(user.der), 'SUBJECT_ALT_NAME_INVALID', 2, LEAF, 'RFC5280 4.2.1.6');
    expectOpenssl(openssl);
  });

  it('SUBJECT_ALT_NAME_INVALID: a subjectAltName with no names', async () => {
    const user = await leaf({ extra: [raw(OID.subjectAltName, [0x30, 0x00])] });
    expectRule(await validate(user.der), 'SUBJECT_ALT_NAME_INVALID', 2, LEAF, 'RFC5280 4.2.1.6');
    expectOpenssl('OK', 'error 87 at depth 0: Empty Subject Alternative Name extension');
  });

  it('well-formed names pass: a wildcard DNS name, IPv4 and IPv6 addresses, a mailbox, a URI', async () => {
    const names = [
      primitive(0x82, '*.example.ru'),
      [0x87, 4, 192, 0, 2, 1],
      [0x87, 16, 0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(12).fill(0)],
      primitive(0x81, 'user@example.ru'),
      primitive(0x86, 'https://example.ru'),
    ];
    const body = names.flat();
    const user = await leaf({ extra: [raw(OID.subjectAltName, [0x30, body.length, ...body])] });
    const result = await validate(user.der);
    expect(result.ok ? 'valid' : result.message).toBe('valid');
  });

  it('profileChecks: false leaves only the path validation algorithm', async () => {
    const user = await leaf({ extensions: { keyUsage: ['digitalSignature', 'keyCertSign'] } });
    const result = await validatePath({
      target: user.der,
      intermediates: [inter.der],
      trustAnchors: [root.der],
      at: NOW,
      revocation: { mode: 'off' },
      profileChecks: false,
    });
    expect(result.ok).toBe(true);
  });
});

describe('RFC 5280 §5: CRLs', () => {
  /** A CRL of the issuing CA with `edit` applied to its parsed structure, signed again. */
  async function crlWith(edit: (list: CertificateList) => void): Promise<Uint8Array> {
    const list = parseDer(await crl(inter), CertificateList, 'crl');
    edit(list);
    list.signature = (await inter.signer.sign(toDer(list.tbsCertList))).slice().buffer;
    return toDer(list);
  }

  function withCrl(target: Uint8Array, crls: Uint8Array[]): Promise<PathValidationResult> {
    return validatePath({
      target,
      intermediates: [inter.der],
      trustAnchors: [root.der],
      at: NOW,
      revocation: { mode: 'if-available', crls },
    });
  }

  it('CRL_INVALID: a CRL without cRLNumber', async () => {
    const der = await crlWith((list) => {
      const extensions = list.tbsCertList.crlExtensions!;
      extensions.splice(
        extensions.findIndex((e) => e.extnID === OID.crlNumber),
        1,
      );
    });
    expectRule(await withCrl((await leaf()).der, [der]), 'CRL_INVALID', 2, LEAF, 'RFC5280 5.2.3');
  });

  it('CRL_INVALID: a critical cRLNumber', async () => {
    const der = await crlWith((list) => {
      list.tbsCertList.crlExtensions!.find((e) => e.extnID === OID.crlNumber)!.critical = true;
    });
    expectRule(await withCrl((await leaf()).der, [der]), 'CRL_INVALID', 2, LEAF, 'RFC5280 5.2.3');
  });

  it('a conforming CRL passes', async () => {
    const result = await withCrl((await leaf()).der, [await crl(inter)]);
    expect(result.ok ? 'valid' : result.message).toBe('valid');
  });
});

describe('name constraints on URIs (RFC 5280 §4.2.1.10)', () => {
  const permitUri = (base: string): Extension =>
    extension(
      OID.nameConstraints,
      true,
      new NameConstraints({
        permittedSubtrees: new GeneralSubtrees([
          new GeneralSubtree({ base: new GeneralName({ uniformResourceIdentifier: base }) }),
        ]),
      }),
    );

  it.each([
    ['.example.ru', 'https://www.example.ru/path', 'valid'],
    ['.example.ru', 'https://example.ru/', 'NAME_CONSTRAINTS'],
    ['example.ru', 'https://user@EXAMPLE.ru:8443/x', 'valid'],
    ['example.ru', 'https://www.example.ru/', 'NAME_CONSTRAINTS'],
    ['example.ru', 'urn:example.ru', 'NAME_CONSTRAINTS'],
  ])('permitted %s and a subjectAltName URI %s: %s', async (base, uri, expected) => {
    const sub = await ca({ extra: [permitUri(base)] });
    const user = await issue({
      subject: 'Leaf',
      key: keys[2]!,
      issuer: sub,
      extra: [sanOf(primitive(0x86, uri))],
    });
    const result = await validate(user.der, [sub.der]);
    expect(result.ok ? 'valid' : result.code).toBe(expected);
  });
});
