/**
 * Differential test: generated chains root → CA → leaf with random
 * mutations of one certificate, our verdict against `openssl verify
 * -x509_strict`. Every disagreement must come from a mutation listed in
 * ALLOWED_DISAGREEMENTS with the reason, and every listed mutation must
 * still cause one, so the list stays true. The seed is fixed: a failure
 * reproduces.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Extension, Name, Time, Version, type Certificate } from '@peculiar/asn1-x509';
import { tempDir } from '@podpis/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSoftwareKey, OID, PkiError, validatePath, type Signer } from '@podpis/pki';
import { pem } from './support/pem.js';
import { NOW, DAY, issue, mutate, type Issued } from './support/chains.js';

/** Chains with a mutated leaf (one openssl run for them all) and with a mutated CA (one run each). */
const LEAF_CHAINS = Number(process.env.PODPIS_DIFFERENTIAL_CHAINS ?? 1000);
const CA_CHAINS = 60;

type Edit = (cert: Certificate) => void;

function raw(oid: string, der: number[], critical = false): Extension {
  return new Extension({ extnID: oid, critical, extnValue: new OctetString(Uint8Array.from(der)) });
}

function find(cert: Certificate, oid: string): Extension | undefined {
  return cert.tbsCertificate.extensions?.find((e) => e.extnID === oid);
}

/** Sets an extension's criticality or value, if the certificate still has it (an earlier mutation may have dropped it). */
function change(cert: Certificate, oid: string, edit: (extension: Extension) => void): void {
  const extension = find(cert, oid);
  if (extension) edit(extension);
}

function drop(cert: Certificate, oid: string): void {
  const extensions = cert.tbsCertificate.extensions;
  const at = extensions?.findIndex((e) => e.extnID === oid) ?? -1;
  if (at >= 0) extensions?.splice(at, 1);
}

function add(cert: Certificate, extension: Extension): void {
  cert.tbsCertificate.extensions?.push(extension);
}

const ascii = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0));
const san = (...names: number[][]): Extension =>
  raw(OID.subjectAltName, [0x30, names.flat().length, ...names.flat()]);

/** Mutations of an end-entity certificate; the benign ones keep it valid. */
const LEAF_MUTATIONS: Record<string, Edit> = {
  none: () => undefined,
  'serial negative': (c) => {
    c.tbsCertificate.serialNumber = Uint8Array.from([0xfe, 0x01]).buffer;
  },
  'serial zero': (c) => {
    c.tbsCertificate.serialNumber = Uint8Array.from([0x00]).buffer;
  },
  'serial 21 octets': (c) => {
    c.tbsCertificate.serialNumber = Uint8Array.from([0x01, ...new Array<number>(20).fill(7)]).buffer;
  },
  'no authorityKeyIdentifier': (c) => {
    drop(c, OID.authorityKeyIdentifier);
  },
  'critical authorityKeyIdentifier': (c) => {
    change(c, OID.authorityKeyIdentifier, (e) => {
      e.critical = true;
    });
  },
  'critical subjectKeyIdentifier': (c) => {
    change(c, OID.subjectKeyIdentifier, (e) => {
      e.critical = true;
    });
  },
  'keyUsage twice': (c) => {
    add(c, raw(OID.keyUsage, [0x03, 0x02, 0x07, 0x80], true));
  },
  'keyCertSign without cA': (c) => {
    change(c, OID.keyUsage, (e) => {
      e.extnValue = new OctetString(Uint8Array.from([0x03, 0x02, 0x02, 0x84]));
    });
  },
  'pathLenConstraint with cA false': (c) => {
    add(c, raw(OID.basicConstraints, [0x30, 0x03, 0x02, 0x01, 0x00], true));
  },
  'nameConstraints in a leaf': (c) => {
    add(
      c,
      raw(OID.nameConstraints, [0x30, 0x0c, 0xa0, 0x0a, 0x30, 0x08, 0x82, 0x06, ...ascii('ex.com')], true),
    );
  },
  'dNSName with an empty label': (c) => {
    add(c, san([0x82, 7, ...ascii('a..b.ru')]));
  },
  'dNSName with a space': (c) => {
    add(c, san([0x82, 7, ...ascii('a b.com')]));
  },
  'iPAddress of 5 octets': (c) => {
    add(c, san([0x87, 5, 10, 0, 0, 1, 1]));
  },
  'empty subjectAltName': (c) => {
    add(c, raw(OID.subjectAltName, [0x30, 0x00]));
  },
  'undefined GeneralName tag': (c) => {
    add(c, san([0x89, 1, 0]));
  },
  'unknown critical extension': (c) => {
    add(c, raw('1.2.3.4.5', [0x05, 0x00], true));
  },
  'unknown non-critical extension (benign)': (c) => {
    add(c, raw('1.2.3.4.5', [0x05, 0x00]));
  },
  'version 2 with extensions': (c) => {
    c.tbsCertificate.version = Version.v2;
  },
  'tbsCertificate.signature differs': (c) => {
    c.tbsCertificate.signature = new AlgorithmIdentifier({ algorithm: OID.ecdsaWithSha384 });
  },
  expired: (c) => {
    c.tbsCertificate.validity.notAfter = new Time(new Date(NOW.getTime() - DAY));
  },
  'critical authorityInfoAccess': (c) => {
    add(
      c,
      raw(
        OID.authorityInfoAccess,
        [
          0x30,
          0x16,
          0x30,
          0x14,
          0x06,
          0x08,
          0x2b,
          0x06,
          0x01,
          0x05,
          0x05,
          0x07,
          0x30,
          0x01,
          0x86,
          0x08,
          ...ascii('http://o'),
        ],
        true,
      ),
    );
  },
  'empty subject, subjectAltName not critical': (c) => {
    c.tbsCertificate.subject = new Name();
    add(c, san([0x82, 6, ...ascii('ex.com')]));
  },
  'keyUsage with no bit': (c) => {
    change(c, OID.keyUsage, (e) => {
      e.extnValue = new OctetString(Uint8Array.from([0x03, 0x01, 0x00]));
    });
  },
  'wildcard dNSName (benign)': (c) => {
    add(c, san([0x82, 8, ...ascii('*.ex.com')]));
  },
  'IPv6 address (benign)': (c) => {
    add(c, san([0x87, 16, 0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(12).fill(0)]));
  },
};

