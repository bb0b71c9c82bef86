import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Descriptions, Dropdown, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CertificateDetails } from '../api/types';
import { StatusBadge } from './StatusBadge';

const FORMATS = [
  { format: 'der', key: 'certificate.downloadDer' },
  { format: 'pem', key: 'certificate.downloadPem' },
  { format: 'p7b', key: 'certificate.downloadP7b' },
] as const;

const QUALIFIED = ['inn', 'innle', 'snils', 'ogrn', 'ogrnip'] as const;

export function formatDate(iso: string): string {
  return dayjs(iso).format('DD.MM.YYYY HH:mm');
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

/** Every field of a certificate in readable form: what the operator's «Просмотр» and the owner's cabinet show. */
export function CertificateDetailsView({ certificate }: { certificate: CertificateDetails }) {
  const { t } = useTranslation();
  const { details } = certificate;
  const reason = certificate.revocationReason;
  const list = (values: readonly string[]) =>
    values.length === 0 ? '—' : values.map((value) => <div key={value}>{value}</div>);
  const attributes = (names: CertificateDetails['details']['subject']) =>
    names.map((attribute) => (
      <div key={`${attribute.type}=${attribute.value}`}>
        <Typography.Text type="secondary">
          {/* Attributes the dictionary does not name (rare OIDs) keep their registry name. */}
          {t(`attribute.${attribute.name}` as 'attribute.country', { defaultValue: attribute.name })}:{' '}
        </Typography.Text>
        {attribute.value}
      </div>
    ));
  const qualified = QUALIFIED.filter((field) => details.qualified[field] !== undefined);
  return (
    <Descriptions bordered column={1} size="small" styles={{ label: { width: 240 } }}>
      <Descriptions.Item label={t('certificate.status')}>
        <Space>
          <StatusBadge status={certificate.status} />
          {certificate.revokedAt && formatDate(certificate.revokedAt)}
          {reason && reason !== 'certificateHold' && (
            <span>{t(`reason.${reason}` as 'reason.unspecified', { defaultValue: reason })}</span>
          )}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('certificate.serial')}>
        <Typography.Text code copyable={{ text: details.serialNumber }}>
          {groupedHex(details.serialNumber)}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('certificate.subject')}>{attributes(details.subject)}</Descriptions.Item>
      <Descriptions.Item label={t('certificate.issuer')}>{attributes(details.issuer)}</Descriptions.Item>
      <Descriptions.Item label={t('certificate.validity')}>
        {formatDate(details.notBefore)} — {formatDate(details.notAfter)}
      </Descriptions.Item>
      {qualified.length > 0 && (
        <Descriptions.Item label={t('certificate.qualified')}>
          {qualified.map((field) => (
            <div key={field}>
              <Typography.Text type="secondary">{t(`qualifiedField.${field}`)}: </Typography.Text>
              {details.qualified[field]}
            </div>
          ))}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('certificate.publicKeyAlgorithm')}>
        {details.publicKeyAlgorithm.name}
      </Descriptions.Item>
      <Descriptions.Item label={t('certificate.signatureAlgorithm')}>
        {details.signatureAlgorithm.name}
      </Descriptions.Item>
      <Descriptions.Item label={t('certificate.keyUsage')}>{list(details.keyUsage)}</Descriptions.Item>
      <Descriptions.Item label={t('certificate.extendedKeyUsage')}>
        {list(details.extendedKeyUsage.map((usage) => usage.name))}
      </Descriptions.Item>
      <Descriptions.Item label={t('certificate.policies')}>
        {list(details.certificatePolicies.map((policy) => policy.name))}
      </Descriptions.Item>
      {details.subjectSignTool !== null && (
        <Descriptions.Item label={t('certificate.signTool')}>{details.subjectSignTool}</Descriptions.Item>
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
