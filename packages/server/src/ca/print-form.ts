import { createHash } from 'node:crypto';
import { streebog256 } from '@podpis/gost';
import { OID, oidName, type CertificateInfo, type NameAttribute } from '@podpis/pki';
import { openPdf } from '../core/pdf-document.js';

/**
 * The printable certificate form (M1.6): what a CA hands the holder to sign
 * on paper, in the shape Russian CAs use ("Печатная форма сертификата"),
 * Cyrillic in an embedded DejaVu font.
 */
export type FormLanguage = 'ru' | 'en';

const LABELS = {
  ru: {
    title: 'Сертификат ключа проверки электронной подписи',
    serial: 'Серийный номер',
    owner: 'Владелец сертификата',
    issuer: 'Издатель сертификата',
    validity: 'Срок действия',
    from: 'с',
    to: 'по',
    signatureAlgorithm: 'Алгоритм подписи',
    publicKeyAlgorithm: 'Алгоритм открытого ключа',
    publicKey: 'Открытый ключ',
    keyUsage: 'Использование ключа',
    extendedKeyUsage: 'Назначение',
    policies: 'Политики сертификата (класс средства ЭП)',
    subjectSignTool: 'Средство ЭП владельца',
    issuerSignTool: 'Средства ЭП и УЦ издателя',
    thumbprint: 'Отпечаток (SHA-1)',
    thumbprintGost: 'Отпечаток (ГОСТ Р 34.11-2012, 256)',
    ownerSignature: 'Подпись владельца сертификата',
    caSignature: 'Подпись уполномоченного лица удостоверяющего центра',
    stamp: 'М.П.',
    generated: 'Сформировано',
  },
  en: {
    title: 'Electronic signature verification key certificate',
    serial: 'Serial number',
    owner: 'Certificate holder',
    issuer: 'Issuer',
    validity: 'Validity',
    from: 'from',
    to: 'to',
    signatureAlgorithm: 'Signature algorithm',
    publicKeyAlgorithm: 'Public key algorithm',
    publicKey: 'Public key',
    keyUsage: 'Key usage',
    extendedKeyUsage: 'Extended key usage',
    policies: 'Certificate policies',
    subjectSignTool: "Holder's signature tool",
    issuerSignTool: "Issuer's signature and CA tools",
    thumbprint: 'Thumbprint (SHA-1)',
    thumbprintGost: 'Thumbprint (GOST R 34.11-2012, 256)',
    ownerSignature: "Holder's signature",
    caSignature: 'Signature of the CA officer',
    stamp: 'Seal',
    generated: 'Generated',
  },
} as const;

const ATTRIBUTE_LABELS: Readonly<Record<string, { ru: string; en: string }>> = {
  [OID.commonName]: { ru: 'Общее имя', en: 'Common name' },
  [OID.surname]: { ru: 'Фамилия', en: 'Surname' },
  [OID.givenName]: { ru: 'Имя и отчество', en: 'Given name' },
  [OID.title]: { ru: 'Должность', en: 'Title' },
  [OID.organizationName]: { ru: 'Организация', en: 'Organization' },
  [OID.organizationalUnitName]: { ru: 'Подразделение', en: 'Unit' },
  [OID.street]: { ru: 'Адрес', en: 'Street' },
  [OID.locality]: { ru: 'Населённый пункт', en: 'Locality' },
  [OID.state]: { ru: 'Субъект РФ', en: 'State' },
  [OID.country]: { ru: 'Страна', en: 'Country' },
  [OID.emailAddress]: { ru: 'Электронная почта', en: 'E-mail' },
  [OID.inn]: { ru: 'ИНН', en: 'INN' },
  [OID.innle]: { ru: 'ИНН ЮЛ', en: 'INNLE' },
  [OID.snils]: { ru: 'СНИЛС', en: 'SNILS' },
  [OID.ogrn]: { ru: 'ОГРН', en: 'OGRN' },
  [OID.ogrnip]: { ru: 'ОГРНИП', en: 'OGRNIP' },
};

const ALGORITHM_NAMES: Readonly<Record<string, string>> = {
  [OID.signWithStreebog256]: 'ГОСТ Р 34.10-2012 (256) / ГОСТ Р 34.11-2012',
  [OID.signWithStreebog512]: 'ГОСТ Р 34.10-2012 (512) / ГОСТ Р 34.11-2012',
  [OID.gost3410_2012_256]: 'ГОСТ Р 34.10-2012 (256)',
  [OID.gost3410_2012_512]: 'ГОСТ Р 34.10-2012 (512)',
  [OID.sha256WithRsa]: 'RSA / SHA-256',
  [OID.rsaEncryption]: 'RSA',
  [OID.ecdsaWithSha256]: 'ECDSA / SHA-256',
  [OID.ecdsaWithSha384]: 'ECDSA / SHA-384',
  [OID.ecPublicKey]: 'ECDSA',
};

function groups(hex: string, size = 2): string {
  return (hex.match(new RegExp(`.{1,${size}}`, 'g')) ?? []).join(' ').toUpperCase();
}

function formatDate(date: Date, language: FormLanguage): string {
  return (
    date.toLocaleString(language === 'ru' ? 'ru-RU' : 'en-GB', {
      timeZone: 'UTC',
      dateStyle: 'long',
      timeStyle: 'short',
    }) + ' UTC'
  );
}

