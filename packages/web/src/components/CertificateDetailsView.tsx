import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { formatSnils } from '@podpis/pki/labels';
import { Button, Descriptions, Dropdown, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CertificateDetails } from '../api/types';
import { localTimeZone, useReadable } from './readable';
import { readerTime } from './readerZone';
import { StatusBadge } from './StatusBadge';

const FORMATS = [
  { format: 'der', key: 'certificate.downloadDer' },
  { format: 'pem', key: 'certificate.downloadPem' },
  { format: 'p7b', key: 'certificate.downloadP7b' },
] as const;

const QUALIFIED = ['inn', 'innle', 'snils', 'ogrn', 'ogrnip'] as const;

/** A moment in the reader's own (the browser's) zone: every time the office shows goes through here. */
export function formatDate(iso: string): string {
  return readerTime(iso).format('DD.MM.YYYY HH:mm');
}

/** Hex grouped by bytes, as certificate viewers show serials and thumbprints. */
export function groupedHex(hex: string): string {
  return (
    hex
      .replace(/:/g, '')
      .toUpperCase()
      .match(/.{1,2}/g) ?? []
  ).join(' ');
}

/**
 * Download links for a certificate: `base` is its API path
 * (/api/v1/certificates/SERIAL for operators, /api/v1/me/certificates/SERIAL
 * for its owner). Plain links, so the browser's own download and the client
 * certificate or session cookie do the work.
 */
export function CertificateFileButtons({ base, printable }: { base: string; printable: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ru';
  return (
    <Space wrap>
      <Dropdown
        menu={{
          items: FORMATS.map(({ format, key }) => ({
            key: format,
            label: (
              <a href={`${base}/download?format=${format}`} download data-testid={`download-${format}`}>
                {t(key)}
              </a>
            ),
          })),
        }}
      >
        <Button icon={<DownloadOutlined />}>{t('certificate.download')}</Button>
      </Dropdown>
      {printable && (
        <Button
          icon={<PrinterOutlined />}
          href={`${base}/print-form?lang=${lang}`}
          target="_blank"
          rel="noopener"
          data-testid="print-form"
        >
          {t('certificate.print')}
        </Button>
      )}
    </Space>
  );
}

const SERVICE_SIGN_TOOL = 'Podpis (cloud signature)';

/** SNILS as people write it wherever an attribute's value is shown. */
function attributeValue(attribute: { name: string; value: string }): string {
  return attribute.name === 'snils' ? formatSnils(attribute.value) : attribute.value;
}

/** Every field of a certificate in readable form: what the operator's «Просмотр» and the owner's cabinet show. */
export function CertificateDetailsView({ certificate }: { certificate: CertificateDetails }) {
  const { t } = useTranslation();
  const readable = useReadable();
  const { details } = certificate;
  const reason = certificate.revocationReason;
  const list = (values: readonly string[]) =>
    values.length === 0 ? '—' : values.map((value) => <div key={value}>{value}</div>);
  // The distinguished name as a table of named fields; rare attributes keep their registry name.
  const attributes = (names: CertificateDetails['details']['subject'], testId: string) => (
    <Descriptions
      bordered
      column={1}
      size="small"
      data-testid={testId}
      styles={{ label: { width: 200 } }}
      items={names.map((attribute, index) => ({
        key: `${index}`,
        label: readable.attribute(attribute.name),
        children: attributeValue(attribute),
      }))}
    />
  );
  const qualified = QUALIFIED.filter((field) => details.qualified[field] !== undefined);
  // A key the holder keeps was made with their own tool, whatever an older certificate says.
  const signTool =
    details.subjectSignTool === SERVICE_SIGN_TOOL
      ? t(certificate.key.held ? 'certificate.signToolCloud' : 'certificate.signToolHolder')
      : details.subjectSignTool;
  return (
    <Descriptions bordered column={1} size="small" styles={{ label: { width: 240 } }}>
      <Descriptions.Item label={t('certificate.status')}>
        <Space>
          <StatusBadge status={certificate.status} />
          {certificate.revokedAt && formatDate(certificate.revokedAt)}
          {reason && reason !== 'certificateHold' && <span>{readable.revocationReason(reason)}</span>}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('certificate.serial')}>
        <Typography.Text code copyable={{ text: details.serialNumber }}>
          {groupedHex(details.serialNumber)}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('certificate.subject')}>
        {attributes(details.subject, 'subject-table')}
      </Descriptions.Item>
      <Descriptions.Item label={t('certificate.issuer')}>
        {attributes(details.issuer, 'issuer-table')}
      </Descriptions.Item>
      <Descriptions.Item label={t('certificate.validity')}>
        <Tooltip title={t('certificate.timeZone', { zone: localTimeZone() })}>
          <span>
            {formatDate(details.notBefore)} — {formatDate(details.notAfter)}
          </span>
        </Tooltip>
      </Descriptions.Item>
      {qualified.length > 0 && (
        <Descriptions.Item label={t('certificate.qualified')}>
          {qualified.map((field) => (
            <div key={field}>
              <Typography.Text type="secondary">{readable.attribute(field)}: </Typography.Text>
              {attributeValue({ name: field, value: details.qualified[field] ?? '' })}
            </div>
          ))}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('certificate.publicKeyAlgorithm')}>
        {readable.key(details.publicKeyAlgorithm.name, details.publicKeyDetail)}
      </Descriptions.Item>
      <Descriptions.Item label={t('certificate.signatureAlgorithm')}>
        {readable.signatureAlgorithm(details.signatureAlgorithm.name)}
      </Descriptions.Item>
      <Descriptions.Item label={t('certificate.keyUsage')}>
        {list(details.keyUsage.map(readable.keyUsage))}
      </Descriptions.Item>
      <Descriptions.Item label={t('certificate.extendedKeyUsage')}>
        {list(details.extendedKeyUsage.map((usage) => readable.extendedKeyUsage(usage.name)))}
      </Descriptions.Item>
      <Descriptions.Item label={t('certificate.policies')}>
        {list(details.certificatePolicies.map((policy) => readable.policy(policy.name)))}
      </Descriptions.Item>
      {signTool !== null && (
        <Descriptions.Item label={t('certificate.signTool')}>
          <span data-testid="sign-tool">{signTool}</span>
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('certificate.crl')}>
        {list(details.crlDistributionPoints)}
      </Descriptions.Item>
      <Descriptions.Item label={t('certificate.ocsp')}>{list(details.ocspUrls)}</Descriptions.Item>
      <Descriptions.Item label={t('certificate.caIssuers')}>{list(details.caIssuersUrls)}</Descriptions.Item>
      <Descriptions.Item label={t('certificate.thumbprintSha1')}>
        <Typography.Text code>{groupedHex(details.thumbprints.sha1)}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('certificate.thumbprintSha256')}>
        <Typography.Text code style={{ wordBreak: 'break-all' }}>
          {groupedHex(details.thumbprints.sha256)}
        </Typography.Text>
      </Descriptions.Item>
    </Descriptions>
  );
}
