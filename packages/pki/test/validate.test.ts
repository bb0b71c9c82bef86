import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AttributeTypeAndValue,
  AttributeValue,
  DistributionPointName,
  GeneralName,
  GeneralSubtree,
  GeneralSubtrees,
  InhibitAnyPolicy,
  IssuingDistributionPoint,
  KeyUsage,
  KeyUsageFlags,
  Name,
  NameConstraints,
  PolicyConstraints,
  PolicyMapping,
  PolicyMappings,
  RelativeDistinguishedName,
} from '@peculiar/asn1-x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { openssl, tempDir } from '@podpis/testkit';
import {
  buildName,
  certIdOf,
  createOcspRequest,
  createOcspResponse,
  generateSoftwareKey,
  keyIdentifier,
  namesEqual,
  OID,
  PkiError,
  validatePath,
  type CertificateExtensions,
  type KeySpec,
  type OcspCertStatus,
  type PathValidationCode,
  type PathValidationOptions,
  type PathValidationResult,
  type Signer,
} from '@podpis/pki';
import { fromPem, pem } from './support/pem.js';
import {
  DAY,
  NOW,
  breakSignature,
  cn,
  crl,
  extension,
  issue,
  revoked,
  type Issued,
  type IssueOptions,
} from './support/chains.js';

