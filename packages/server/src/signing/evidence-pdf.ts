import { openPdf } from '../core/pdf-document.js';
import { createHash } from 'node:crypto';
import type { Evidence } from './evidence.js';
import { deviceApprovalCheck } from './evidence-verify.js';

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
    device: {
      title: 'Подтверждение на устройстве',
      name: 'Устройство',
      kinds: { webauthn: 'Podpis mobile (WebAuthn)', authenticator: 'podpis-authenticator (ECDSA P-256)' },
      via: 'Канал',
      online: 'по сети: устройство подписало одобрение своим ключом',
      offline: 'без сети: одноразовый код OCRA, проверен сервером',
      at: 'Одобрено',
      key: 'Ключ устройства (SHA-256)',
      check: 'Проверка одобрения',
      verified: 'подпись устройства верна, одобрена именно эта операция',
      offlineChecked: 'код проверен сервером при подтверждении',
      failed: 'НЕ ПРОХОДИТ',
      missing: 'запись об одобрении отсутствует',
    },
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
    device: {
      title: 'Approval on a device',
      name: 'Device',
      kinds: { webauthn: 'Podpis mobile (WebAuthn)', authenticator: 'podpis-authenticator (ECDSA P-256)' },
      via: 'Channel',
      online: 'online: the device signed the approval with its key',
      offline: 'offline: a one-time OCRA code, checked by the server',
      at: 'Approved',
      key: "Device's key (SHA-256)",
      check: 'Approval check',
      verified: "the device's signature is valid and approves this very operation",
      offlineChecked: 'the code was checked by the server at confirmation',
      failed: 'FAILS',
      missing: 'the approval record is missing',
    },
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

  deviceSection(evidence, language, section, field);

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

/**
 * Who approved an operation confirmed on a device, and whether the kept
 * approval still verifies: the same check `podpis evidence verify` runs,
 * so the paper and the package cannot disagree.
 */
function deviceSection(
  evidence: Evidence,
  language: SummaryLanguage,
  section: (title: string) => void,
  field: (label: string, value: string, font?: string) => void,
): void {
  const check = deviceApprovalCheck(evidence);
  if (!check) return;
  const t = LABELS[language].device;
  section(t.title);
  const record = evidence.audit.find((r) => r.action === 'device.approve');
  if (!record) {
    field(t.check, `${t.failed}: ${t.missing}`);
    return;
  }
  const d = record.details;
  const kind =
    d['deviceKind'] === 'webauthn' || d['deviceKind'] === 'authenticator' ? d['deviceKind'] : undefined;
  const name =
    typeof d['deviceName'] === 'string'
      ? d['deviceName']
      : typeof d['device'] === 'string'
        ? d['device']
        : '—';
  field(t.name, kind ? `${name} — ${t.kinds[kind]}` : name);
  const offline = d['via'] === 'offline';
  field(t.via, offline ? t.offline : t.online);
  field(t.at, when(record.at, language));
  if (typeof d['devicePublicKey'] === 'string') {
    const spki = Buffer.from(d['devicePublicKey'], 'base64url');
    field(t.key, createHash('sha256').update(spki).digest('hex'), 'mono');
  }
  field(t.check, check.ok ? (offline ? t.offlineChecked : t.verified) : `${t.failed}: ${check.detail}`);
}
