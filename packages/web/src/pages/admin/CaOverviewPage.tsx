import { Card, Col, Descriptions, Row, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { AuthorityCard, type Authority } from '../../components/admin/AuthorityCard';
import { CopyableUrl } from '../../components/admin/CopyableUrl';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLoad } from '../../components/useLoad';

/** GOST root first, then the issuing CA under it, then the infrastructure CA of the office's own TLS. */
function order(authority: Authority): number {
  return (authority.hierarchy === 'gost' ? 0 : 2) + (authority.role === 'root' ? 0 : 1);
}

/** The CAs at a glance, for administrators and operators: counts by status, CRL freshness, service URLs. */
export function CaOverviewPage() {
  const { t } = useTranslation('admin');
  const overview = useLoad(() => call(api.GET('/api/v1/ca')), []);
  const authorities = [...(overview.data?.authorities ?? [])].sort((a, b) => order(a) - order(b));
  return (
    <>
      <PageTitle title={t('ca.title')} />
      <ProblemAlert error={overview.error} onRetry={overview.reload} />
      {overview.loading && <Skeleton active />}
      {overview.data && (
        <>
          <Card title={t('ca.services')} style={{ marginBottom: 16 }} data-testid="ca-services">
            <Descriptions bordered column={1} size="small" styles={{ label: { width: 180 } }}>
              <Descriptions.Item label={t('ca.ocspUrl')}>
                <CopyableUrl url={overview.data.ocspUrl} testId="ocsp-url" link={false} />
              </Descriptions.Item>
              <Descriptions.Item label={t('ca.tsaUrl')}>
                <CopyableUrl url={overview.data.tsaUrl} testId="tsa-url" link={false} />
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Row gutter={[16, 16]}>
            {authorities.map((authority) => (
              <Col key={authority.id} xs={24} xxl={12}>
                <AuthorityCard authority={authority} />
              </Col>
            ))}
          </Row>
        </>
      )}
    </>
  );
}