const GOST: KeySpec = { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.2' };
const P1 = '1.2.643.100.113.1';
const P2 = '1.2.643.100.113.2';
const UNKNOWN_OID = '1.2.643.999.1';

let keys: Signer[] = [];
let root: Issued;
let inter: Issued;
let leaf: Issued;
const LEAF_SERIAL = 0x2001;
const INTER_SERIAL = 0x1001;

beforeAll(async () => {
  keys = await Promise.all(Array.from({ length: 6 }, async () => (await generateSoftwareKey(GOST)).signer));
  root = await issue({ subject: 'Корневой УЦ', key: key(0), ca: true });
  inter = await intermediate({
    ca: true,
    serial: INTER_SERIAL,
  });
  leaf = await issue({ subject: 'Иванов Иван', key: key(2), issuer: inter, serial: LEAF_SERIAL });
});

function key(i: number): Signer {
  return keys[i]!;
}

/** The intermediate CA's name and key under `root`, as `inter` has them; `options` say what else a test needs. */
function intermediate(options: Partial<IssueOptions> = {}): Promise<Issued> {
  return issue({ subject: 'Подчинённый УЦ', key: key(1), issuer: root, ...options });
}

/** An end entity on the user's key, issued by `inter` unless `options` name another issuer. */
function endEntity(options: Partial<IssueOptions> = {}): Promise<Issued> {
  return issue({ subject: 'Иванов', key: key(2), issuer: inter, ...options });
}

function validate(
  target: Issued,
  intermediates: Issued[],
  anchors: Issued[] = [root],
  options: Partial<PathValidationOptions> = {},
): Promise<PathValidationResult> {
  return validatePath({
    target: target.der,
    intermediates: intermediates.map((c) => c.der),
    trustAnchors: anchors.map((c) => c.der),
    at: NOW,
    revocation: { mode: 'off' },
    ...options,
  });
}

function expectFailure(result: PathValidationResult, code: PathValidationCode, index: number): void {
  expect(result.ok ? 'valid' : `${result.code} at ${result.index}: ${result.message}`).toMatch(
    new RegExp(`^${code} at ${index}:`),
  );
}

function expectValid(result: PathValidationResult): void {
  expect(result.ok ? 'valid' : `${result.code} at ${result.index}: ${result.message}`).toBe('valid');
}

function nameConstraints(
  permitted: GeneralName[],
  excluded: GeneralName[] = [],
): ReturnType<typeof extension> {
  const subtrees = (names: GeneralName[]): GeneralSubtrees | undefined =>
    names.length ? new GeneralSubtrees(names.map((base) => new GeneralSubtree({ base }))) : undefined;
  const value = new NameConstraints({});
  const p = subtrees(permitted);
  const e = subtrees(excluded);
  if (p) value.permittedSubtrees = p;
  if (e) value.excludedSubtrees = e;
  return extension(OID.nameConstraints, true, value);
}

/** One PolicyMapping (the library's constructor is typed for the whole list). */
function policyMapping(issuerDomainPolicy: string, subjectDomainPolicy: string): PolicyMapping {
  const mapping = new PolicyMapping();
  mapping.issuerDomainPolicy = issuerDomainPolicy;
  mapping.subjectDomainPolicy = subjectDomainPolicy;
  return mapping;
}

function ou(unit: string, common: string): Name {
  return buildName([
    { type: OID.country, value: 'RU' },
    { type: OID.organizationName, value: 'Подпись' },
    { type: OID.organizationalUnitName, value: unit },
    { type: OID.commonName, value: common },
  ]);
}

async function ocsp(
  issuer: Issued,
  target: Issued,
  status: OcspCertStatus,
  options: { responder?: Issued; thisUpdate?: Date; nextUpdate?: Date } = {},
): Promise<Uint8Array> {
  const responder = options.responder ?? issuer;
  return createOcspResponse({
    responder: responder.signer,
    responderId: { byKey: await keyIdentifier(responder.signer.publicKeyInfo) },
    producedAt: NOW,
    responses: [
      {
        certId: await certIdOf(target.der, issuer.der),
        status,
        thisUpdate: options.thisUpdate ?? new Date(NOW.getTime() - 3600_000),
        nextUpdate: options.nextUpdate ?? new Date(NOW.getTime() + DAY),
      },
    ],
    ...(options.responder ? { certificates: [options.responder.der] } : {}),
  });
}

describe('building a path', () => {
  it('root → intermediate → leaf validates; the path runs from the anchor to the target', async () => {
    const result = await validate(leaf, [inter]);
    expectValid(result);
    if (!result.ok) return;
    expect(result.path.map((c) => c.subjectText)).toEqual([
      'CN=Корневой УЦ, O=Подпись, C=RU',
      'CN=Подчинённый УЦ, O=Подпись, C=RU',
      'CN=Иванов Иван, O=Подпись, C=RU',
    ]);
    expect(result.policies).toEqual([]);
  });

  it('finds the issuer among unrelated certificates given in any order', async () => {
    const other = await issue({ subject: 'Другой УЦ', key: key(3), issuer: root, ca: true });
    expectValid(await validate(leaf, [other, leaf, inter, root]));
  });

  it('a target that is itself a trust anchor is a path of one', async () => {
    const result = await validate(root, [], [root]);
    expectValid(result);
    expect(result.ok && result.path.length).toBe(1);
  });

  it('tries the next candidate when a CA of the same name with another key does not verify', async () => {
    const impostor = await issue({
      subject: 'Общий УЦ',
      key: key(3),
      issuer: root,
      ca: true,
      withoutKeyIdentifiers: true,
    });
    const real = await issue({
      subject: 'Общий УЦ',
      key: key(1),
      issuer: root,
      ca: true,
      withoutKeyIdentifiers: true,
    });
    const user = await issue({
      subject: 'Петров Пётр',
      key: key(2),
      issuer: real,
      withoutKeyIdentifiers: true,
    });
    // Found by name alone, without the key identifiers the RFC 5280 profile requires.
    const byNameOnly = { profileChecks: false };
    expectValid(await validate(user, [impostor, real], [root], byNameOnly));
    expectFailure(await validate(user, [impostor], [root], byNameOnly), 'SIGNATURE_INVALID', 2);
  });

  it('skips a CA whose subjectKeyIdentifier differs from the authorityKeyIdentifier', async () => {
    const rekeyed = await issue({ subject: 'Подчинённый УЦ', key: key(3), issuer: root, ca: true });
    expectFailure(await validate(leaf, [rekeyed]), 'NO_PATH', -1);
    expectValid(await validate(leaf, [rekeyed, inter]));
  });

  it('PKITS 4.3.1 Invalid Name Chaining EE Test1: no CA with the leaf’s issuer name → NO_PATH', async () => {
    const stray = await issue({
      subject: 'Сидоров',
      key: key(2),
      issuer: { ...inter, name: cn('Неизвестный УЦ') },
    });
    expectFailure(await validate(stray, [inter]), 'NO_PATH', -1);
  });

  it('PKITS 4.3.3/4.3.4 Valid Name Chaining Whitespace: extra spaces in the issuer name still chain', async () => {
    const spaced = await issue({
      subject: 'Сидоров',
      key: key(2),
      issuer: { ...inter, name: cn('  Подчинённый   УЦ ') },
    });
    expectValid(await validate(spaced, [inter]));
  });

  it('PKITS 4.3.5 Valid Name Chaining Capitalization Test5: case differences still chain', async () => {
    const shouting = await issue({
      subject: 'Сидоров',
      key: key(2),
      issuer: { ...inter, name: cn('ПОДЧИНЁННЫЙ уц') },
    });
    expectValid(await validate(shouting, [inter]));
  });

  it('compares PrintableString and UTF8String values of the same text as equal', () => {
    const value = (v: Partial<AttributeValue>): Name =>
      new Name([
        new RelativeDistinguishedName([
          new AttributeTypeAndValue({ type: OID.commonName, value: new AttributeValue(v) }),
        ]),
      ]);
    expect(namesEqual(value({ printableString: 'Test CA' }), value({ utf8String: 'test  ca' }))).toBe(true);
    expect(namesEqual(value({ printableString: 'Test CA' }), value({ utf8String: 'Test CB' }))).toBe(false);
  });

  it('refuses loops: two CAs that certify each other and no anchor → NO_PATH', async () => {
    const a = await issue({
      subject: 'УЦ А',
      key: key(3),
      issuer: { der: new Uint8Array(), name: cn('УЦ Б'), signer: key(4), ski: new Uint8Array() },
      ca: true,
      withoutKeyIdentifiers: true,
    });
    const b = await issue({
      subject: 'УЦ Б',
      key: key(4),
      issuer: { der: new Uint8Array(), name: cn('УЦ А'), signer: key(3), ski: new Uint8Array() },
      ca: true,
      withoutKeyIdentifiers: true,
    });
    const user = await issue({
      subject: 'Пользователь',
      key: key(2),
      issuer: a,
      withoutKeyIdentifiers: true,
    });
    expectFailure(await validate(user, [a, b]), 'NO_PATH', -1);
  });

  it('does not build paths longer than maxIntermediates', async () => {
    const second = await issue({ subject: 'УЦ 2', key: key(3), issuer: inter, ca: true });
    const third = await issue({ subject: 'УЦ 3', key: key(4), issuer: second, ca: true });
    const user = await issue({ subject: 'Пользователь', key: key(2), issuer: third });
    expectValid(await validate(user, [inter, second, third]));
    expectFailure(
      await validate(user, [inter, second, third], [root], { maxIntermediates: 2 }),
      'NO_PATH',
      -1,
    );
  });
});

describe('signatures and validity (PKITS 4.1, 4.2)', () => {
  it('PKITS 4.1.1 Valid Signatures Test1', async () => {
    expectValid(await validate(leaf, [inter]));
  });

  it('PKITS 4.1.2 Invalid CA Signature Test2', async () => {
    expectFailure(
      await validate(leaf, [{ ...inter, der: breakSignature(inter.der) }]),
      'SIGNATURE_INVALID',
      1,
    );
  });

  it('PKITS 4.1.3 Invalid EE Signature Test3', async () => {
    expectFailure(
      await validate({ ...leaf, der: breakSignature(leaf.der) }, [inter]),
      'SIGNATURE_INVALID',
      2,
    );
  });

  it('PKITS 4.2.1 Invalid CA notBefore Date Test1', async () => {
    const future = await intermediate({
      ca: true,
      notBefore: new Date(NOW.getTime() + DAY),
    });
    expectFailure(await validate(leaf, [future]), 'NOT_YET_VALID', 1);
  });

  it('PKITS 4.2.2 Invalid EE notBefore Date Test2', async () => {
    const future = await endEntity({
      notBefore: new Date(NOW.getTime() + DAY),
    });
    expectFailure(await validate(future, [inter]), 'NOT_YET_VALID', 2);
  });

  it('PKITS 4.2.5 Invalid CA notAfter Date Test5', async () => {
    const old = await intermediate({
      ca: true,
      notAfter: new Date(NOW.getTime() - DAY),
    });
    expectFailure(await validate(leaf, [old]), 'EXPIRED', 1);
  });

  it('PKITS 4.2.6 Invalid EE notAfter Date Test6', async () => {
    const old = await endEntity({
      notAfter: new Date(NOW.getTime() - DAY),
    });
    expectFailure(await validate(old, [inter]), 'EXPIRED', 2);
  });
});

describe('basic constraints and key usage (PKITS 4.6, 4.7)', () => {
  it('PKITS 4.6.1 Invalid Missing basicConstraints Test1', async () => {
    const ca = await intermediate({
      extensions: { keyUsage: ['keyCertSign', 'cRLSign'] },
    });
    expectFailure(await validate(leaf, [ca]), 'NOT_A_CA', 1);
  });

  it('PKITS 4.6.2 Invalid cA False Test2', async () => {
    const ca = await intermediate({
      extensions: { basicConstraints: { ca: false }, keyUsage: ['keyCertSign', 'cRLSign'] },
    });
    expectFailure(await validate(leaf, [ca]), 'NOT_A_CA', 1);
  });

  it('PKITS 4.6.7 Valid pathLenConstraint Test7: pathLenConstraint 0 CA issues an end entity', async () => {
    const ca = await intermediate({
      extensions: { basicConstraints: { ca: true, pathLength: 0 }, keyUsage: ['keyCertSign', 'cRLSign'] },
    });
    expectValid(await validate(leaf, [ca]));
  });

  it('PKITS 4.6.5 Invalid pathLenConstraint Test5: pathLenConstraint 0 CA issues a sub-CA', async () => {
    const ca = await intermediate({
      extensions: { basicConstraints: { ca: true, pathLength: 0 }, keyUsage: ['keyCertSign', 'cRLSign'] },
    });
    const sub = await issue({ subject: 'УЦ 2', key: key(3), issuer: ca, ca: true });
    const user = await issue({ subject: 'Пользователь', key: key(2), issuer: sub });
    expectFailure(await validate(user, [ca, sub]), 'PATH_LENGTH_EXCEEDED', 2);
  });

  it('a self-issued certificate (key rollover) does not count towards pathLenConstraint', async () => {
    const ca = await intermediate({
      extensions: { basicConstraints: { ca: true, pathLength: 0 }, keyUsage: ['keyCertSign', 'cRLSign'] },
    });
    const rollover = await issue({ subject: 'Подчинённый УЦ', key: key(3), issuer: ca, ca: true });
    const user = await issue({ subject: 'Пользователь', key: key(2), issuer: rollover });
    const result = await validate(user, [ca, rollover]);
    expectValid(result);
    expect(result.ok && result.path.length).toBe(4);
  });

  it('PKITS 4.7.1 Invalid keyUsage Critical keyCertSign False Test1', async () => {
    const ca = await intermediate({
      extensions: { basicConstraints: { ca: true }, keyUsage: ['cRLSign'] },
    });
    expectFailure(await validate(leaf, [ca]), 'KEY_USAGE', 1);
  });

  it('PKITS 4.7.2 Invalid keyUsage Not Critical keyCertSign False Test2', async () => {
    const ca = await intermediate({
      extensions: { basicConstraints: { ca: true } },
      extra: [extension(OID.keyUsage, false, new KeyUsage(KeyUsageFlags.cRLSign))],
    });
    expectFailure(await validate(leaf, [ca]), 'KEY_USAGE', 1);
  });

  it('PKITS 4.7.3 Valid keyUsage Not Critical Test3', async () => {
    const ca = await intermediate({
      extensions: { basicConstraints: { ca: true } },
      extra: [
        extension(OID.keyUsage, false, new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign)),
      ],
    });
    expectValid(await validate(leaf, [ca]));
  });

  it('PKITS 4.7.4 Invalid keyUsage Critical cRLSign False Test4: a CRL from a CA without cRLSign', async () => {
    const ca = await intermediate({
      extensions: { basicConstraints: { ca: true }, keyUsage: ['keyCertSign'] },
    });
    const result = await validate(leaf, [ca], [root], {
      revocation: { mode: 'require', crls: [await crl(root), await crl(ca)] },
    });
    expectFailure(result, 'KEY_USAGE', 1);
  });
});

