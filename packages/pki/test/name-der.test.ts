import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName } from '@peculiar/asn1-x509';
import { openssl, tempDir } from '@podpis/testkit';
import { buildName, OID, parseCertificate, qualifiedSubjectName, toDer } from '@podpis/pki';
import { nameDer } from '../src/x509/name-der.js';
import { fromPem } from './support/pem.js';
import { IVANOV, IVANOV_PERSON, PRIMER_LEGAL_ENTITY } from './support/subjects.js';

const atv = (type: string, value: ConstructorParameters<typeof AttributeValue>[0]): AttributeTypeAndValue =>
  new AttributeTypeAndValue({ type, value: new AttributeValue(value) });

/** A certificate's subject as OpenSSL writes it with `-subj` and the given string mask. */
function opensslSubject(subject: string, mask: string): Name {
  const dir = tempDir();
  openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    join(dir, 'k.pem'),
    '-out',
    join(dir, 'c.pem'),
    '-utf8',
    '-multivalue-rdn',
    '-subj',
    subject,
    '-days',
    '1',
    '-set_serial',
    '1',
    '-nameopt',
    'utf8',
    '-config',
    writeConfig(dir, mask),
  ]);
  const der = fromPem(openssl(['x509', '-in', join(dir, 'c.pem')]).stdout.toString());
  return parseCertificate(der).asn1.tbsCertificate.subject;
}

function writeConfig(dir: string, mask: string): string {
  const path = join(dir, 'req.cnf');
  writeFileSync(path, `[req]\ndistinguished_name = dn\nstring_mask = ${mask}\n[dn]\n`);
  return path;
}

/**
 * Certificates encode their subject and issuer names by hand (`nameDer`);
 * the bytes must be those the ASN.1 library encodes for the same Name, for
 * every string type, or the library must encode it.
 */
describe("a Name's DER written directly", () => {
  const long = 'Общество с ограниченной ответственностью «'.padEnd(120, 'х') + '»';
  const names: [string, Name][] = [
    [
      'a qualified employee (UTF8String, PrintableString, NumericString, IA5String)',
      qualifiedSubjectName({ ...IVANOV, email: 'ivanov@example.ru' }),
    ],
    ['a person', qualifiedSubjectName(IVANOV_PERSON)],
    ['a legal entity', qualifiedSubjectName(PRIMER_LEGAL_ENTITY)],
    [
      'a value longer than 127 bytes',
      buildName([
        { type: OID.organizationName, value: long },
        { type: OID.commonName, value: 'x' },
      ]),
    ],
    ['the empty name', new Name([])],
    [
      'a multi-valued RDN',
      new Name([
        new RelativeDistinguishedName([
          atv(OID.commonName, { utf8String: 'Б' }),
          atv(OID.country, { printableString: 'RU' }),
        ]),
      ]),
    ],
    [
      'a BMPString and a TeletexString (the library writes them)',
      new Name([
        new RelativeDistinguishedName([atv(OID.commonName, { bmpString: 'Иван' })]),
        new RelativeDistinguishedName([atv(OID.organizationName, { teletexString: 'T61' })]),
      ]),
    ],
    [
      'non-ASCII in a PrintableString and an IA5String (the library writes them)',
      new Name([
        new RelativeDistinguishedName([atv(OID.country, { printableString: 'RÜ' })]),
        new RelativeDistinguishedName([atv(OID.emailAddress, { ia5String: 'и@example.ru' })]),
      ]),
    ],
    [
      'OpenSSL, UTF8 only, multi-valued',
      opensslSubject('/C=RU/O=Пример/CN=Иванов+serialNumber=42', 'utf8only'),
    ],
    [
      'OpenSSL, default mask (PrintableString, BMPString)',
      opensslSubject('/C=RU/O=Example/CN=Иванов', 'default'),
    ],
    ['OpenSSL, T61String allowed', opensslSubject('/C=RU/O=Example/CN=Ivanov', 'nombstr')],
  ];

  it.each(names)('%s', (_, name) => {
    expect(Buffer.from(nameDer(name)).toString('hex')).toBe(Buffer.from(toDer(name)).toString('hex'));
  });
});
