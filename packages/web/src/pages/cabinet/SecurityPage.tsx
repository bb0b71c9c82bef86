import { App, Alert, Button, Card, Form, Input, Popconfirm, Space, Spin, Typography } from 'antd';
import { toDataURL } from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { useAuth, useMe } from '../../components/auth';
import { FormDialog } from '../../components/FormDialog';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useProblemMessage } from '../../components/problem';
import { RecoveryCodesModal } from '../../components/security/RecoveryCodesModal';
import { ToneTag } from '../../components/ToneTag';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';

interface Enrolment {
  secret: string;
  uri: string;
}

/** The otpauth:// URI as a QR code image (the office's CSP allows data: images). */
function QrCode({ uri, alt }: { uri: string; alt: string }) {
  const [image, setImage] = useState<string>();
  useEffect(() => {
    let current = true;
    void toDataURL(uri, { width: 220, margin: 2, errorCorrectionLevel: 'M' }).then((url) => {
      if (current) setImage(url);
    });
    return () => {
      current = false;
    };
  }, [uri]);
  return image ? <img src={image} alt={alt} width={220} height={220} data-testid="totp-qr" /> : <Spin />;
}

/** Scan, then prove it with a code: only then is the app the second factor. */
function TotpEnrolment({
  enrolment,
  onEnabled,
}: {
  enrolment: Enrolment;
  onEnabled: (recoveryCodes: string[] | undefined) => Promise<void>;
}) {
  const { t } = useTranslation('security');
  const { busy, error, run } = useSubmit(async ({ code }: { code: string }) => {
    const answer = await call(
      api.POST('/api/v1/session/second-factor/totp/confirm', { body: { code: code.replace(/\s/g, '') } }),
    );
    await onEnabled(answer.recoveryCodes);
  });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph>{t('totp.scan')}</Typography.Paragraph>
      <QrCode uri={enrolment.uri} alt={t('totp.qrAlt')} />
      <div>
        <Typography.Text type="secondary">{t('totp.secret')}: </Typography.Text>
        <Typography.Text code copyable data-testid="totp-secret">
          {enrolment.secret}
        </Typography.Text>
      </div>
      <ProblemAlert error={error} />
      <Form<{ code: string }> layout="inline" requiredMark={false} onFinish={(values) => void run(values)}>
        <Form.Item
          name="code"
          label={t('totp.code')}
          rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('totp.codeRule') }]}
        >
          <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} style={{ width: 120 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="totp-confirm">
          {t('totp.confirm')}
        </Button>
      </Form>
    </Space>
  );
}

/** Turning the app off asks for the password again, so an unattended session cannot do it. */
function DisableTotpDialog({
  open,
  onClose,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation('security');
  const [form] = Form.useForm<{ password: string }>();
  const submission = useSubmit(async ({ password }: { password: string }) => {
    await call(api.DELETE('/api/v1/session/second-factor/totp', { body: { password } }));
    form.resetFields();
    onDone();
  });
  return (
    <FormDialog
      open={open}
      title={t('totp.disableTitle')}
      okText={t('totp.disable')}
      okTestId="totp-disable-confirm"
      danger
      submission={submission}
      form={form}
      onClose={onClose}
      intro={t('totp.disableHint')}
    >
      <Form<{ password: string }>
        form={form}
        layout="vertical"
        onFinish={(values) => void submission.run(values)}
      >
        <Form.Item
          name="password"
          label={t('totp.password')}
          rules={[{ required: true, message: t('totp.password') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

/** The cabinet's "Sign-in security": the authenticator app and the recovery codes. */
export function SecurityPage() {
  const { t } = useTranslation('security');
  const me = useMe();
  const { refresh } = useAuth();
  const { message } = App.useApp();
  const problemMessage = useProblemMessage();
  const state = useLoad(() => call(api.GET('/api/v1/session/second-factor')), []);
  const [enrolment, setEnrolment] = useState<Enrolment>();
  const [codes, setCodes] = useState<string[]>();
  const [disabling, setDisabling] = useState(false);
  const start = useSubmit(async () => {
    setEnrolment(await call(api.POST('/api/v1/session/second-factor/totp')));
  });
  const regenerate = async () => {
    try {
      setCodes((await call(api.POST('/api/v1/session/second-factor/recovery-codes'))).recoveryCodes);
      state.reload();
    } catch (problem) {
      void message.error(problemMessage(problem));
    }
  };
  const enabled = async (recoveryCodes: string[] | undefined) => {
    setEnrolment(undefined);
    setCodes(recoveryCodes);
    void message.success(t('totp.enabled'));
    state.reload();
  };
  const closeCodes = () => {
    setCodes(undefined);
    // A session that was limited to enrolment becomes a full one: the office shows everything again.
    if (me.secondFactorEnrolmentRequired) void refresh();
  };

  const data = state.data;
  return (
    <>
      <PageTitle title={t('title')} />
      <Typography.Paragraph style={{ maxWidth: 720 }}>{t('intro')}</Typography.Paragraph>
      {me.secondFactorEnrolmentRequired && (
        <Alert
          type="warning"
          showIcon
          title={t('requiredHint')}
          style={{ marginBottom: 16, maxWidth: 720 }}
        />
      )}
      <ProblemAlert error={state.error} onRetry={state.reload} />
      {data === undefined ? (
        state.loading && <Spin />
      ) : (
        <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 720 }}>
          <Card
            title={t('totp.title')}
            extra={
              <ToneTag tone={data.totp ? 'green' : 'default'} data-testid="totp-status">
                {data.totp ? t('totp.on') : t('totp.off')}
              </ToneTag>
            }
          >
            {data.totp ? (
              <Button
                danger
                onClick={() => {
                  setDisabling(true);
                }}
                data-testid="totp-disable"
              >
                {t('totp.disable')}
              </Button>
            ) : enrolment ? (
              <TotpEnrolment enrolment={enrolment} onEnabled={enabled} />
            ) : (
              <>
                <ProblemAlert error={start.error} />
                <Button
                  type="primary"
                  loading={start.busy}
                  onClick={() => void start.run()}
                  data-testid="totp-enable"
                >
                  {t('totp.enable')}
                </Button>
              </>
            )}
          </Card>
          <Card title={t('recovery.title')}>
            {data.methods.length === 0 ? (
              <Typography.Text type="secondary">{t('recovery.none')}</Typography.Text>
            ) : (
              <Space orientation="vertical">
                <Typography.Text data-testid="recovery-codes-left">
                  {t('recovery.left', { count: data.recoveryCodesLeft })}
                </Typography.Text>
                <Popconfirm title={t('recovery.regenerateHint')} onConfirm={() => void regenerate()}>
                  <Button>{t('recovery.regenerate')}</Button>
                </Popconfirm>
              </Space>
            )}
          </Card>
        </Space>
      )}
      <RecoveryCodesModal codes={codes} onClose={closeCodes} />
      <DisableTotpDialog
        open={disabling}
        onClose={() => {
          setDisabling(false);
        }}
        onDone={() => {
          setDisabling(false);
          void message.success(t('totp.disabled'));
          state.reload();
        }}
      />
    </>
  );
}