describe('unknown critical extensions', () => {
  it('an unknown critical extension in a CA or the leaf is refused; a non-critical one is ignored', async () => {
    const odd = extension(UNKNOWN_OID, true, new KeyUsage(KeyUsageFlags.digitalSignature));
    const ca = await intermediate({ ca: true, extra: [odd] });
    expectFailure(await validate(leaf, [ca]), 'UNKNOWN_CRITICAL_EXTENSION', 1);
    const user = await endEntity({ extra: [odd] });
    expectFailure(await validate(user, [inter]), 'UNKNOWN_CRITICAL_EXTENSION', 2);
    const mild = extension(UNKNOWN_OID, false, new KeyUsage(KeyUsageFlags.digitalSignature));
    const fine = await endEntity({ extra: [mild] });
    expectValid(await validate(fine, [inter]));
  });
});

describe('name constraints (PKITS 4.13)', () => {
  async function constrained(...ext: ReturnType<typeof nameConstraints>[]): Promise<Issued> {
    return intermediate({ ca: true, extra: ext });
  }

  /** The verdict on an end entity the constrained `ca` issues to `subject`, with `subjectAltName` if given. */
  async function leafOf(
    ca: Issued,
    subject: IssueOptions['subject'],
    subjectAltName?: CertificateExtensions['subjectAltName'],
  ): Promise<PathValidationResult> {
    const extensions = subjectAltName ? { extensions: { subjectAltName } } : {};
    return validate(await endEntity({ subject, issuer: ca, ...extensions }), [ca]);
  }

  /** The directoryName subtree of one department of Подпись. */
  function department(unit: string): GeneralName {
    return new GeneralName({
      directoryName: buildName([
        { type: OID.country, value: 'RU' },
        { type: OID.organizationName, value: 'Подпись' },
        { type: OID.organizationalUnitName, value: unit },
      ]),
    });
  }

  it('PKITS 4.13.1 Valid DN nameConstraints Test1 / 4.13.2 Invalid DN nameConstraints Test2', async () => {
    const ca = await constrained(nameConstraints([department('permittedSubtree1')]));
    expectValid(await leafOf(ca, ou('permittedSubtree1', 'Иванов')));
    expectFailure(await leafOf(ca, ou('другой отдел', 'Иванов')), 'NAME_CONSTRAINTS', 2);
  });

  it('excluded directoryName subtree (PKITS 4.13.3-style)', async () => {
    const ca = await constrained(nameConstraints([], [department('excludedSubtree1')]));
    expectFailure(await leafOf(ca, ou('EXCLUDEDSUBTREE1', 'Иванов')), 'NAME_CONSTRAINTS', 2);
    expectValid(await leafOf(ca, ou('other', 'Иванов')));
  });

  it('PKITS 4.13.21 Valid RFC822 nameConstraints Test21 / 4.13.22 Invalid RFC822 nameConstraints Test22', async () => {
    const ca = await constrained(nameConstraints([new GeneralName({ rfc822Name: 'testcertificates.gov' })]));
    expectValid(await leafOf(ca, 'Иванов', { email: ['Test21EE@testcertificates.gov'] }));
    expectFailure(
      await leafOf(ca, 'Иванов', { email: ['Test22EE@mail.testcertificates.gov'] }),
      'NAME_CONSTRAINTS',
      2,
    );
  });

  it('an emailAddress attribute in the subject DN is held to rfc822Name constraints', async () => {
    const ca = await constrained(nameConstraints([new GeneralName({ rfc822Name: '.podpis.ru' })]));
    const mailedTo = (email: string): Name =>
      buildName([
        { type: OID.commonName, value: 'Иванов' },
        { type: OID.emailAddress, value: email },
      ]);
    expectFailure(await leafOf(ca, mailedTo('ivanov@example.com')), 'NAME_CONSTRAINTS', 2);
    expectValid(await leafOf(ca, mailedTo('ivanov@mail.podpis.ru')));
  });

  it('PKITS 4.13.30 Valid DNS nameConstraints Test30 / 4.13.31 Invalid DNS nameConstraints Test31', async () => {
    const ca = await constrained(nameConstraints([new GeneralName({ dNSName: 'testcertificates.gov' })]));
    expectValid(await leafOf(ca, 'Сервер', { dns: ['testserver.testcertificates.gov'] }));
    expectFailure(
      await leafOf(ca, 'Сервер', { dns: ['testserver.invalidcertificates.gov'] }),
      'NAME_CONSTRAINTS',
      2,
    );
  });

  it('iPAddress permitted and excluded ranges', async () => {
    const ca = await constrained(
      nameConstraints(
        [new GeneralName({ iPAddress: '10.0.0.0/8' })],
        [new GeneralName({ iPAddress: '10.66.0.0/16' })],
      ),
    );
    expectValid(await leafOf(ca, 'Сервер', { ip: ['10.1.2.3'] }));
    expectFailure(await leafOf(ca, 'Сервер', { ip: ['192.168.1.1'] }), 'NAME_CONSTRAINTS', 2);
    expectFailure(await leafOf(ca, 'Сервер', { ip: ['10.66.1.1'] }), 'NAME_CONSTRAINTS', 2);
  });

  it('constraints of two CAs both apply (intersection)', async () => {
    const outer = await intermediate({
      ca: true,
      extra: [nameConstraints([new GeneralName({ dNSName: 'podpis.ru' })])],
    });
    const inner = await issue({
      subject: 'УЦ 2',
      key: key(3),
      issuer: outer,
      ca: true,
      extra: [nameConstraints([new GeneralName({ dNSName: 'example.com' })])],
    });
    const user = await issue({
      subject: 'Сервер',
      key: key(2),
      issuer: inner,
      extensions: { subjectAltName: { dns: ['www.example.com'] } },
    });
    expectFailure(await validate(user, [outer, inner]), 'NAME_CONSTRAINTS', 3);
  });
});

