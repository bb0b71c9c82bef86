import { createHash } from 'node:crypto';
import { streebog256 } from '@podpis/gost';
import {
  formatSnils,
  OID,
  oidName,
  publicKeyDetail,
  readableAttribute,
  readableExtendedKeyUsage,
  readableKey,
  readableKeyUsage,
  readablePolicy,
  readableSignatureAlgorithm,
  type CertificateInfo,
  type NameAttribute,
} from '@podpis/pki';
import { openPdf } from '../core/pdf-document.js';
import { CLOUD_SIGN_TOOL } from './profiles.js';

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
    cloudSignTool: 'Podpis (облачная электронная подпись)',
    holderOwnTool: 'собственное средство ЭП владельца (ключ хранится у владельца)',
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
    cloudSignTool: 'Podpis (cloud electronic signature)',
    holderOwnTool: "the holder's own signature tool (the holder keeps the key)",
    issuerSignTool: "Issuer's signature and CA tools",
    thumbprint: 'Thumbprint (SHA-1)',
    thumbprintGost: 'Thumbprint (GOST R 34.11-2012, 256)',
    ownerSignature: "Holder's signature",
    caSignature: 'Signature of the CA officer',
    stamp: 'Seal',
    generated: 'Generated',
  },
} as const;

function groups(hex: string, size = 2): string {
  return (hex.match(new RegExp(`.{1,${size}}`, 'g')) ?? []).join(' ').toUpperCase();
}

/** Moscow time unless the installation says otherwise: what the CA's own papers are dated in. */
export const DEFAULT_FORM_TIME_ZONE = 'Europe/Moscow';

/** «28 ноября 2026 г. в 12:00 (Europe/Moscow, UTC+3)»: the zone named, so a reader elsewhere is not misled. */
function formatDate(date: Date, language: FormLanguage, timeZone: string): string {
  const text = date.toLocaleString(language === 'ru' ? 'ru-RU' : 'en-GB', {
    timeZone,
    dateStyle: 'long',
    timeStyle: 'short',
  });
  const offset = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'shortOffset' })
    .formatToParts(date)
    .find((part) => part.type === 'timeZoneName')
    ?.value.replace(/^GMT/, 'UTC');
  return timeZone === 'UTC' ? `${text} (UTC)` : `${text} (${timeZone}, ${offset ?? ''})`;
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
    .map((a) => [
      readableAttribute(oidName(a.type), language),
      a.type === OID.snils ? formatSnils(a.value) : a.value,
    ]);
}

/**
 * The holder's tool as people should read it: ours in their language; a
 * certificate issued from a request before the CA wrote the holder's tool
 * still says ours, so a key the holder keeps is named as theirs.
 */
function holderSignTool(
  tool: string,
  options: PrintFormOptions,
  t: { cloudSignTool: string; holderOwnTool: string },
): string {
  if (tool !== CLOUD_SIGN_TOOL) return tool;
  return options.keyHeld === false ? t.holderOwnTool : t.cloudSignTool;
}

export interface PrintFormOptions {
  language?: FormLanguage;
  generatedAt?: Date;
  /** IANA zone the form's times are in; DEFAULT_FORM_TIME_ZONE when absent. */
  timeZone?: string;
  /** False for a key the holder keeps: the form then does not call our cloud tool theirs. */
  keyHeld?: boolean;
}

/** Renders the form as a PDF (A4, one or two pages). */
export function renderCertificatePrintForm(
  cert: CertificateInfo,
  options: PrintFormOptions = {},
): Promise<Buffer> {
  const language = options.language ?? 'ru';
  const timeZone = options.timeZone ?? DEFAULT_FORM_TIME_ZONE;
  const t = LABELS[language];
  const date = (when: Date) => formatDate(when, language, timeZone);
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
  field(t.validity, `${t.from} ${date(cert.notBefore)} ${t.to} ${date(cert.notAfter)}`);

  section(t.owner);
  for (const [label, value] of nameLines(cert.subject, language)) field(label, value);

  section(t.issuer);
  for (const [label, value] of nameLines(cert.issuer, language)) field(label, value);

  section(t.publicKey);
  const spki = cert.asn1.tbsCertificate.subjectPublicKeyInfo;
  field(t.publicKeyAlgorithm, readableKey(cert.publicKeyAlgorithm, language, publicKeyDetail(spki)));
  field(t.signatureAlgorithm, readableSignatureAlgorithm(cert.signatureAlgorithm, language));
  const publicKey = Buffer.from(spki.subjectPublicKey).toString('hex');
  doc.font('mono').fontSize(8).text(groups(publicKey));
  if (cert.keyUsage.length > 0) {
    field(t.keyUsage, cert.keyUsage.map((usage) => readableKeyUsage(usage, language)).join(', '));
  }
  if (cert.extendedKeyUsage.length > 0)
    field(
      t.extendedKeyUsage,
      cert.extendedKeyUsage.map((usage) => readableExtendedKeyUsage(usage, language)).join(', '),
    );
  if (cert.certificatePolicies.length > 0)
    field(t.policies, cert.certificatePolicies.map((policy) => readablePolicy(policy, language)).join(', '));
  if (cert.subjectSignTool) field(t.subjectSignTool, holderSignTool(cert.subjectSignTool, options, t));
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
    .text(`${t.generated}: ${date(options.generatedAt ?? new Date())}`);
  doc.end();
  return finished;
}
