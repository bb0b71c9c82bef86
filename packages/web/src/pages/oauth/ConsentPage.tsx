import { Alert, Button, Card, Descriptions, Form, Input, List, Space, Table, Typography } from 'antd';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';

/**
 * Where an application's OAuth 2.0 request brings the signed-in user: who
 * asks, what for (and, for a CSC signature, which documents' hashes), and
 * «Разрешить» / «Отклонить»; the answer sends the browser back to the
 * authorisation server, which returns to the application. A CSC signature
 * request (CSC oauth2code) is authorised by the approval itself: the page
 * shows the certificate and asks what the holder's policy needs — the
 * key's PIN and/or the device (an approval sent to it, after which «Разрешить»
 * again, or its offline code).
 */
export function ConsentPage() {
  const { t } = useTranslation('oauth');
  const { uid = '' } = useParams();
  const request = useLoad(
    () => call(api.GET('/api/v1/oauth/interactions/{uid}', { params: { path: { uid } } })),
    [uid],
  );
  const [form] = Form.useForm<{ pin?: string; otp?: string }>();
  const answer = useSubmit(async (approve: boolean) => {
    const { pin, otp } = approve ? form.getFieldsValue() : {};
    const { redirectTo } = await call(
      api.POST('/api/v1/oauth/interactions/{uid}/consent', {
        params: { path: { uid } },
        body: { approve, ...(pin ? { pin } : {}), ...(otp ? { otp: otp.replace(/\s/g, '') } : {}) },
      }),
    );
    window.location.assign(redirectTo);
  });
  const consent = request.data;
  const awaitingDevice =
    answer.error instanceof ApiProblem && answer.error.code === 'DEVICE_APPROVAL_REQUIRED';
  const credentialOf = (id: string) => consent?.credentials.find((c) => c.credentialID === id);
  const confirmations = new Set(consent?.credentials.map((c) => c.confirmation));
  const askPin = confirmations.has('pin') || confirmations.has('device+pin');
  const askDevice = confirmations.has('device') || confirmations.has('device+pin');
  const scopeText = (scope: string, description: string) =>
    // Scope names hold ':' (certificates:read), which i18next would read as a namespace separator.
    t(`scopes.${scope}` as 'scopes.openid', { defaultValue: description, nsSeparator: false });

  return (
    <>
      <PageTitle title={t('title')} />
      <ProblemAlert error={request.error} />
      {awaitingDevice ? (
        <Alert type="info" showIcon title={t('deviceSent')} data-testid="oauth-consent-device" />
      ) : (
        <ProblemAlert error={answer.error} />
      )}
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
              {credentialOf(detail.credentialID) ? (
                <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
                  <Descriptions.Item label={t('subject')}>
                    {credentialOf(detail.credentialID)!.subject}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('issuer')}>
                    {credentialOf(detail.credentialID)!.issuer}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('validTo')}>
                    {new Date(credentialOf(detail.credentialID)!.validTo).toLocaleDateString()}
                  </Descriptions.Item>
                </Descriptions>
              ) : (
                <Alert type="warning" showIcon title={t('notYourCredential')} style={{ marginBottom: 12 }} />
              )}
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
          {(askPin || askDevice) && (
            <Form form={form} layout="vertical" style={{ marginTop: 16, maxWidth: 360 }}>
              {askPin && (
                <Form.Item name="pin" label={t('pin')}>
                  <Input.Password autoComplete="off" data-testid="oauth-consent-pin" />
                </Form.Item>
              )}
              {askDevice && (
                <Form.Item name="otp" label={t('otp')} extra={t('otpHint')}>
                  <Input inputMode="numeric" autoComplete="one-time-code" maxLength={12} />
                </Form.Item>
              )}
            </Form>
          )}
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
