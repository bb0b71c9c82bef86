import { Button, Popconfirm, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';
import { formatDate } from '../../components/CertificateDetailsView';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';

type AllowedApp =
  paths['/api/v1/me/oauth-grants']['get']['responses']['200']['content']['application/json'][number];

/** «Разрешённые приложения»: the applications the user allowed on the consent page, and taking that back. */
export function AllowedAppsPage() {
  const { t } = useTranslation('oauth');
  const apps = useLoad(() => call(api.GET('/api/v1/me/oauth-grants')), []);
  const revoke = useSubmit(async (app: AllowedApp) => {
    await call(api.DELETE('/api/v1/me/oauth-grants/{id}', { params: { path: { id: app.id } } }));
    apps.reload();
  });
  return (
    <>
      <PageTitle title={t('allowed.title')} />
      <Typography.Paragraph type="secondary">{t('allowed.intro')}</Typography.Paragraph>
      <ProblemAlert error={apps.error} onRetry={apps.reload} />
      <ProblemAlert error={revoke.error} />
      <Table<AllowedApp>
        rowKey="id"
        loading={apps.loading}
        dataSource={apps.data ?? []}
        pagination={false}
        // A minimum width, not max-content: above it the columns share the width and long text wraps; below it the table scrolls.
        tableLayout="auto"
        scroll={{ x: 720 }}
        locale={{ emptyText: t('allowed.empty') }}
        data-testid="allowed-apps"
        columns={[
          { title: t('allowed.application'), dataIndex: 'clientName' },
          {
            title: t('allowed.scopes'),
            dataIndex: 'scopes',
            render: (scopes: string[]) =>
              scopes.map((scope) => (
                <Tag key={scope} title={t(`scopes.${scope}`, { defaultValue: scope })}>
                  {scope}
                </Tag>
              )),
          },
          {
            title: t('allowed.grantedAt'),
            dataIndex: 'grantedAt',
            render: (at: string) => formatDate(at),
          },
          {
            title: t('allowed.lastUsedAt'),
            dataIndex: 'lastUsedAt',
            render: (at: string | null) => (at ? formatDate(at) : '—'),
          },
          {
            key: 'actions',
            render: (_: unknown, app: AllowedApp) => (
              <Popconfirm
                title={t('allowed.revokeTitle', { name: app.clientName })}
                description={t('allowed.revokeConfirm')}
                okText={t('allowed.revoke')}
                cancelText={t('allowed.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() => void revoke.run(app)}
              >
                <Button size="small" danger loading={revoke.busy}>
                  {t('allowed.revoke')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </>
  );
}
