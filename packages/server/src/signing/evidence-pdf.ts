import { openPdf } from '../core/pdf-document.js';
import type { Evidence } from './evidence.js';

export type SummaryLanguage = 'ru' | 'en';

const LABELS = {
  ru: {
    title: 'Сведения о подписании документов',
    operation: 'Операция',
    status: 'Состояние',
    format: 'Формат подписи',
    created: 'Создана',
    confirmed: 'Подтверждена',
    method: 'Способ подтверждения',
    signer: 'Подписант',
    certificate: 'Сертификат',
    owner: 'Владелец',
    issuer: 'Издатель',
    validity: 'Срок действия',
    key: 'Ключ',
    documents: 'Документы',
    digest: 'Хэш',
    signature: 'Подпись',
    audit: 'Записи журнала аудита',
    notSigned: 'не подписан',
    footer:
      'Сводка пакета доказательств. Юридически значим пакет в формате JSON, подписанный ключом журнала аудита; проверка: podpis evidence verify.',
    statuses: {
      completed: 'выполнена',
      awaiting_confirmation: 'ожидает подтверждения',
      failed: 'завершилась ошибкой',
      cancelled: 'отменена',
      expired: 'истекла',
    } as Record<string, string>,
    bytes: 'байт',
  },
  en: {
    title: 'Document signing evidence',
    operation: 'Operation',
    status: 'Status',
    format: 'Signature format',
    created: 'Created',
    confirmed: 'Confirmed',
    method: 'Confirmation method',
    signer: 'Signer',
    certificate: 'Certificate',
    owner: 'Owner',
    issuer: 'Issuer',
    validity: 'Validity',
    key: 'Key',
    documents: 'Documents',
    digest: 'Digest',
    signature: 'Signature',
    audit: 'Audit log records',
    notSigned: 'not signed',
    footer:
      'Summary of an evidence package. The package itself (JSON, signed by the audit key) is what counts; check it with podpis evidence verify.',
    statuses: {} as Record<string, string>,
    bytes: 'bytes',
  },
};

const when = (iso: string | null, language: SummaryLanguage): string =>
  iso === null
    ? '—'
    : new Date(iso).toLocaleString(language === 'ru' ? 'ru-RU' : 'en-GB', { timeZone: 'UTC' }) + ' UTC';

/** A printable summary of a signing operation's evidence (A4 PDF), in Russian or English. */
export function renderEvidenceSummary(evidence: Evidence, language: SummaryLanguage = 'ru'): Promise<Buffer> {
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
  const { operation, signer } = evidence;

  doc.font('bold').fontSize(15).text(t.title, { align: 'center' });
  section(t.operation);
  field('ID', operation.id, 'mono');
  field(t.status, t.statuses[operation.status] ?? operation.status);
  field(t.format, `${operation.format} ${JSON.stringify(operation.parameters)}`);
  field(t.created, when(operation.createdAt, language));
  field(t.confirmed, when(operation.confirmedAt, language));
  field(t.method, operation.confirmationMethod ?? '—');

  section(t.signer);
  field(t.certificate, signer.certificate.serial, 'mono');
  field(t.owner, signer.certificate.subject);
  field(t.issuer, signer.certificate.issuer);
  field(
    t.validity,
    `${when(signer.certificate.notBefore, language)} — ${when(signer.certificate.notAfter, language)}`,
  );
  field(t.key, signer.key, 'mono');

  section(`${t.documents} (${evidence.documents.length})`);
  for (const document of evidence.documents) {
    doc
      .font('bold')
      .fontSize(9)
      .text(
        `${document.index + 1}. ${document.name}${document.size === null ? '' : ` (${document.size} ${t.bytes})`}`,
      );
    doc.font('mono').fontSize(7).text(`${t.digest}: ${document.digest}`);
    doc.text(`${t.signature}: ${document.signature ? document.signature.digest : t.notSigned}`);
  }

  section(t.audit);
  for (const record of evidence.audit) {
    doc
      .font('regular')
      .fontSize(8)
      .text(`#${record.seq}  ${when(record.at, language)}  ${record.action}  ${record.actor}`);
    doc.font('mono').fontSize(7).text(record.hash);
  }
  doc.moveDown(1).font('regular').fontSize(8).fillColor('#555555').text(t.footer);
  doc.end();
  return finished;
}
