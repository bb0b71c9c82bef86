import { Empty, Table, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { PageTitle } from '../../components/PageTitle';
import { subjectOwner } from '../../components/cabinet/commonName';
import { RenewalStatusBadge } from '../../components/cabinet/RenewalStatusBadge';
import type { MyCertificate } from '../../components/cabinet/types';
import { useMyRenewalRequests } from '../../components/cabinet/useMyRenewalRequests';
import { Validity } from '../../components/cabinet/Validity';
import { groupedHex } from '../../components/CertificateDetailsView';
import { ProblemAlert } from '../../components/ProblemAlert';
import { RequestNotice } from '../../components/selfservice/RequestNotice';
import { StatusBadge } from '../../components/StatusBadge';
import { useLoad } from '../../components/useLoad';

/** The user's certificates with their status, and any renewal waiting for an operator (M8.3). */
export function MyCertificatesPage() {
  const { t } = useTranslation('cabinet');
  const navigate = useNavigate();
  const certificates = useLoad(() => call(api.GET('/api/v1/me/certificates')), []);
  const renewals = useMyRenewalRequests();
  const path = (certificate: MyCertificate) => `/my/certificates/${certificate.serial}`;

  return (
    <>
      <PageTitle title={t('certificates.title')} />
      <RequestNotice />
      <ProblemAlert error={certificates.error} onRetry={certificates.reload} />
      <ProblemAlert error={renewals.error} onRetry={renewals.reload} />
      <Table<MyCertificate>
        rowKey="serial"
        loading={certificates.loading}
        dataSource={certificates.data ?? []}
        pagination={false}
        // A minimum width, not max-content: above it the columns share the width and long text wraps; below it the table scrolls.
        tableLayout="auto"
        scroll={{ x: 800 }}
        data-testid="my-certificates"
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                <>
                  <Typography.Paragraph strong style={{ marginBottom: 4 }}>
                    {t('certificates.empty')}
                  </Typography.Paragraph>
                  <Typography.Paragraph style={{ marginBottom: 0 }}>
                    {t('certificates.emptyHint')}
                  </Typography.Paragraph>
                </>
              }
            />
          ),
        }}
        onRow={(certificate) => ({
          onClick: () => void navigate(path(certificate)),
          style: { cursor: 'pointer' },
        })}
        columns={[
          {
            key: 'status',
            title: t('certificates.status'),
            render: (_value, certificate) => <StatusBadge status={certificate.status} />,
          },
          {
            key: 'subject',
            title: t('certificates.subject'),
            render: (_value, certificate) => (
              // A real link, so the row is reachable by keyboard and opens in a new tab if wanted.
              <Link to={path(certificate)} data-testid="my-certificate-link" data-serial={certificate.serial}>
                {subjectOwner(certificate.subject)}
              </Link>
            ),
          },
          {
            key: 'serial',
            title: t('certificates.serial'),
            // A long serial wraps between its byte groups instead of widening the table.
            width: 200,
            className: 'wrapping-serial',
            render: (_value, certificate) => (
              <Typography.Text code>{groupedHex(certificate.serial)}</Typography.Text>
            ),
          },
          {
            key: 'validity',
            title: t('certificates.validity'),
            render: (_value, certificate) => (
              <Validity
                notBefore={certificate.notBefore}
                notAfter={certificate.notAfter}
                valid={certificate.status === 'valid'}
              />
            ),
          },
          {
            key: 'renewal',
            title: t('certificates.renewal'),
            render: (_value, certificate) => {
              const request = renewals.latestBySerial.get(certificate.serial);
              return request ? <RenewalStatusBadge status={request.status} /> : '—';
            },
          },
        ]}
      />
    </>
  );
}
