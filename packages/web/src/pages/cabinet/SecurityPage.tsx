import { KeyOutlined } from '@ant-design/icons';
import { App, Alert, Button, Card, Form, Input, Popconfirm, Space, Spin, Table, Typography } from 'antd';
import { toDataURL } from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import type { SecondFactorState } from '../../api/types';
import { VisuallyHidden } from '../../components/admin/VisuallyHidden';
import { formatDate } from '../../components/CertificateDetailsView';
import { registerSecurityKey } from '../../components/security/webauthn';
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

/** Removing a factor asks for the password again, so a session left open on another computer cannot do it. */
function PasswordDialog({
  open,
  title,
  okText,
  okTestId,
  onClose,
  action,
}: {
  open: boolean;
  title: string;
  okText: string;
  okTestId: string;
  onClose: () => void;
  action: (password: string) => Promise<void>;
}) {
  const { t } = useTranslation('security');
  const [form] = Form.useForm<{ password: string }>();
  const submission = useSubmit(async ({ password }: { password: string }) => {
    await action(password);
    form.resetFields();
  });
  return (
    <FormDialog
      open={open}
      title={title}
      okText={okText}
      okTestId={okTestId}
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

type SecurityKey = SecondFactorState['webauthn'][number];

/** The user's security keys and passkeys: a name each, when added and last used; add one, remove one. */
function SecurityKeys({
  keys,
  onAdded,
  onRemove,
}: {
  keys: readonly SecurityKey[];
  onAdded: (recoveryCodes: string[] | undefined) => void;
  onRemove: (key: SecurityKey) => void;
}) {
  const { t } = useTranslation('security');
  const [form] = Form.useForm<{ name: string }>();
  const { busy, error, run } = useSubmit(async ({ name }: { name: string }) => {
    const { recoveryCodes } = await registerSecurityKey(name.trim());
    form.resetFields();
    onAdded(recoveryCodes);
  });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('keys.hint')}
      </Typography.Paragraph>
      <Table<SecurityKey>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={[...keys]}
        locale={{ emptyText: t('keys.none') }}
        data-testid="security-keys"
        columns={[
          { key: 'name', title: t('keys.name'), dataIndex: 'name' },
          { key: 'added', title: t('keys.addedAt'), render: (_v, key) => formatDate(key.createdAt) },
          {
            key: 'used',
            title: t('keys.lastUsed'),
            render: (_v, key) => (key.lastUsedAt ? formatDate(key.lastUsedAt) : t('keys.never')),
          },
          {
            key: 'remove',
            title: <VisuallyHidden>{t('keys.remove')}</VisuallyHidden>,
            render: (_v, key) => (
              <Button
                size="small"
                danger
                onClick={() => {
                  onRemove(key);
                }}
                aria-label={`${t('keys.remove')} ${key.name}`}
              >
                {t('keys.remove')}
              </Button>
            ),
          },
        ]}
      />
      <ProblemAlert error={error} />
      <Form<{ name: string }>
        form={form}
        layout="inline"
        requiredMark={false}
        onFinish={(values) => void run(values)}
      >
        <Form.Item
          name="name"
          label={t('keys.name')}
          rules={[{ required: true, whitespace: true, max: 64, message: t('keys.name') }]}
        >
          <Input placeholder={t('keys.namePlaceholder')} maxLength={64} style={{ width: 260 }} />
        </Form.Item>
        <Button htmlType="submit" icon={<KeyOutlined />} loading={busy} data-testid="security-key-add">
          {t('keys.add')}
        </Button>
      </Form>
    </Space>
  );
}

/** The cabinet's "Sign-in security": the authenticator app, security keys and the recovery codes. */
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
  const [removing, setRemoving] = useState<SecurityKey>();
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
  const enrolled = (recoveryCodes: string[] | undefined) => {
    setCodes(recoveryCodes);
    state.reload();
    // Without new codes to show first, a session limited to enrolment becomes a full one at once.
    if (recoveryCodes === undefined && me.secondFactorEnrolmentRequired) void refresh();
  };
  const enabled = async (recoveryCodes: string[] | undefined) => {
    setEnrolment(undefined);
    void message.success(t('totp.enabled'));
    enrolled(recoveryCodes);
    return Promise.resolve();
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
          <Card title={t('keys.title')}>
            <SecurityKeys
              keys={data.webauthn}
              onAdded={(recoveryCodes) => {
                void message.success(t('keys.added'));
                enrolled(recoveryCodes);
              }}
              onRemove={setRemoving}
            />
          </Card>
          <Card
            title={t('device.title')}
            extra={
              <ToneTag
                tone={data.methods.includes('device') ? 'green' : 'default'}
                data-testid="device-factor-status"
              >
                {data.methods.includes('device') ? t('device.active') : t('device.none')}
              </ToneTag>
            }
          >
            <Typography.Paragraph type="secondary">
              {data.methods.includes('device') ? t('device.on') : t('device.off')}
            </Typography.Paragraph>
            {/* A limited session reaches this page only; devices are enrolled from a full one. */}
            {!me.secondFactorEnrolmentRequired && <Link to="/my/devices">{t('device.manage')}</Link>}
          </Card>
          <Card title={t('recovery.title')}>
            {data.methods.length === 0 ? (
              <Typography.Text type="secondary">{t('recovery.none')}</Typography.Text>
            ) : (
              <Space orientation="vertical">
                <Typography.Text data-testid="recovery-codes-left">
                  {t('recovery.left', { count: data.recoveryCodesLeft })}
                </Typography.Text>
                <Popconfirm
                  title={t('recovery.regenerateHint')}
                  okText={t('recovery.regenerate')}
                  onConfirm={() => void regenerate()}
                >
                  <Button>{t('recovery.regenerate')}</Button>
                </Popconfirm>
              </Space>
            )}
          </Card>
        </Space>
      )}
      <RecoveryCodesModal codes={codes} onClose={closeCodes} />
      <PasswordDialog
        open={disabling}
        title={t('totp.disableTitle')}
        okText={t('totp.disable')}
        okTestId="totp-disable-confirm"
        onClose={() => {
          setDisabling(false);
        }}
        action={async (password) => {
          await call(api.DELETE('/api/v1/session/second-factor/totp', { body: { password } }));
          setDisabling(false);
          void message.success(t('totp.disabled'));
          state.reload();
        }}
      />
      <PasswordDialog
        open={removing !== undefined}
        title={t('keys.removeTitle', { name: removing?.name ?? '' })}
        okText={t('keys.remove')}
        okTestId="security-key-remove-confirm"
        onClose={() => {
          setRemoving(undefined);
        }}
        action={async (password) => {
          if (!removing) return;
          await call(
            api.DELETE('/api/v1/session/second-factor/webauthn/{id}', {
              params: { path: { id: removing.id } },
              body: { password },
            }),
          );
          setRemoving(undefined);
          void message.success(t('keys.removed'));
          state.reload();
        }}
      />
    </>
  );
}
