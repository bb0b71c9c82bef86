import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CertificateList } from '@peculiar/asn1-x509';
import { describe, expect, it } from 'vitest';
import { openssl, opensslGostKey, opensslGostSelfSigned, tempDir } from '@podpis/testkit';
import {
  buildName,
  createCrl,
  CRL_REASON_CODES,
  generateSoftwareKey,
  issueCertificate,
  keyIdentifier,
  OID,
  parseCertificate,
  parseCrl,
  parseDer,
  PkiError,
  toDer,
  verifyCrlSignature,
  type RevocationReason,
  type KeySpec,
  type RevokedCertificateEntry,
  type Signer,
} from '@podpis/pki';
import { fromPem, pem } from './support/pem.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const DAY = 24 * 3600 * 1000;

const SPECS: { label: string; spec: KeySpec }[] = [
  { label: 'GOST-256', spec: { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.2' } },
  { label: 'GOST-512', spec: { type: 'gost', paramSet: '1.2.643.7.1.2.1.2.1' } },
  { label: 'RSA', spec: { type: 'rsa', modulusLength: 2048 } },
  { label: 'ECDSA', spec: { type: 'ecdsa', curve: 'P-256' } },
];

interface Authority {
  signer: Signer;
  der: Uint8Array;
  ski: Uint8Array;
  user: Uint8Array;
}

/** A CA certificate with keyUsage cRLSign and one end-entity certificate it issued. */
async function makeAuthority(spec: KeySpec): Promise<Authority> {
  const { signer } = await generateSoftwareKey(spec);
  const subject = buildName([
    { type: OID.country, value: 'RU' },
    { type: OID.commonName, value: 'Тестовый УЦ' },
  ]);
  const ski = await keyIdentifier(signer.publicKeyInfo);
  const der = await issueCertificate(
    {
      serialNumber: Uint8Array.from([0x01]),
      subject,
      issuer: subject,
      notBefore: new Date(NOW.getTime() - DAY),
      notAfter: new Date(NOW.getTime() + 365 * DAY),
      publicKeyInfo: signer.publicKeyInfo,
      extensions: {
        basicConstraints: { ca: true },
        keyUsage: ['keyCertSign', 'cRLSign'],
        subjectKeyIdentifier: ski,
      },
    },
    signer,
  );
  const user = await issueCertificate(
    {
      serialNumber: Uint8Array.from([0x8f, 0x10, 0x20]),
      subject: buildName([{ type: OID.commonName, value: 'Иванов Иван' }]),
      issuer: subject,
      notBefore: new Date(NOW.getTime() - DAY),
      notAfter: new Date(NOW.getTime() + 30 * DAY),
      publicKeyInfo: signer.publicKeyInfo,
      extensions: {
        basicConstraints: { ca: false },
        keyUsage: ['digitalSignature'],
        authorityKeyIdentifier: ski,
      },
    },
    signer,
  );
  return { signer, der, ski, user };
}

function crlOf(
  authority: Authority,
  entries: RevokedCertificateEntry[],
  crlNumber = 7n,
): Promise<Uint8Array> {
  return createCrl({
    issuer: parseCertificate(authority.der).asn1.tbsCertificate.subject,
    signer: authority.signer,
    thisUpdate: new Date(NOW.getTime() - 3600_000),
    nextUpdate: new Date(NOW.getTime() + 7 * DAY),
    crlNumber,
    authorityKeyIdentifier: authority.ski,
    entries,
  });
}

const ENTRIES: RevokedCertificateEntry[] = [
  {
    serialNumber: Uint8Array.from([0x8f, 0x10, 0x20]),
    revocationDate: new Date('2026-11-27T10:00:00Z'),
    reason: 'keyCompromise',
    invalidityDate: new Date('2026-11-26T09:30:00Z'),
  },
  {
    serialNumber: Uint8Array.from([0x05]),
    revocationDate: new Date('2026-11-27T11:00:00Z'),
    reason: 'certificateHold',
    holdInstruction: OID.holdInstructionCallIssuer,
  },
  { serialNumber: Uint8Array.from([0x00, 0x42]), revocationDate: new Date('2026-11-27T12:00:00Z') },
];

/** What `openssl crl` or `openssl x509` prints of the DER `der` (`-noout -text`). */
function opensslText(command: 'crl' | 'x509', der: Uint8Array): string {
  return openssl([command, '-inform', 'DER', '-noout', '-text'], der).stdout.toString();
}

/** `openssl verify -crl_check` of the user certificate: its stdout, or the error it failed with. */
function opensslVerify(dir: string, crl: Uint8Array): string {
  writeFileSync(join(dir, 'c.pem'), pem('X509 CRL', crl));
  try {
    return openssl([
      'verify',
      '-crl_check',
      '-attime',
      String(Math.floor(NOW.getTime() / 1000)),
      '-CAfile',
      join(dir, 'ca.pem'),
      '-CRLfile',
      join(dir, 'c.pem'),
      join(dir, 'user.pem'),
    ]).stdout.toString();
  } catch (error) {
    return String(error);
  }
}

describe.each(SPECS)('$label CRLs', ({ spec }) => {
  it('the CA revokes a certificate → the CRL lists it → OpenSSL verifies the CRL and rejects the certificate', async () => {
    const authority = await makeAuthority(spec);
    const der = await crlOf(authority, ENTRIES);
    const crl = parseCrl(der);
    expect(crl.version).toBe(2);
    expect(crl.issuerText).toBe('CN=Тестовый УЦ, C=RU');
    expect(crl.crlNumber).toBe(7n);
    expect(crl.deltaCrlIndicator).toBeUndefined();
    expect(crl.authorityKeyIdentifier).toEqual(authority.ski);
    expect(crl.thisUpdate).toEqual(new Date(NOW.getTime() - 3600_000));
    expect(crl.nextUpdate).toEqual(new Date(NOW.getTime() + 7 * DAY));
    expect(crl.entries).toEqual([
      {
        serialNumberHex: '008f1020',
        revocationDate: new Date('2026-11-27T10:00:00Z'),
        reason: 'keyCompromise',
        invalidityDate: new Date('2026-11-26T09:30:00Z'),
        holdInstruction: undefined,
      },
      {
        serialNumberHex: '05',
        revocationDate: new Date('2026-11-27T11:00:00Z'),
        reason: 'certificateHold',
        invalidityDate: undefined,
        holdInstruction: OID.holdInstructionCallIssuer,
      },
      {
        serialNumberHex: '42',
        revocationDate: new Date('2026-11-27T12:00:00Z'),
        reason: undefined,
        invalidityDate: undefined,
        holdInstruction: undefined,
      },
    ]);
    expect(crl.isRevoked(parseCertificate(authority.user).serialNumberHex)).toBe(true);
    expect(crl.isRevoked('8F1020')).toBe(true);
    expect(crl.isRevoked('0042')).toBe(true);
    expect(crl.isRevoked('06')).toBe(false);
    expect(await verifyCrlSignature(der, authority.signer.publicKeyInfo)).toBe(true);
    const tampered = der.slice();
    tampered[tampered.length - 2]! ^= 0x04;
    expect(await verifyCrlSignature(tampered, authority.signer.publicKeyInfo)).toBe(false);
    const other = await generateSoftwareKey(spec);
    expect(await verifyCrlSignature(crl, other.signer.publicKeyInfo)).toBe(false);

    const dir = tempDir();
    writeFileSync(join(dir, 'ca.pem'), pem('CERTIFICATE', authority.der));
    writeFileSync(join(dir, 'user.pem'), pem('CERTIFICATE', authority.user));
    writeFileSync(join(dir, 'c.pem'), pem('X509 CRL', der));
    const printed = openssl([
      'crl',
      '-in',
      join(dir, 'c.pem'),
      '-CAfile',
      join(dir, 'ca.pem'),
      '-noout',
      '-text',
      '-nameopt',
      'utf8,sep_comma_plus',
    ]);
    const text = printed.stdout.toString('utf8');
    expect(printed.stderr + text).toContain('verify OK');
    expect(text).toContain('CN=Тестовый УЦ');
    expect(text).toMatch(/X509v3 CRL Number: \n\s+7\n/);
    expect(text).toMatch(/Serial Number: 8F1020\n\s+Revocation Date: Nov 27 10:00:00 2026 GMT/);
    expect(text).toMatch(/CRL Reason Code: \n\s+Key Compromise/);
    expect(text).toMatch(/Invalidity Date: \n\s+Nov 26 09:30:00 2026 GMT/);
    expect(text).toMatch(/Hold Instruction Code: \n\s+Hold Instruction Call Issuer/);

    expect(opensslVerify(dir, der)).toContain('certificate revoked');
    expect(opensslVerify(dir, await crlOf(authority, ENTRIES.slice(1)))).toContain('user.pem: OK');
  });
});

describe('CRL encoding', () => {
  it('a complete CRL and a certificate point to the delta CRLs (freshestCRL); a delta CRL may not', async () => {
    const authority = await makeAuthority({ type: 'ecdsa', curve: 'P-256' });
    const issuer = parseCertificate(authority.der).asn1.tbsCertificate.subject;
    const url = 'http://pki.example/pki/crl/issuing-delta.crl';
    const base = {
      issuer,
      signer: authority.signer,
      thisUpdate: NOW,
      nextUpdate: new Date(NOW.getTime() + DAY),
    };
    const complete = await createCrl({ ...base, crlNumber: 5n, freshestCrl: [url], entries: [] });
    expect(parseCrl(complete).extensions).toContainEqual({ oid: OID.freshestCrl, critical: false });
    await expect(
      createCrl({ ...base, crlNumber: 6n, deltaCrlIndicator: 5n, freshestCrl: [url], entries: [] }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', path: 'freshestCrl' });
    const certificate = await issueCertificate(
      {
        serialNumber: Uint8Array.from([0x22]),
        subject: issuer,
        issuer,
        notBefore: NOW,
        notAfter: new Date(NOW.getTime() + DAY),
        publicKeyInfo: authority.signer.publicKeyInfo,
        extensions: { freshestCrl: [url] },
      },
      authority.signer,
    );
    expect(opensslText('crl', complete)).toMatch(/Freshest CRL:\s+Full Name:\s+URI:http:\/\/pki\.example/);
    expect(opensslText('x509', certificate)).toMatch(
      /Freshest CRL:\s+Full Name:\s+URI:http:\/\/pki\.example/,
    );
  });

  it('every reason maps to its code exactly, in a delta CRL OpenSSL prints', async () => {
    const authority = await makeAuthority({ type: 'ecdsa', curve: 'P-256' });
    const reasons = Object.keys(CRL_REASON_CODES) as RevocationReason[];
    const der = await createCrl({
      issuer: parseCertificate(authority.der).asn1.tbsCertificate.subject,
      signer: authority.signer,
      thisUpdate: NOW,
      nextUpdate: new Date(NOW.getTime() + DAY),
      crlNumber: 2n ** 100n,
      deltaCrlIndicator: 2n ** 100n - 1n,
      entries: reasons.map((reason, i) => ({
        serialNumber: Uint8Array.from([i + 1]),
        revocationDate: NOW,
        reason,
      })),
    });
    const crl = parseCrl(der);
    expect(crl.entries.map((e) => e.reason)).toEqual(reasons);
    expect(crl.crlNumber).toBe(2n ** 100n);
    expect(crl.deltaCrlIndicator).toBe(2n ** 100n - 1n);
    expect(crl.extensions).toContainEqual({ oid: OID.deltaCrlIndicator, critical: true });
    expect(crl.isRevoked('08')).toBe(false); // removeFromCRL: no longer revoked
    expect(crl.findEntry('08')?.reason).toBe('removeFromCRL');
    // The library reads the same codes from the same bytes.
    const asn1 = parseDer(der, CertificateList, 'crl');
    const codes = asn1.tbsCertList.revokedCertificates?.map((entry) =>
      Array.from(new Uint8Array(entry.crlEntryExtensions![0]!.extnValue.buffer)),
    );
    expect(codes).toEqual(reasons.map((r) => [0x0a, 0x01, CRL_REASON_CODES[r]]));

    const text = opensslText('crl', der);
    expect(text).toMatch(/X509v3 Delta CRL Indicator: critical\n\s+1267650600228229401496703205375\n/);
    for (const label of [
      'Unspecified',
      'Key Compromise',
      'CA Compromise',
      'Affiliation Changed',
      'Superseded',
      'Cessation Of Operation',
      'Certificate Hold',
      'Remove From CRL',
      'Privilege Withdrawn',
      'AA Compromise',
    ]) {
      expect(text).toContain(label);
    }
  });

  it('the entries written by hand are the DER the ASN.1 library writes', async () => {
    const authority = await makeAuthority({ type: 'ecdsa', curve: 'P-256' });
    const der = await crlOf(authority, [
      ...ENTRIES,
      { serialNumber: new Uint8Array(20).fill(0x7f), revocationDate: new Date('2051-03-04T05:06:07Z') },
      {
        serialNumber: Uint8Array.from([0xff]),
        revocationDate: new Date('1999-12-31T23:59:59.999Z'),
        reason: 'superseded',
        invalidityDate: new Date('1999-01-01T00:00:00Z'),
      },
    ]);
    const asn1 = parseDer(der, CertificateList, 'crl');
    expect(toDer(asn1.tbsCertList)).toEqual(parseCrl(der).tbsDer);
    expect(toDer(asn1)).toEqual(der);
    expect(
      parseCrl(der)
        .entries.map((e) => e.revocationDate.toISOString())
        .slice(3),
    ).toEqual(['2051-03-04T05:06:07.000Z', '1999-12-31T23:59:59.000Z']);
  });

  it('a CRL with no entries omits the list and still verifies', async () => {
    const authority = await makeAuthority({ type: 'gost', paramSet: '1.2.643.7.1.2.1.1.2' });
    const der = await crlOf(authority, []);
    const crl = parseCrl(der);
    expect(crl.entries).toEqual([]);
    expect(crl.isRevoked('01')).toBe(false);
    expect(await verifyCrlSignature(crl, authority.signer.publicKeyInfo)).toBe(true);
    expect(opensslText('crl', der)).toContain('No Revoked Certificates.');
  });

  it('refuses bad templates', async () => {
    const authority = await makeAuthority({ type: 'ecdsa', curve: 'P-256' });
    const entry = ENTRIES[2]!;
    await expect(crlOf(authority, [entry, entry])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(crlOf(authority, [{ ...entry, serialNumber: new Uint8Array(1) }])).rejects.toMatchObject({
      path: 'entries[0].serialNumber',
    });
    await expect(crlOf(authority, [{ ...entry, reason: 'removeFromCRL' }])).rejects.toMatchObject({
      path: 'entries[0].reason',
    });
    await expect(crlOf(authority, [], -1n)).rejects.toMatchObject({ path: 'crlNumber' });
    await expect(crlOf(authority, [{ ...entry, holdInstruction: 'not an oid' }])).rejects.toThrow(PkiError);
  });

  it('100,000 entries build and parse in linear time', async () => {
    const { signer } = await generateSoftwareKey({ type: 'ecdsa', curve: 'P-256' });
    const start = performance.now();
    const der = await createCrl({
      issuer: buildName([{ type: OID.commonName, value: 'CA' }]),
      signer,
      thisUpdate: NOW,
      nextUpdate: new Date(NOW.getTime() + DAY),
      crlNumber: 1n,
      entries: (function* () {
        for (let i = 0; i < 100_000; i++) {
          yield {
            serialNumber: Uint8Array.from([0x40, i >> 16, (i >> 8) & 0xff, i & 0xff]),
            revocationDate: NOW,
            ...(i % 3 === 0 ? { reason: 'keyCompromise' as const } : {}),
          };
        }
      })(),
    });
    const crl = parseCrl(der);
    const elapsed = performance.now() - start;
    expect(crl.entries.length).toBe(100_000);
    expect(crl.isRevoked('4001869f')).toBe(true);
    expect(crl.isRevoked('400186a0')).toBe(false);
    expect(elapsed).toBeLessThan(15_000);
  });
});

describe('CRLs OpenSSL made', () => {
  it('`openssl ca -gencrl` output parses and verifies', async () => {
    const dir = tempDir();
    opensslGostKey(join(dir, 'ca.key'));
    opensslGostSelfSigned(join(dir, 'ca.key'), '/C=RU/CN=Тестовый УЦ', join(dir, 'ca.pem'), [
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    writeFileSync(
      join(dir, 'index.txt'),
      [
        'R\t301231000000Z\t261101000000Z,keyTime,20261030120000Z\t8F1020\tunknown\t/CN=a',
        'R\t301231000000Z\t261102000000Z,certificateHold,holdInstructionReject\t05\tunknown\t/CN=b',
        'R\t301231000000Z\t261103000000Z,superseded\t0A\tunknown\t/CN=c',
        'V\t301231000000Z\t\t0B\tunknown\t/CN=d',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'crlnumber'), '1000\n');
    writeFileSync(
      join(dir, 'ca.cnf'),
      [
        '[ca]',
        'default_ca = ca_default',
        '[ca_default]',
        `database = ${join(dir, 'index.txt')}`,
        `crlnumber = ${join(dir, 'crlnumber')}`,
        `certificate = ${join(dir, 'ca.pem')}`,
        `private_key = ${join(dir, 'ca.key')}`,
        'default_md = md_gost12_256',
        'default_crl_days = 7',
        'crl_extensions = crl_ext',
        '[crl_ext]',
        'authorityKeyIdentifier = keyid:always',
        '',
      ].join('\n'),
    );
    openssl(['ca', '-config', join(dir, 'ca.cnf'), '-gencrl', '-out', join(dir, 'c.pem')]);
    const der = fromPem(readFileSync(join(dir, 'c.pem'), 'utf8'));
    const crl = parseCrl(der);
    const ca = parseCertificate(fromPem(readFileSync(join(dir, 'ca.pem'), 'utf8')));
    expect(crl.issuerText).toBe('CN=Тестовый УЦ, C=RU');
    expect(crl.crlNumber).toBe(0x1000n);
    expect(crl.signatureAlgorithm).toBe(OID.signWithStreebog256);
    expect(crl.entries).toEqual([
      // `openssl ca` sorts the entries by serial number.
      {
        serialNumberHex: '05',
        revocationDate: new Date('2026-11-02T00:00:00Z'),
        reason: 'certificateHold',
        invalidityDate: undefined,
        // OpenSSL 3 `ca` writes the reason but drops the hold instruction.
        holdInstruction: undefined,
      },
      {
        serialNumberHex: '0a',
        revocationDate: new Date('2026-11-03T00:00:00Z'),
        reason: 'superseded',
        invalidityDate: undefined,
        holdInstruction: undefined,
      },
      {
        serialNumberHex: '008f1020',
        revocationDate: new Date('2026-11-01T00:00:00Z'),
        reason: 'keyCompromise',
        invalidityDate: new Date('2026-10-30T12:00:00Z'),
        holdInstruction: undefined,
      },
    ]);
    expect(crl.isRevoked('0b')).toBe(false);
    expect(await verifyCrlSignature(crl, ca.asn1.tbsCertificate.subjectPublicKeyInfo)).toBe(true);
  });
});

describe('bad input', () => {
  it('a truncated, garbled or foreign structure fails with a PkiError only', async () => {
    const authority = await makeAuthority({ type: 'ecdsa', curve: 'P-256' });
    const der = await crlOf(authority, ENTRIES);
    const always = [
      der.subarray(0, 80),
      der.subarray(0, der.length - 1),
      new Uint8Array([0x30, 0x00]),
      new Uint8Array([0xff, 0xff, 0xff]),
      new Uint8Array(0),
      authority.der,
    ];
    for (const input of always) expect(() => parseCrl(input)).toThrow(PkiError);
    for (let i = 0; i < 500; i++) {
      const garbled = der.slice();
      garbled[(i * 7919) % garbled.length] = (i * 37 + 1) & 0xff;
      try {
        parseCrl(garbled);
      } catch (error) {
        expect(error).toBeInstanceOf(PkiError);
      }
    }
  });
});