/** The order people read a subject in: who, where they work, where, then the registration numbers. */
const DISPLAY_ORDER: readonly string[] = [
  OID.commonName,
  OID.surname,
  OID.givenName,
  OID.title,
  OID.organizationName,
  OID.organizationalUnitName,
  OID.street,
  OID.locality,
  OID.state,
  OID.country,
  OID.emailAddress,
  OID.snils,
  OID.inn,
  OID.innle,
  OID.ogrn,
  OID.ogrnip,
];

function nameLines(attributes: readonly NameAttribute[], language: FormLanguage): [string, string][] {
  const rank = (type: string): number => {
    const index = DISPLAY_ORDER.indexOf(type);
    return index < 0 ? DISPLAY_ORDER.length : index;
  };
  return [...attributes]
    .sort((a, b) => rank(a.type) - rank(b.type))
    .map((a) => [ATTRIBUTE_LABELS[a.type]?.[language] ?? oidName(a.type), a.value]);
}

const KEY_USAGE_RU: Readonly<Record<string, string>> = {
  digitalSignature: 'цифровая подпись',
  nonRepudiation: 'неотрекаемость',
  keyEncipherment: 'шифрование ключей',
  dataEncipherment: 'шифрование данных',
  keyAgreement: 'согласование ключей',
  keyCertSign: 'подпись сертификатов',
  cRLSign: 'подпись списков отзыва',
  encipherOnly: 'только шифрование',
  decipherOnly: 'только расшифрование',
};

const POLICY_NAMES: Readonly<Record<string, string>> = {
  [OID.policyKC1]: 'КС1',
  [OID.policyKC2]: 'КС2',
  [OID.policyKC3]: 'КС3',
  [OID.policyKB1]: 'КВ1',
  [OID.policyKB2]: 'КВ2',
  [OID.policyKA1]: 'КА1',
};

export interface PrintFormOptions {
  language?: FormLanguage;
  generatedAt?: Date;
}

/** Renders the form as a PDF (A4, one or two pages). */
export function renderCertificatePrintForm(
  cert: CertificateInfo,
  options: PrintFormOptions = {},
): Promise<Buffer> {
  const language = options.language ?? 'ru';
  const t = LABELS[language];
  const { doc, finished } = openPdf(t.title);

  const section = (title: string): void => {
    doc.moveDown(0.6).font('bold').fontSize(11).text(title);
    doc.moveDown(0.2);
  };
  const field = (label: string, value: string, font = 'regular'): void => {
    doc.font('bold').fontSize(9).text(`${label}: `, { continued: true });
    doc.font(font).text(value);
  };

  doc.font('bold').fontSize(15).text(t.title, { align: 'center' });
  doc.moveDown(0.5);
  field(t.serial, groups(cert.serialNumberHex), 'mono');
  field(
    t.validity,
    `${t.from} ${formatDate(cert.notBefore, language)} ${t.to} ${formatDate(cert.notAfter, language)}`,
  );

  section(t.owner);
  for (const [label, value] of nameLines(cert.subject, language)) field(label, value);

  section(t.issuer);
  for (const [label, value] of nameLines(cert.issuer, language)) field(label, value);

  section(t.publicKey);
  field(t.publicKeyAlgorithm, ALGORITHM_NAMES[cert.publicKeyAlgorithm] ?? oidName(cert.publicKeyAlgorithm));
  field(t.signatureAlgorithm, ALGORITHM_NAMES[cert.signatureAlgorithm] ?? oidName(cert.signatureAlgorithm));
  const publicKey = Buffer.from(cert.asn1.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey).toString(
    'hex',
  );
  doc.font('mono').fontSize(8).text(groups(publicKey));
  if (cert.keyUsage.length > 0) {
    field(
      t.keyUsage,
      cert.keyUsage.map((usage) => (language === 'ru' ? (KEY_USAGE_RU[usage] ?? usage) : usage)).join(', '),
    );
  }
  if (cert.extendedKeyUsage.length > 0)
    field(t.extendedKeyUsage, cert.extendedKeyUsage.map(oidName).join(', '));
  if (cert.certificatePolicies.length > 0)
    field(t.policies, cert.certificatePolicies.map((p) => POLICY_NAMES[p] ?? p).join(', '));
  if (cert.subjectSignTool) field(t.subjectSignTool, cert.subjectSignTool);
  if (cert.issuerSignTool) {
    const tool = cert.issuerSignTool;
    field(t.issuerSignTool, `${tool.signTool}; ${tool.cATool}; ${tool.signToolCert}; ${tool.cAToolCert}`);
  }
  field(t.thumbprint, groups(createHash('sha1').update(cert.der).digest('hex')), 'mono');
  field(t.thumbprintGost, groups(Buffer.from(streebog256(cert.der)).toString('hex')), 'mono');

  doc.moveDown(2);
  doc.font('regular').fontSize(10);
  doc.text(
    `${t.ownerSignature}: ______________________ /${cert.subject.find((a) => a.type === OID.commonName)?.value ?? ''}/`,
  );
  doc.moveDown(1.5);
  doc.text(`${t.caSignature}: ______________________`);
  doc.moveDown(0.5).text(t.stamp);
  doc
    .moveDown(1)
    .fontSize(8)
    .fillColor('gray')
    .text(`${t.generated}: ${formatDate(options.generatedAt ?? new Date(), language)}`);
  doc.end();
  return finished;
}
