import { DownloadOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Modal, Space, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { groupedHex } from '../CertificateDetailsView';
import { base64ToBlobUrl } from './downloadBase64';

export interface IssuedClientCertificate {
  login: string;
  serial: string;
  pkcs12: string;
  password: string;
}

/**
 * The one moment the PKCS#12 and its password exist outside the operator's
 * browser: the server keeps no copy, so the dialog closes only on an explicit
 * "saved" and says how to import the file.
 */
export function ClientCertificateIssuedDialog({
  issued,
  onClose,
}: {
  issued: IssuedClientCertificate | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const url = useMemo(
    () => (issued ? base64ToBlobUrl(issued.pkcs12, 'application/x-pkcs12') : undefined),
    [issued],
  );
  useEffect(
    () => () => {
      if (url) URL.revokeObjectURL(url);
    },
    [url],
  );

  return (
    <Modal
      open={issued !== undefined}
      title={t('clientCertificate.issuedTitle', { login: issued?.login ?? '' })}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      width={640}
      footer={
        <Button type="primary" onClick={onClose} data-testid="client-certificate-done">
          {t('clientCertificate.saved')}
        </Button>
      }
    >
      {issued && url && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Alert
            type="warning"
            showIcon
            icon={<WarningOutlined />}
            title={t('clientCertificate.onlyNow')}
            description={t('clientCertificate.onlyNowHint')}
          />
          <Descriptions bordered column={1} size="small">
            <Descriptions.Item label={t('clientCertificate.serial')}>
              <Typography.Text code data-testid="client-certificate-serial" data-serial={issued.serial}>
                {groupedHex(issued.serial)}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('clientCertificate.file')}>
              <Button
                icon={<DownloadOutlined />}
                href={url}
                download={`${issued.login}.p12`}
                data-testid="client-certificate-download"
              >
                {t('clientCertificate.download', { file: `${issued.login}.p12` })}
              </Button>
            </Descriptions.Item>
            <Descriptions.Item label={t('clientCertificate.password')}>
              <Typography.Text
                code
                strong
                data-testid="client-certificate-password"
                style={{ fontSize: 16 }}
                copyable={{ text: issued.password, tooltips: [tc('copy'), tc('copied')] }}
              >
                {issued.password}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <div>
            <Typography.Title level={2} style={{ fontSize: 16 }}>
              {t('clientCertificate.importTitle')}
            </Typography.Title>
            <ol style={{ paddingInlineStart: 20, margin: 0 }}>
              <li>{t('clientCertificate.importChrome')}</li>
              <li>{t('clientCertificate.importFirefox')}</li>
              <li>{t('clientCertificate.importThen')}</li>
            </ol>
          </div>
        </Space>
      )}
    </Modal>
  );
}