describe('certificate policies (RFC 5280 §6.1.3 (d)–(f), §6.1.4 (a)–(b), (h)–(j))', () => {
  async function policyChain(
    interPolicies: string[],
    leafPolicies: string[],
    extra: ReturnType<typeof extension>[] = [],
  ): Promise<{ ca: Issued; user: Issued }> {
    const ca = await intermediate({
      extensions: {
        basicConstraints: { ca: true },
        keyUsage: ['keyCertSign', 'cRLSign'],
        certificatePolicies: interPolicies,
      },
      extra,
    });
    const user = await endEntity({
      issuer: ca,
      extensions: { keyUsage: ['digitalSignature'], certificatePolicies: leafPolicies },
    });
    return { ca, user };
  }

  it('PKITS 4.8.1 All Certificates Same Policy Test1', async () => {
    const { ca, user } = await policyChain([P1], [P1]);
    const any = await validate(user, [ca]);
    expect(any.ok && any.policies).toEqual([P1]);
    expectValid(
      await validate(user, [ca], [root], { policy: { initialPolicySet: [P1], explicitPolicy: true } }),
    );
    expectFailure(
      await validate(user, [ca], [root], { policy: { initialPolicySet: [P2], explicitPolicy: true } }),
      'POLICY',
      2,
    );
  });

  it('no policies pass unless an explicit policy is required (PKITS 4.8.2-style)', async () => {
    expectValid(await validate(leaf, [inter]));
    expectFailure(await validate(leaf, [inter], [root], { policy: { explicitPolicy: true } }), 'POLICY', 1);
  });

  it('anyPolicy in the CA admits the leaf’s policy', async () => {
    const { ca, user } = await policyChain([OID.anyPolicy], [P2]);
    const result = await validate(user, [ca], [root], { policy: { explicitPolicy: true } });
    expect(result.ok && result.policies).toEqual([P2]);
  });

  it('inhibitAnyPolicy 0 in the CA: the leaf’s anyPolicy no longer counts', async () => {
    const { ca, user } = await policyChain(
      [P1],
      [OID.anyPolicy],
      [extension(OID.inhibitAnyPolicy, true, new InhibitAnyPolicy(new Uint8Array([0]).buffer))],
    );
    expectFailure(await validate(user, [ca], [root], { policy: { explicitPolicy: true } }), 'POLICY', 2);
    const { ca: open, user: user2 } = await policyChain([P1], [OID.anyPolicy]);
    const result = await validate(user2, [open], [root], { policy: { explicitPolicy: true } });
    expect(result.ok && result.policies).toEqual([P1]);
  });

  it('policy mapping P1 → P2: the leaf’s P2 satisfies a user asking for P1; refused when mapping is inhibited', async () => {
    const mapping = extension(OID.policyMappings, true, new PolicyMappings([policyMapping(P1, P2)]));
    const { ca, user } = await policyChain([P1], [P2], [mapping]);
    const result = await validate(user, [ca], [root], {
      policy: { initialPolicySet: [P1], explicitPolicy: true },
    });
    // The policies at the leaf's depth are in the leaf's domain: P2.
    expect(result.ok && result.policies).toEqual([P2]);
    expectFailure(
      await validate(user, [ca], [root], {
        policy: { initialPolicySet: [P1], explicitPolicy: true, policyMappingInhibit: true },
      }),
      'POLICY',
      2,
    );
  });

  it('a mapping to anyPolicy is refused', async () => {
    const mapping = extension(
      OID.policyMappings,
      true,
      new PolicyMappings([policyMapping(P1, OID.anyPolicy)]),
    );
    const { ca, user } = await policyChain([P1], [P1], [mapping]);
    expectFailure(await validate(user, [ca]), 'POLICY', 1);
  });

  it('requireExplicitPolicy 0 in the CA: a leaf without policies fails', async () => {
    const require = extension(
      OID.policyConstraints,
      true,
      new PolicyConstraints({ requireExplicitPolicy: new Uint8Array([0]).buffer }),
    );
    const ca = await intermediate({
      extensions: {
        basicConstraints: { ca: true },
        keyUsage: ['keyCertSign', 'cRLSign'],
        certificatePolicies: [P1],
      },
      extra: [require],
    });
    expectFailure(await validate(leaf, [ca]), 'POLICY', 2);
  });
});

