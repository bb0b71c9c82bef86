import { StopOutlined } from '@ant-design/icons';
import { Button, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate, groupedHex } from '../CertificateDetailsView';
import { StatusBadge } from '../StatusBadge';
import type { Certificate } from '../../api/types';
import type { RevocationTarget } from './RevokeClientCertificateDialog';

/** An operator's client certificates with their status; a valid one can be revoked. */
export function ClientCertificateList({
  account,
  certificates,
  onRevoke,
}: {
  account: { id: string; login: string };
  certificates: readonly Certificate[];
  onRevoke: (target: RevocationTarget) => void;
}) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const revoke = (serial: string) => {
    onRevoke({ accountId: account.id, login: account.login, serial });
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text strong>{t('clientCertificate.listTitle')}</Typography.Text>
      <Table<Certificate>
        size="small"
        rowKey="serial"
        pagination={false}
        dataSource={[...certificates]}
        locale={{ emptyText: t('clientCertificate.none') }}
        data-testid={`client-certificates-${account.login}`}
        columns={[
          {
            key: 'serial',
            title: t('clientCertificate.serial'),
            render: (_value, certificate) => (
              <Typography.Text code copyable={{ text: certificate.serial }}>
                {groupedHex(certificate.serial)}
              </Typography.Text>
            ),
          },
          {
            key: 'validity',
            title: t('clientCertificate.issuedAt'),
            render: (_value, certificate) =>
              `${formatDate(certificate.notBefore)} — ${formatDate(certificate.notAfter)}`,
          },
          {
            key: 'status',
            title: t('clientCertificate.status'),
            render: (_value, certificate) => (
              <Space>
                <StatusBadge status={certificate.status} />
                {certificate.revokedAt && formatDate(certificate.revokedAt)}
              </Space>
            ),
          },
          {
            key: 'actions',
            title: tc('actions'),
            render: (_value, certificate) =>
              certificate.status === 'valid' && (
                <Button
                  size="small"
                  danger
                  icon={<StopOutlined />}
                  onClick={() => {
                    revoke(certificate.serial);
                  }}
                  data-testid="revoke-client-certificate"
                  data-serial={certificate.serial}
                >
                  {t('clientCertificate.revoke')}
                </Button>
              ),
          },
        ]}
      />
    </Space>
  );
}
