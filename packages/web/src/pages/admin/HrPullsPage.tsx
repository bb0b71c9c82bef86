import { Card, Empty, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { HrPullSettings } from '../../components/admin/HrPullSettings';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLoad } from '../../components/useLoad';

/**
 * The administrator's side of HR sources: operators create a source and its
 * column mapping, the administrator decides whether Podpis fetches the
 * source's export by itself, from where and with which credentials.
 */
export function HrPullsPage() {
  const { t } = useTranslation('hrPull');
  const sources = useLoad(() => call(api.GET('/api/v1/hr/sources')), []);
  return (
    <>
      <PageTitle title={t('pageTitle')} />
      <Typography.Paragraph>{t('intro')}</Typography.Paragraph>
      <ProblemAlert error={sources.error} onRetry={sources.reload} />
      {sources.data === undefined ? (
        !sources.error && <Spin />
      ) : sources.data.length === 0 ? (
        <Empty description={t('noSources')} />
      ) : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          {sources.data.map((source) => (
            <Card
              key={source.id}
              title={source.description ? `${source.id} · ${source.description}` : source.id}
            >
              <HrPullSettings sourceId={source.id} editable />
            </Card>
          ))}
        </Space>
      )}
    </>
  );
}
