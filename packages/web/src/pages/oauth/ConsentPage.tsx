import { Alert, Button, Card, Descriptions, Form, Input, List, Space, Table, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { ApiProblem, toProblem } from '../../api/problem';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';
import { subjectOwner } from '../../components/cabinet/commonName';

/** How often the page asks whether the device has decided. */
const DEVICE_POLL_MS = 1500;

/**
 * Where an application's OAuth 2.0 request brings the signed-in user: who
 * asks, what for (and, for a CSC signature, which documents' hashes), and
 * «Разрешить» / «Отклонить»; the answer sends the browser back to the
 * authorisation server, which returns to the application. A CSC signature
 * request (CSC oauth2code) is authorised by the approval itself: the page
 * shows the certificate and asks what the holder's policy needs — the
 * key's PIN and/or the device (an approval sent to it, which the page
 * follows and, once approved, answers again by itself; or its offline code).
 */
export function ConsentPage() {
  const { t } = useTranslation('oauth');
  const { uid = '' } = useParams();
  const request = useLoad(
    () => call(api.GET('/api/v1/oauth/interactions/{uid}', { params: { path: { uid } } })),
    [uid],
  );
  const [form] = Form.useForm<{ pin?: string; otp?: string }>();
  /** The signing operation whose device approval the consent waits for (named by DEVICE_APPROVAL_REQUIRED). */
  const [waitingFor, setWaitingFor] = useState<string>();
  const answer = useSubmit(async (approve: boolean) => {
    const { pin, otp } = approve ? form.getFieldsValue() : {};
    let result;
    try {
      result = await api.POST('/api/v1/oauth/interactions/{uid}/consent', {
        params: { path: { uid } },
        body: { approve, ...(pin ? { pin } : {}), ...(otp ? { otp: otp.replace(/\s/g, '') } : {}) },
      });
    } catch {
      throw new ApiProblem(0, 'NETWORK_ERROR', 'the server did not answer');
    }
    if (!result.response.ok || !result.data) {
      const body: unknown = result.error;
      const operation =
        typeof body === 'object' && body !== null && 'signingOperation' in body
          ? body.signingOperation
          : undefined;
      setWaitingFor(typeof operation === 'string' ? operation : undefined);
      throw toProblem(result.response.status, body);
    }
    setWaitingFor(undefined);
    window.location.assign(result.data.redirectTo);
  });
  const consent = request.data;
  const awaitingDevice =
    answer.error instanceof ApiProblem && answer.error.code === 'DEVICE_APPROVAL_REQUIRED';
  const [declined, setDeclined] = useState(false);
  const approveAgain = useRef(answer.run);
  approveAgain.current = answer.run;

  // Follows the device: once the holder approves on it, the consent is answered again by itself.
  useEffect(() => {
    if (!awaitingDevice || waitingFor === undefined) return;
    let stopped = false;
    const timer = setInterval(() => {
      call(api.GET('/api/v1/signing-operations/{id}', { params: { path: { id: waitingFor } } })).then(
        (operation) => {
          if (stopped) return;
          const status = operation.device?.status;
          if (status === 'approved') {
            stopped = true;
            clearInterval(timer);
            void approveAgain.current(true);
          } else if (
            status === 'declined' ||
            status === 'refused' ||
            operation.status !== 'awaiting_confirmation'
          ) {
            stopped = true;
            clearInterval(timer);
            setDeclined(true);
          }
        },
        () => undefined,
      );
    }, DEVICE_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [awaitingDevice, waitingFor]);
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
      {declined ? (
        <Alert
          type="error"
          showIcon
          title={t('deviceDeclined')}
          data-testid="oauth-consent-device-declined"
        />
      ) : awaitingDevice ? (
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
                    {subjectOwner(credentialOf(detail.credentialID)!.subject)}
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
