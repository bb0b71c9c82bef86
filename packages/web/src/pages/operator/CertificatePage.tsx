import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card, Col, Row, Skeleton, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { CertificateDetailsView, CertificateFileButtons } from '../../components/CertificateDetailsView';
import { CertificateActions } from '../../components/operator/CertificateActions';
import { PageHeading } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusBadge } from '../../components/StatusBadge';
import { useLoad } from '../../components/useLoad';
import { subjectOwner } from '../../components/cabinet/commonName';

/** Operator's «Просмотр» of a certificate: every field readable, files, and the management actions. */
export function CertificatePage() {
  const { t } = useTranslation('operator');
  const navigate = useNavigate();
  const { serial = '' } = useParams();
  const {
    data: certificate,
    error,
    reload,
  } = useLoad(
    () => call(api.GET('/api/v1/certificates/{serial}', { params: { path: { serial } } })),
    [serial],
  );
  // The holder's common name titles the page; the full subject is in the details below.
  const commonName = certificate && subjectOwner(certificate.subject);
  const owner = certificate?.accountId ? `/users/${certificate.accountId}?tab=certificates` : '/users';

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to={owner}>
        <ArrowLeftOutlined /> {t('certificate.backToUser')}
      </Link>
      <ProblemAlert error={error} onRetry={reload} />
      {certificate ? (
        <>
          <Row align="middle" gutter={[16, 8]}>
            <Col>
              <PageHeading>
                {t('certificate.title')} · {commonName}
              </PageHeading>
            </Col>
            <Col>
              <StatusBadge status={certificate.status} />
            </Col>
          </Row>
          <Card size="small" title={t('certificate.actions')}>
            <Space orientation="vertical" size="middle">
              <CertificateFileButtons base={`/api/v1/certificates/${certificate.serial}`} printable />
              <CertificateActions
                certificate={certificate}
                onChanged={reload}
                onDeleted={() => void navigate(owner)}
                onRenewed={(next) => void navigate(`/certificates/${next}`)}
              />
            </Space>
          </Card>
          <Card>
            <CertificateDetailsView certificate={certificate} />
          </Card>
        </>
      ) : (
        error === undefined && <Skeleton active paragraph={{ rows: 12 }} />
      )}
    </Space>
  );
}