/** Mutations of the intermediate CA certificate. */
const CA_MUTATIONS: Record<string, Edit> = {
  'CA none': () => undefined,
  'CA basicConstraints not critical': (c) => {
    change(c, OID.basicConstraints, (e) => {
      e.critical = false;
    });
  },
  'CA without subjectKeyIdentifier': (c) => {
    drop(c, OID.subjectKeyIdentifier);
  },
  'CA without basicConstraints': (c) => {
    drop(c, OID.basicConstraints);
  },
  'CA keyUsage without keyCertSign': (c) => {
    change(c, OID.keyUsage, (e) => {
      e.extnValue = new OctetString(Uint8Array.from([0x03, 0x02, 0x01, 0x02]));
    });
  },
  'CA policyConstraints not critical': (c) => {
    add(c, raw(OID.policyConstraints, [0x30, 0x03, 0x80, 0x01, 0x05]));
  },
  'CA inhibitAnyPolicy not critical': (c) => {
    add(c, raw(OID.inhibitAnyPolicy, [0x02, 0x01, 0x01]));
  },
  'CA nameConstraints not critical': (c) => {
    add(c, raw(OID.nameConstraints, [0x30, 0x0c, 0xa0, 0x0a, 0x30, 0x08, 0x82, 0x06, ...ascii('ex.com')]));
  },
  'CA nameConstraints empty': (c) => {
    add(c, raw(OID.nameConstraints, [0x30, 0x00], true));
  },
  'CA pathLenConstraint 0 (benign)': (c) => {
    change(c, OID.basicConstraints, (e) => {
      e.extnValue = new OctetString(Uint8Array.from([0x30, 0x06, 0x01, 0x01, 0xff, 0x02, 0x01, 0x00]));
    });
  },
};

/**
 * Mutations on which we and `openssl verify -x509_strict` (OpenSSL 3.0)
 * disagree, and why; in each we refuse what OpenSSL accepts (a
 * disagreement the other way is never allowed).
 */
const ALLOWED_DISAGREEMENTS: Record<string, string> = {
  'serial negative': 'RFC 5280 §4.1.2.2 requires a positive serial number; OpenSSL 3.0 does not check it',
  'serial zero': 'RFC 5280 §4.1.2.2 requires a positive serial number; OpenSSL 3.0 does not check it',
  'serial 21 octets': 'RFC 5280 §4.1.2.2 allows at most 20 octets; OpenSSL 3.0 does not check the length',
  'nameConstraints in a leaf':
    'RFC 5280 §4.2.1.10 allows nameConstraints only in CA certificates; OpenSSL ignores them in a leaf',
  'dNSName with an empty label':
    'RFC 5280 §4.2.1.6 requires the preferred name syntax; OpenSSL does not check SAN syntax',
  'dNSName with a space':
    'RFC 5280 §4.2.1.6 requires the preferred name syntax; OpenSSL does not check SAN syntax',
  'iPAddress of 5 octets': 'RFC 5280 §4.2.1.6 requires 4 or 16 octets; OpenSSL does not check the length',
  'CA policyConstraints not critical':
    'RFC 5280 §4.2.1.11 requires policyConstraints to be critical; OpenSSL accepts it non-critical',
  'CA inhibitAnyPolicy not critical':
    'RFC 5280 §4.2.1.14 requires inhibitAnyPolicy to be critical; OpenSSL accepts it non-critical',
  'CA nameConstraints not critical':
    'RFC 5280 §4.2.1.10 requires nameConstraints to be critical; OpenSSL 3.0 accepts it non-critical',
  'CA nameConstraints empty': 'RFC 5280 §4.2.1.10 forbids an empty nameConstraints; OpenSSL 3.0 accepts it',
};

/** Deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

/** OpenSSL's verdict per leaf file: one run over them all, in a directory removed afterwards. */
function opensslVerdicts(caPem: string, leaves: Uint8Array[]): boolean[] {
  const dir = tempDir('podpis-differential-');
  try {
    return opensslVerdictsIn(dir, caPem, leaves);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function opensslVerdictsIn(dir: string, caPem: string, leaves: Uint8Array[]): boolean[] {
  writeFileSync(join(dir, 'root.pem'), pem('CERTIFICATE', root.der));
  writeFileSync(join(dir, 'ca.pem'), caPem);
  const files = leaves.map((der, i) => {
    const file = join(dir, `leaf${i}.pem`);
    writeFileSync(file, pem('CERTIFICATE', der));
    return file;
  });
  const result = spawnSync(
    'openssl',
    [
      'verify',
      '-x509_strict',
      '-attime',
      String(Math.floor(NOW.getTime() / 1000)),
      '-CAfile',
      join(dir, 'root.pem'),
      '-untrusted',
      join(dir, 'ca.pem'),
      ...files,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const out = result.stdout.toString('utf8');
  return files.map((file) => out.includes(`${file}: OK`));
}

/** Our verdict; a certificate that does not parse is invalid. */
async function ours(leafDer: Uint8Array, caDer: Uint8Array): Promise<boolean> {
  try {
    const result = await validatePath({
      target: leafDer,
      intermediates: [caDer],
      trustAnchors: [root.der],
      at: NOW,
      revocation: { mode: 'off' },
    });
    return result.ok;
  } catch (error) {
    if (error instanceof PkiError) return false;
    throw error;
  }
}

interface Outcome {
  mutations: string[];
  ours: boolean;
  openssl: boolean;
}

function disagreements(outcomes: readonly Outcome[]): { unexplained: string[]; explained: Set<string> } {
  const unexplained: string[] = [];
  const explained = new Set<string>();
  for (const o of outcomes) {
    if (o.ours === o.openssl) continue;
    const listed = o.ours ? [] : o.mutations.filter((m) => ALLOWED_DISAGREEMENTS[m] !== undefined);
    listed.forEach((m) => explained.add(m));
    if (listed.length === 0) {
      unexplained.push(
        `${o.mutations.join(' + ')}: ours ${o.ours ? 'valid' : 'invalid'}, openssl ${o.openssl ? 'valid' : 'invalid'}`,
      );
    }
  }
  return { unexplained, explained };
}

describe('differential test against openssl verify -x509_strict', () => {
  it(`${LEAF_CHAINS} leaves and ${CA_CHAINS} CAs with random mutations get OpenSSL's verdict or a listed reason`, async () => {
    const next = random(0x13);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const leafNames = Object.keys(LEAF_MUTATIONS);
    const caNames = Object.keys(CA_MUTATIONS);
    const outcomes: Outcome[] = [];
    const base = await issue({ subject: 'Leaf', key: keys[2]!, issuer: inter });

    const leafChains: { mutations: string[]; der: Uint8Array }[] = [];
    for (let k = 0; k < LEAF_CHAINS; k++) {
      // Every mutation once alone, then random pairs.
      const mutations =
        k < leafNames.length ? [leafNames[k]!] : [...new Set([pick(leafNames), pick(leafNames)])];
      const der = await mutate(base.der, inter.signer, (cert) => {
        mutations.forEach((m) => {
          LEAF_MUTATIONS[m]!(cert);
        });
      });
      leafChains.push({ mutations, der });
    }
    const theirs = opensslVerdicts(
      pem('CERTIFICATE', inter.der),
      leafChains.map((c) => c.der),
    );
    for (const [k, chain] of leafChains.entries()) {
      outcomes.push({
        mutations: chain.mutations,
        ours: await ours(chain.der, inter.der),
        openssl: theirs[k]!,
      });
    }

    for (let k = 0; k < CA_CHAINS; k++) {
      const caMutation = k < caNames.length ? caNames[k]! : pick(caNames);
      const leafMutation = k < caNames.length ? 'none' : pick(leafNames);
      const ca = await mutate(inter.der, root.signer, (cert) => {
        CA_MUTATIONS[caMutation]!(cert);
      });
      const der = await mutate(base.der, inter.signer, (cert) => {
        LEAF_MUTATIONS[leafMutation]!(cert);
      });
      const [openssl] = opensslVerdicts(pem('CERTIFICATE', ca), [der]);
      outcomes.push({ mutations: [caMutation, leafMutation], ours: await ours(der, ca), openssl: openssl! });
    }

    if (process.env.PODPIS_DIFFERENTIAL_REPORT) {
      const seen = new Map<string, string>();
      for (const o of outcomes) {
        seen.set(
          o.mutations.join(' + '),
          `ours ${o.ours ? 'valid' : 'invalid'}, openssl ${o.openssl ? 'valid' : 'invalid'}`,
        );
      }
      writeFileSync(
        process.env.PODPIS_DIFFERENTIAL_REPORT,
        [...seen].map(([m, v]) => `${m}\t${v}`).join('\n'),
      );
    }
    const { unexplained, explained } = disagreements(outcomes);
    expect(unexplained).toEqual([]);
    expect(Object.keys(ALLOWED_DISAGREEMENTS).filter((m) => !explained.has(m))).toEqual([]);
  });
});