describe('revocation (PKITS 4.4)', () => {
  it('CRLs from the root and the intermediate vouch for every certificate', async () => {
    expectValid(
      await validate(leaf, [inter], [root], {
        revocation: { mode: 'require', crls: [await crl(root), await crl(inter)] },
      }),
    );
  });

  it('PKITS 4.4.1 Invalid Missing CRL Test1: require → REVOCATION_UNKNOWN; if-available passes', async () => {
    expectFailure(
      await validate(leaf, [inter], [root], { revocation: { mode: 'require' } }),
      'REVOCATION_UNKNOWN',
      1,
    );
    expectValid(await validate(leaf, [inter], [root], { revocation: { mode: 'if-available' } }));
  });

  it('PKITS 4.4.2 Invalid Revoked CA Test2', async () => {
    const result = await validate(leaf, [inter], [root], {
      revocation: {
        mode: 'require',
        crls: [await crl(root, { entries: [revoked(INTER_SERIAL, 'cACompromise')] }), await crl(inter)],
      },
    });
    expectFailure(result, 'REVOKED', 1);
    expect(!result.ok && result.revocation?.reason).toBe('cACompromise');
  });

  it('PKITS 4.4.3 Invalid Revoked EE Test3: the reason and date come back', async () => {
    const result = await validate(leaf, [inter], [root], {
      revocation: { mode: 'if-available', crls: [await crl(inter, { entries: [revoked(LEAF_SERIAL)] })] },
    });
    expectFailure(result, 'REVOKED', 2);
    expect(!result.ok && result.revocation).toEqual({
      reason: 'keyCompromise',
      date: new Date(NOW.getTime() - 2 * DAY),
    });
  });

  it('PKITS 4.4.4 Invalid Bad CRL Signature Test4', async () => {
    const forged = await crl(inter, { signer: key(3) });
    expectFailure(
      await validate(leaf, [inter], [root], { revocation: { mode: 'if-available', crls: [forged] } }),
      'CRL_INVALID',
      2,
    );
  });

  it('PKITS 4.4.5 Invalid Bad CRL Issuer Name Test5: a CRL naming another issuer does not count', async () => {
    const misnamed = await crl(inter, { issuerName: cn('Чужой УЦ') });
    expectFailure(
      await validate(leaf, [inter], [root], {
        revocation: { mode: 'require', crls: [await crl(root), misnamed] },
      }),
      'REVOCATION_UNKNOWN',
      2,
    );
  });

  it('PKITS 4.4.9 Invalid Unknown CRL Extension Test9: a critical unknown CRL extension', async () => {
    const odd = await crl(inter, {
      extra: [extension(UNKNOWN_OID, true, new KeyUsage(KeyUsageFlags.digitalSignature))],
    });
    expectFailure(
      await validate(leaf, [inter], [root], { revocation: { mode: 'if-available', crls: [odd] } }),
      'CRL_INVALID',
      2,
    );
  });

  it('PKITS 4.4.11 Invalid Old CRL nextUpdate Test11', async () => {
    const stale = await crl(inter, {
      thisUpdate: new Date(NOW.getTime() - 10 * DAY),
      nextUpdate: new Date(NOW.getTime() - DAY),
    });
    expectFailure(
      await validate(leaf, [inter], [root], { revocation: { mode: 'if-available', crls: [stale] } }),
      'CRL_INVALID',
      2,
    );
  });

  it('a truncated or garbage CRL is CRL_INVALID (revocation indeterminate), never a throw', async () => {
    const whole = await crl(inter);
    const unreadable = [
      whole.subarray(0, whole.length - 10),
      whole.subarray(0, 40),
      new Uint8Array(),
      Uint8Array.from([0x30, 0x80, 0x00, 0x00]),
      new TextEncoder().encode('<html>502 Bad Gateway</html>'),
    ];
    const rootCrl = await crl(root);
    for (const bytes of unreadable) {
      for (const mode of ['require', 'if-available'] as const) {
        const result = await validate(leaf, [inter], [root], {
          revocation: { mode, crls: [rootCrl, bytes] },
        });
        expectFailure(result, 'CRL_INVALID', 2);
        expect(!result.ok && result.rule).toBe('RFC5280 5.1');
        expect(!result.ok && result.message).toMatch(/^CRL 1 does not parse: /);
      }
    }
    // A readable CRL that answers for the certificate still decides.
    expectValid(
      await validate(leaf, [inter], [root], {
        revocation: { mode: 'require', crls: [unreadable[0]!, rootCrl, whole] },
      }),
    );
    const revokedLeaf = await crl(inter, { entries: [revoked(LEAF_SERIAL)] });
    expectFailure(
      await validate(leaf, [inter], [root], {
        revocation: { mode: 'require', crls: [unreadable[1]!, rootCrl, revokedLeaf] },
      }),
      'REVOKED',
      2,
    );
  });

  it('an issuingDistributionPoint scope decides whether the CRL covers the certificate', async () => {
    const caOnly = await crl(inter, {
      extra: [
        extension(
          OID.issuingDistributionPoint,
          true,
          new IssuingDistributionPoint({ onlyContainsCACerts: true }),
        ),
      ],
    });
    const userOnly = await crl(inter, {
      extra: [
        extension(
          OID.issuingDistributionPoint,
          true,
          new IssuingDistributionPoint({ onlyContainsUserCerts: true }),
        ),
      ],
    });
    const rootCrl = await crl(root);
    expectFailure(
      await validate(leaf, [inter], [root], { revocation: { mode: 'require', crls: [rootCrl, caOnly] } }),
      'REVOCATION_UNKNOWN',
      2,
    );
    expectValid(
      await validate(leaf, [inter], [root], { revocation: { mode: 'require', crls: [rootCrl, userOnly] } }),
    );
  });

  it('OCSP from the CA itself: good passes, revoked fails with the reason', async () => {
    const rootCrl = await crl(root);
    const good = await ocsp(inter, leaf, 'good');
    expectValid(
      await validate(leaf, [inter], [root], {
        revocation: { mode: 'require', crls: [rootCrl], ocspResponses: [good] },
      }),
    );
    const bad = await ocsp(inter, leaf, {
      revoked: { time: new Date(NOW.getTime() - DAY), reason: 'superseded' },
    });
    const result = await validate(leaf, [inter], [root], {
      revocation: { mode: 'require', crls: [rootCrl], ocspResponses: [bad] },
    });
    expectFailure(result, 'REVOKED', 2);
    expect(!result.ok && result.revocation?.reason).toBe('superseded');
  });

  it('OCSP from a delegated responder needs extendedKeyUsage ocspSigning and the CA’s signature', async () => {
    const rootCrl = await crl(root);
    const responder = await issue({
      subject: 'OCSP',
      key: key(5),
      issuer: inter,
      extensions: { keyUsage: ['digitalSignature'], extendedKeyUsage: [OID.ocspSigning], ocspNoCheck: true },
    });
    const delegated = await ocsp(inter, leaf, 'good', { responder });
    expectValid(
      await validate(leaf, [inter], [root], {
        revocation: { mode: 'require', crls: [rootCrl], ocspResponses: [delegated] },
      }),
    );
    const plain = await issue({
      subject: 'OCSP',
      key: key(5),
      issuer: inter,
      extensions: { keyUsage: ['digitalSignature'] },
    });
    const unauthorised = await ocsp(inter, leaf, 'good', { responder: plain });
    expectFailure(
      await validate(leaf, [inter], [root], {
        revocation: { mode: 'require', crls: [rootCrl], ocspResponses: [unauthorised] },
      }),
      'OCSP_INVALID',
      2,
    );
    const foreign = await issue({
      subject: 'OCSP',
      key: key(5),
      issuer: root,
      extensions: { keyUsage: ['digitalSignature'], extendedKeyUsage: [OID.ocspSigning] },
    });
    const wrongCa = await ocsp(inter, leaf, 'good', { responder: foreign });
    expectFailure(
      await validate(leaf, [inter], [root], {
        revocation: { mode: 'require', crls: [rootCrl], ocspResponses: [wrongCa] },
      }),
      'OCSP_INVALID',
      2,
    );
  });

  describe('a delegated OCSP responder’s own certificate (RFC 6960 §4.2.2.2.1)', () => {
    const RESPONDERS_CRL = 'http://ca.example/responders.crl';
    /** A CRL of `inter` for its OCSP responders only: the leaf names no distribution point, so it does not cover the leaf. */
    const respondersCrl = (
      entries: ReturnType<typeof revoked>[],
      times: { thisUpdate?: Date; nextUpdate?: Date } = {},
    ) =>
      crl(inter, {
        entries,
        ...times,
        extra: [
          extension(
            OID.issuingDistributionPoint,
            true,
            new IssuingDistributionPoint({
              distributionPoint: new DistributionPointName({
                fullName: [new GeneralName({ uniformResourceIdentifier: RESPONDERS_CRL })],
              }),
            }),
          ),
        ],
      });
    const responderCert = (serial: number, ocspNoCheck: boolean) =>
      issue({
        subject: 'OCSP',
        key: key(5),
        issuer: inter,
        serial,
        extensions: {
          keyUsage: ['digitalSignature'],
          extendedKeyUsage: [OID.ocspSigning],
          crlDistributionPoints: [RESPONDERS_CRL],
          ...(ocspNoCheck ? { ocspNoCheck } : {}),
        },
      });

    it('with id-pkix-ocsp-nocheck it is trusted for its lifetime, without a note', async () => {
      const responder = await responderCert(0x4001, true);
      const result = await validate(leaf, [inter], [root], {
        revocation: {
          mode: 'require',
          crls: [await crl(root), await respondersCrl([revoked(0x4001)])],
          ocspResponses: [await ocsp(inter, leaf, 'good', { responder })],
        },
      });
      expectValid(result);
      expect(result.ok && result.notes).toEqual([]);
    });

    it('without nocheck the CA’s CRL decides: revoked → OCSP_INVALID, listed as good → valid, no CRL → valid with a note', async () => {
      const responder = await responderCert(0x4002, false);
      const answer = await ocsp(inter, leaf, 'good', { responder });
      const rootCrl = await crl(root);
      const revokedResponder = await validate(leaf, [inter], [root], {
        revocation: {
          mode: 'require',
          crls: [rootCrl, await respondersCrl([revoked(0x4002)])],
          ocspResponses: [answer],
        },
      });
      expectFailure(revokedResponder, 'OCSP_INVALID', 2);
      expect(!revokedResponder.ok && revokedResponder.rule).toBe('RFC6960 4.2.2.2.1');
      expect(!revokedResponder.ok && revokedResponder.message).toMatch(/responder’s certificate was revoked/);

      const checked = await validate(leaf, [inter], [root], {
        revocation: { mode: 'require', crls: [rootCrl, await respondersCrl([])], ocspResponses: [answer] },
      });
      expectValid(checked);
      expect(checked.ok && checked.notes).toEqual([]);

      const unchecked = await validate(leaf, [inter], [root], {
        revocation: { mode: 'require', crls: [rootCrl], ocspResponses: [answer] },
      });
      expectValid(unchecked);
      expect(unchecked.ok && unchecked.notes).toEqual([
        {
          code: 'OCSP_RESPONDER_REVOCATION_UNCHECKED',
          index: 2,
          rule: 'RFC6960 4.2.2.2.1',
          message: expect.stringMatching(/no id-pkix-ocsp-nocheck and no CRL answers for it/) as string,
        },
      ]);

      const stale = await validate(leaf, [inter], [root], {
        revocation: {
          mode: 'require',
          crls: [
            rootCrl,
            await respondersCrl([], {
              thisUpdate: new Date(NOW.getTime() - 10 * DAY),
              nextUpdate: new Date(NOW.getTime() - DAY),
            }),
          ],
          ocspResponses: [answer],
        },
      });
      expectFailure(stale, 'OCSP_INVALID', 2);
      expect(!stale.ok && stale.message).toMatch(/revocation cannot be checked: CRL is not current/);
    });

    it('a response OpenSSL made as a delegated responder (openssl ocsp -index … -rsigner …) is judged alike', async () => {
      const spec: KeySpec = { type: 'ecdsa', curve: 'P-256' };
      const [rootKey, caKey, userKey, responderKey] = await Promise.all(
        [1, 2, 3, 4].map(() => generateSoftwareKey(spec)),
      );
      const ecRoot = await issue({ subject: 'EC Root', key: rootKey!.signer, ca: true });
      const ecCa = await issue({ subject: 'EC CA', key: caKey!.signer, issuer: ecRoot, ca: true });
      const ecUser = await issue({ subject: 'EC User', key: userKey!.signer, issuer: ecCa, serial: 0x5001 });
      const ecResponder = (serial: number, ocspNoCheck: boolean) =>
        issue({
          subject: 'EC OCSP',
          key: responderKey!.signer,
          issuer: ecCa,
          serial,
          extensions: {
            keyUsage: ['digitalSignature'],
            extendedKeyUsage: [OID.ocspSigning],
            crlDistributionPoints: [RESPONDERS_CRL],
            ...(ocspNoCheck ? { ocspNoCheck } : {}),
          },
        });
      const dir = tempDir('podpis-ocsp-delegated-');
      try {
        writeFileSync(join(dir, 'ca.pem'), pem('CERTIFICATE', ecCa.der));
        writeFileSync(join(dir, 'responder.key'), pem('PRIVATE KEY', responderKey!.pkcs8));
        writeFileSync(
          join(dir, 'request.der'),
          createOcspRequest({ certIds: [await certIdOf(ecUser.der, ecCa.der)] }),
        );
        /** openssl ocsp answers from an index.txt as the delegated responder; the response is stamped with the real clock. */
        const opensslAnswer = async (responder: Issued, entry: string): Promise<Uint8Array> => {
          writeFileSync(join(dir, 'responder.pem'), pem('CERTIFICATE', responder.der));
          writeFileSync(join(dir, 'index.txt'), `${entry}\t5001\tunknown\t/C=RU/O=Podpis/CN=EC User\n`);
          openssl([
            'ocsp',
            '-index',
            join(dir, 'index.txt'),
            '-CA',
            join(dir, 'ca.pem'),
            '-rsigner',
            join(dir, 'responder.pem'),
            '-rkey',
            join(dir, 'responder.key'),
            '-reqin',
            join(dir, 'request.der'),
            '-respout',
            join(dir, 'response.der'),
            '-ndays',
            '1',
          ]);
          return new Uint8Array(readFileSync(join(dir, 'response.der')));
        };
        const now = new Date();
        const hourAgo = new Date(now.getTime() - 3600_000);
        const inADay = new Date(now.getTime() + DAY);
        const rootCrl = await crl(ecRoot, { thisUpdate: hourAgo, nextUpdate: inADay });
        const respondersCrlOf = (entries: ReturnType<typeof revoked>[]) =>
          crl(ecCa, {
            entries,
            thisUpdate: hourAgo,
            nextUpdate: inADay,
            extra: [
              extension(
                OID.issuingDistributionPoint,
                true,
                new IssuingDistributionPoint({
                  distributionPoint: new DistributionPointName({
                    fullName: [new GeneralName({ uniformResourceIdentifier: RESPONDERS_CRL })],
                  }),
                }),
              ),
            ],
          });
        // Judged just after the answer was made: openssl stamps it with the clock when it runs,
        // which on a busy machine can be seconds after this test began.
        const judge = (ocspResponses: Uint8Array[], crls: Uint8Array[]) =>
          validatePath({
            target: ecUser.der,
            intermediates: [ecCa.der],
            trustAnchors: [ecRoot.der],
            at: new Date(Date.now() + 1000),
            revocation: { mode: 'require', crls: [rootCrl, ...crls], ocspResponses },
          });
        const expiry = '361231000000Z';
        const noCheck = await ecResponder(0x5101, true);
        const good = await judge([await opensslAnswer(noCheck, `V\t${expiry}\t`)], []);
        expectValid(good);
        expect(good.ok && good.notes).toEqual([]);
        const revokedUser = await judge(
          [await opensslAnswer(noCheck, `R\t${expiry}\t261101000000Z,keyCompromise`)],
          [],
        );
        expectFailure(revokedUser, 'REVOKED', 2);
        expect(!revokedUser.ok && revokedUser.revocation?.reason).toBe('keyCompromise');

        const plain = await ecResponder(0x5102, false);
        const answer = await opensslAnswer(plain, `V\t${expiry}\t`);
        const unchecked = await judge([answer], []);
        expect(unchecked.ok && unchecked.notes.map((n) => n.code)).toEqual([
          'OCSP_RESPONDER_REVOCATION_UNCHECKED',
        ]);
        expectFailure(await judge([answer], [await respondersCrlOf([revoked(0x5102)])]), 'OCSP_INVALID', 2);
        const cleared = await judge([answer], [await respondersCrlOf([])]);
        expect(cleared.ok && cleared.notes).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('an OCSP answer past its nextUpdate is not current', async () => {
    const stale = await ocsp(inter, leaf, 'good', {
      thisUpdate: new Date(NOW.getTime() - 3 * DAY),
      nextUpdate: new Date(NOW.getTime() - DAY),
    });
    expectFailure(
      await validate(leaf, [inter], [root], { revocation: { mode: 'if-available', ocspResponses: [stale] } }),
      'OCSP_INVALID',
      2,
    );
  });
});

const OTHER_ALGORITHMS: { label: string; spec: KeySpec }[] = [
  { label: 'RSA', spec: { type: 'rsa', modulusLength: 2048 } },
  { label: 'ECDSA', spec: { type: 'ecdsa', curve: 'P-256' } },
];

describe.each(OTHER_ALGORITHMS)('$label chain', ({ spec }) => {
  it('root → intermediate → leaf validates; an expired leaf does not; a revoked one is caught', async () => {
    const [a, b, c] = await Promise.all([1, 2, 3].map(async () => (await generateSoftwareKey(spec)).signer));
    const ca = await issue({ subject: 'Root', key: a!, ca: true });
    const sub = await issue({ subject: 'Sub', key: b!, issuer: ca, ca: true });
    const user = await issue({ subject: 'User', key: c!, issuer: sub, serial: 0x3001 });
    const old = await issue({
      subject: 'User',
      key: c!,
      issuer: sub,
      notAfter: new Date(NOW.getTime() - DAY),
    });
    expectValid(await validate(user, [sub], [ca]));
    expectFailure(await validate(old, [sub], [ca]), 'EXPIRED', 2);
    const crls = [await crl(ca), await crl(sub, { entries: [revoked(0x3001)] })];
    expectFailure(await validate(user, [sub], [ca], { revocation: { mode: 'require', crls } }), 'REVOKED', 2);
  });
});

describe('DSA (RFC 3279; FIPS 186-4), read for old CAs: WebCrypto has none', () => {
  it('an OpenSSL-made DSA-2048/256 root and leaf (dsa_with_SHA256) validate as they do for openssl verify; a flipped signature bit does not', async () => {
    const dir = tempDir('podpis-dsa-');
    try {
      const file = (name: string): string => join(dir, name);
      openssl([
        'genpkey',
        '-genparam',
        '-algorithm',
        'DSA',
        '-pkeyopt',
        'dsa_paramgen_bits:2048',
        '-pkeyopt',
        'dsa_paramgen_q_bits:256',
        '-out',
        file('params.pem'),
      ]);
      openssl(['genpkey', '-paramfile', file('params.pem'), '-out', file('root.key')]);
      openssl(['genpkey', '-paramfile', file('params.pem'), '-out', file('leaf.key')]);
      openssl([
        'req',
        '-x509',
        '-new',
        '-key',
        file('root.key'),
        '-subj',
        '/CN=DSA Root',
        '-sha256',
        '-days',
        '3',
        '-out',
        file('root.pem'),
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ]);
      openssl(['req', '-new', '-key', file('leaf.key'), '-subj', '/CN=DSA Leaf', '-out', file('leaf.csr')]);
      writeFileSync(
        file('leaf.ext'),
        'authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\nkeyUsage=critical,digitalSignature\n',
      );
      openssl([
        'x509',
        '-req',
        '-in',
        file('leaf.csr'),
        '-CA',
        file('root.pem'),
        '-CAkey',
        file('root.key'),
        '-sha256',
        '-days',
        '2',
        '-set_serial',
        '4097',
        '-extfile',
        file('leaf.ext'),
        '-out',
        file('leaf.pem'),
      ]);
      expect(
        openssl(['verify', '-x509_strict', '-CAfile', file('root.pem'), file('leaf.pem')]).stdout.toString(),
      ).toContain(': OK');
      const rootDer = fromPem(readFileSync(file('root.pem'), 'latin1'));
      const leafDer = fromPem(readFileSync(file('leaf.pem'), 'latin1'));
      const judge = (target: Uint8Array) =>
        validatePath({ target, trustAnchors: [rootDer], at: new Date(), revocation: { mode: 'off' } });
      const result = await judge(leafDer);
      expectValid(result);
      expect(result.ok && result.path.map((c) => c.signatureAlgorithm)).toEqual([
        OID.dsaWithSha256,
        OID.dsaWithSha256,
      ]);
      expectFailure(await judge(breakSignature(leafDer)), 'SIGNATURE_INVALID', 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('agreement with openssl verify', () => {
  function opensslAccepts(target: Issued, intermediates: Issued[], crls: Uint8Array[] = []): boolean {
    const dir = tempDir();
    writeFileSync(join(dir, 'root.pem'), pem('CERTIFICATE', root.der));
    writeFileSync(join(dir, 'inter.pem'), intermediates.map((c) => pem('CERTIFICATE', c.der)).join(''));
    writeFileSync(join(dir, 'leaf.pem'), pem('CERTIFICATE', target.der));
    const args = [
      'verify',
      '-attime',
      String(Math.floor(NOW.getTime() / 1000)),
      '-CAfile',
      join(dir, 'root.pem'),
      '-untrusted',
      join(dir, 'inter.pem'),
    ];
    if (crls.length) {
      writeFileSync(join(dir, 'crls.pem'), crls.map((c) => pem('X509 CRL', c)).join(''));
      args.push('-crl_check_all', '-CRLfile', join(dir, 'crls.pem'));
    }
    try {
      openssl([...args, join(dir, 'leaf.pem')]);
      return true;
    } catch {
      return false;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('good, expired, not a CA, path length and revoked chains get the same verdict', async () => {
    const expired = await endEntity({
      notAfter: new Date(NOW.getTime() - DAY),
    });
    const notCa = await intermediate({
      extensions: { basicConstraints: { ca: false }, keyUsage: ['keyCertSign', 'cRLSign'] },
    });
    const limited = await intermediate({
      extensions: { basicConstraints: { ca: true, pathLength: 0 }, keyUsage: ['keyCertSign', 'cRLSign'] },
    });
    const sub = await issue({ subject: 'УЦ 2', key: key(3), issuer: limited, ca: true });
    const deep = await issue({ subject: 'Пользователь', key: key(2), issuer: sub });
    const goodCrls = [await crl(root), await crl(inter)];
    const revokingCrls = [await crl(root), await crl(inter, { entries: [revoked(LEAF_SERIAL)] })];
    const cases: { target: Issued; pool: Issued[]; crls?: Uint8Array[]; ours: boolean }[] = [
      { target: leaf, pool: [inter], ours: true },
      { target: leaf, pool: [inter], crls: goodCrls, ours: true },
      { target: expired, pool: [inter], ours: false },
      { target: leaf, pool: [notCa], ours: false },
      { target: deep, pool: [limited, sub], ours: false },
      { target: leaf, pool: [inter], crls: revokingCrls, ours: false },
    ];
    for (const c of cases) {
      const result = await validate(
        c.target,
        c.pool,
        [root],
        c.crls ? { revocation: { mode: 'require', crls: c.crls } } : {},
      );
      expect(result.ok).toBe(c.ours);
      expect(opensslAccepts(c.target, c.pool, c.crls)).toBe(c.ours);
    }
  });
});

describe('bad input', () => {
  it('garbled certificates and OCSP responses throw PkiError and nothing else', async () => {
    const garbage = [
      new Uint8Array(),
      Uint8Array.from([0x30, 0x03, 0x02, 0x01]),
      leaf.der.subarray(0, 40),
      Uint8Array.from([0x30, 0x80, 0x00, 0x00]),
    ];
    for (const bytes of garbage) {
      await expect(validate({ ...leaf, der: bytes }, [inter])).rejects.toBeInstanceOf(PkiError);
      await expect(validate(leaf, [{ ...inter, der: bytes }])).rejects.toBeInstanceOf(PkiError);
      await expect(
        validate(leaf, [inter], [root], { revocation: { mode: 'if-available', ocspResponses: [bytes] } }),
      ).rejects.toBeInstanceOf(PkiError);
    }
    for (let i = 0; i < 200; i++) {
      const mutated = leaf.der.slice();
      mutated[(i * 7919) % mutated.length]! ^= 1 << (i % 8);
      const outcome = await validate({ ...leaf, der: mutated }, [inter]).then(
        (result) => result,
        (error: unknown) => error,
      );
      if (outcome instanceof Error) expect(outcome).toBeInstanceOf(PkiError);
    }
  });

  it('an invalid date is refused', async () => {
    await expect(validate(leaf, [inter], [root], { at: new Date(Number.NaN) })).rejects.toBeInstanceOf(
      PkiError,
    );
  });
});
