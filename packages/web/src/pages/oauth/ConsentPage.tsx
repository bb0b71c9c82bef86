import { Button, Card, List, Space, Table, Typography } from 'antd';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';

/**
 * Where an application's OAuth 2.0 request brings the signed-in user: who
 * asks, what for (and, for a CSC signature, which documents' hashes), and
 * «Разрешить» / «Отклонить»; the answer sends the browser back to the
 * authorisation server, which returns to the application.
 */
export function ConsentPage() {
  const { t } = useTranslation('oauth');
  const { uid = '' } = useParams();
  const request = useLoad(
    () => call(api.GET('/api/v1/oauth/interactions/{uid}', { params: { path: { uid } } })),
    [uid],
  );
  const answer = useSubmit(async (approve: boolean) => {
    const { redirectTo } = await call(
      api.POST('/api/v1/oauth/interactions/{uid}/consent', { params: { path: { uid } }, body: { approve } }),
    );
    window.location.assign(redirectTo);
  });
  const consent = request.data;
  const scopeText = (scope: string, description: string) =>
    // Scope names hold ':' (certificates:read), which i18next would read as a namespace separator.
    t(`scopes.${scope}` as 'scopes.openid', { defaultValue: description, nsSeparator: false });

  return (
    <>
      <PageTitle title={t('title')} />
      <ProblemAlert error={request.error} />
      <ProblemAlert error={answer.error} />
      {consent && (
        <Card loading={request.loading} data-testid="oauth-consent">
          <Typography.Paragraph strong>{t('asks', { name: consent.client.name })}</Typography.Paragraph>
          {consent.scopes.length > 0 && (
            <List
              header={t('scopesTitle')}
              size="small"
              dataSource={consent.scopes}
              renderItem={(item) => <List.Item>{scopeText(item.scope, item.description)}</List.Item>}
            />
          )}
          {consent.authorizationDetails.map((detail) => (
            <Card
              key={detail.credentialID}
              type="inner"
              size="small"
              title={t('signatureTitle')}
              style={{ marginTop: 16 }}
            >
              <Typography.Paragraph>{t('credential', { id: detail.credentialID })}</Typography.Paragraph>
              <Typography.Paragraph type="secondary">
                {t('hashAlgorithm', { oid: detail.hashAlgorithmOID })}
              </Typography.Paragraph>
              <Table
                size="small"
                pagination={false}
                rowKey="hash"
                dataSource={detail.documentDigests}
                columns={[
                  {
                    title: t('document'),
                    dataIndex: 'label',
                    render: (label?: string) => label ?? t('unnamed'),
                  },
                  {
                    title: t('hash'),
                    dataIndex: 'hash',
                    render: (hash: string) => <Typography.Text code>{hash}</Typography.Text>,
                  },
                ]}
              />
            </Card>
          ))}
          <Space style={{ marginTop: 24 }}>
            <Button type="primary" loading={answer.busy} onClick={() => void answer.run(true)}>
              {t('approve')}
            </Button>
            <Button danger disabled={answer.busy} onClick={() => void answer.run(false)}>
              {t('deny')}
            </Button>
          </Space>
        </Card>
      )}
    </>
  );
}
