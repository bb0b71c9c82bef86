import { EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Space, Table, Typography, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../../api/client';
import type { Certificate } from '../../api/types';
import { subjectOwner } from '../cabinet/commonName';
import { formatDate, groupedHex } from '../CertificateDetailsView';
import { ProblemAlert } from '../ProblemAlert';
import { StatusBadge } from '../StatusBadge';
import { useLoad } from '../useLoad';

/** «Сертификаты» of a user: every certificate with its status badge, and the way to request a new one. */
export function UserCertificates({ userId }: { userId: string }) {
  const { t } = useTranslation('operator');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useLoad(
    () => call(api.GET('/api/v1/users/{id}/certificates', { params: { path: { id: userId } } })),
    [userId],
  );

  const columns: TableProps<Certificate>['columns'] = [
    {
      key: 'status',
      title: t('certificates.columns.status'),
      render: (_, certificate) => <StatusBadge status={certificate.status} />,
    },
    {
      key: 'subject',
      title: t('certificates.columns.subject'),
      render: (_, certificate) => subjectOwner(certificate.subject),
    },
    {
      key: 'serial',
      title: t('certificates.columns.serial'),
      // A long serial wraps between its byte groups instead of widening the table.
      width: 200,
      className: 'wrapping-serial',
      render: (_, certificate) => (
        <Link to={`/certificates/${certificate.serial}`} title={t('certificates.view')}>
          <Typography.Text code>{groupedHex(certificate.serial)}</Typography.Text>
        </Link>
      ),
    },
    {
      key: 'validity',
      title: t('certificates.columns.validity'),
      render: (_, certificate) =>
        `${formatDate(certificate.notBefore)} — ${formatDate(certificate.notAfter)}`,
    },
    {
      key: 'actions',
      title: tc('actions'),
      fixed: 'right',
      render: (_, certificate) => (
        <Link
          to={`/certificates/${certificate.serial}`}
          aria-label={`${t('certificates.view')}: ${groupedHex(certificate.serial)}`}
          data-testid={`view-certificate-${certificate.serial}`}
          // The row opens the certificate too; the link's own click must not open it twice.
          onClick={(event) => {
            event.stopPropagation();
          }}
        >
          <EyeOutlined /> {t('certificates.view')}
        </Link>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        onClick={() => void navigate(`/users/${userId}/certificates/new`)}
        data-testid="create-certificate-request"
      >
        {t('certificates.createRequest')}
      </Button>
      <ProblemAlert error={error} onRetry={reload} />
      <Table<Certificate>
        rowKey="serial"
        columns={columns}
        dataSource={data ?? []}
        loading={loading}
        pagination={false}
        // A minimum width, not max-content: above it the columns share the width and long text wraps; below it the table scrolls.
        tableLayout="auto"
        scroll={{ x: 860 }}
        locale={{ emptyText: <Empty description={t('certificates.empty')} /> }}
        onRow={(certificate) => ({
          onClick: () => void navigate(`/certificates/${certificate.serial}`),
          style: { cursor: 'pointer' },
        })}
        data-testid="user-certificates"
      />
    </Space>
  );
}
