import { SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Form, Input, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Panel } from '../components/Panel';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useAuth, type PendingSignIn } from '../components/auth';
import { SecondFactorSignIn } from '../components/security/SecondFactorSignIn';
import { ProblemAlert } from '../components/ProblemAlert';
import { useSubmit } from '../components/useSubmit';
import { useReplaceRenderedPage } from '../components/renderedPage';

interface Credentials {
  login: string;
  password: string;
}

/**
 * Two doors: users with login and password; operators and administrators
 * with the client certificate their browser presents during the TLS
 * handshake (the page only asks the server again who is calling). A user
 * whose account has a second factor gives it in a second step.
 */
export function SignInPage() {
  const { t } = useTranslation();
  const { signIn, signInWithCertificate, endedBecause } = useAuth();
  // The server rendered a signed-in page, but the session ended before the office ran.
  useReplaceRenderedPage();
  const [pending, setPending] = useState<PendingSignIn>();
  const { busy, error, run } = useSubmit(async ({ login, password }: Credentials) => {
    const answer = await signIn(login, password);
    // The password was right, but the account has a second factor: its step replaces the form.
    if (answer !== null && 'pendingToken' in answer) setPending(answer);
  });
  // An explicit click: after a sign-out the certificate the browser still presents is not enough by itself.
  const certificateSignIn = useSubmit(async () => {
    await signInWithCertificate();
  });

  return (
    <main className="sign-in-page">
      <div style={{ maxWidth: 880, margin: '0 auto' }}>
        <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 24 }} wrap>
          <div>
            <Typography.Title level={1} className="sign-in-logo" style={{ margin: 0, color: '#1f4e8c' }}>
              <img
                src="/assets/favicon.svg"
                alt=""
                width={36}
                height={36}
                style={{ verticalAlign: -4, marginRight: 12 }}
              />
              {t('product')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('productTagline')}</Typography.Text>
          </div>
          <LanguageSwitch />
        </Space>
        {endedBecause === 'SESSION_EXPIRED' && (
          <Alert type="warning" showIcon title={t('signIn.sessionEnded')} style={{ marginBottom: 16 }} />
        )}
        {(endedBecause === 'SIGNED_OUT_CERTIFICATE' || endedBecause === 'CLIENT_CERTIFICATE_SIGNED_OUT') && (
          <Alert
            type="info"
            showIcon
            title={t('signIn.signedOutTitle')}
            description={t('signIn.signedOut')}
            style={{ marginBottom: 16 }}
            data-testid="signed-out"
          />
        )}
        {endedBecause === 'CLIENT_CERTIFICATE_REVOKED' && (
          <Alert
            type="error"
            showIcon
            title={t('signIn.certificateRevoked')}
            style={{ marginBottom: 16 }}
            data-testid="certificate-revoked"
          />
        )}
        {endedBecause === 'ACCOUNT_LOCKED' && (
          <Alert type="error" showIcon title={t('signIn.accountLocked')} style={{ marginBottom: 16 }} />
        )}
        {pending ? (
          <SecondFactorSignIn
            pending={pending}
            onBack={() => {
              setPending(undefined);
            }}
          />
        ) : (
          <Row gutter={[24, 24]}>
            <Col xs={24} md={12}>
              <Panel
                title={
                  <>
                    <UserOutlined /> {t('signIn.userTitle')}
                  </>
                }
              >
                <Typography.Paragraph type="secondary">{t('signIn.userHint')}</Typography.Paragraph>
                <ProblemAlert error={error} />
                <Form<Credentials>
                  layout="vertical"
                  onFinish={(values) => void run(values)}
                  requiredMark={false}
                >
                  <Form.Item
                    name="login"
                    label={t('signIn.login')}
                    rules={[{ required: true, message: t('signIn.login') }]}
                  >
                    <Input autoComplete="username" autoFocus />
                  </Form.Item>
                  <Form.Item
                    name="password"
                    label={t('signIn.password')}
                    rules={[{ required: true, message: t('signIn.password') }]}
                  >
                    <Input.Password autoComplete="current-password" />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={busy} block>
                    {t('signIn.submit')}
                  </Button>
                </Form>
              </Panel>
            </Col>
            <Col xs={24} md={12}>
              <Panel
                title={
                  <>
                    <SafetyCertificateOutlined /> {t('signIn.operatorTitle')}
                  </>
                }
              >
                <Typography.Paragraph type="secondary">{t('signIn.operatorHint')}</Typography.Paragraph>
                <ProblemAlert error={certificateSignIn.error} />
                <Button
                  icon={<SafetyCertificateOutlined />}
                  loading={certificateSignIn.busy}
                  onClick={() => void certificateSignIn.run()}
                  data-testid="certificate-sign-in"
                  block
                >
                  {t('signIn.certificateSubmit')}
                </Button>
              </Panel>
            </Col>
          </Row>
        )}
      </div>
    </main>
  );
}
