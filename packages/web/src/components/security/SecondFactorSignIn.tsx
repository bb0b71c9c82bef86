import { Button, Form, Input, Space, Typography } from 'antd';
import { KeyOutlined, MobileOutlined, SafetyOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Panel } from '../Panel';
import { useAuth, type PendingSignIn } from '../auth';
import { ProblemAlert } from '../ProblemAlert';
import { useSubmit } from '../useSubmit';
import { DeviceSignIn } from './DeviceSignIn';

/**
 * The second step of a user's sign-in: a code from the authenticator app,
 * a security key (or passkey), the approval on an enrolled device, or
 * (none at hand) one of the recovery codes. The pending sign-in
 * lives five minutes on the server; after that the password is asked again.
 */
export function SecondFactorSignIn({ pending, onBack }: { pending: PendingSignIn; onBack: () => void }) {
  const { t } = useTranslation('security');
  const { completeSignIn } = useAuth();
  const canUseCode = pending.methods.includes('totp');
  const [recovery, setRecovery] = useState(false);
  const { busy, error, run, reset } = useSubmit(({ value }: { value: string }) =>
    completeSignIn(pending, recovery ? { recoveryCode: value.trim() } : { code: value.replace(/\s/g, '') }),
  );
  const key = useSubmit(async () => {
    // Loaded when a security key is used: most sign-ins never need the WebAuthn client.
    const { securityKeyAssertion } = await import('./webauthn');
    await completeSignIn(pending, { webauthn: await securityKeyAssertion(pending.pendingToken) });
  });
  const canUseKey = pending.methods.includes('webauthn');
  const canUseDevice = pending.methods.includes('device');
  const [onDevice, setOnDevice] = useState(false);
  const [form] = Form.useForm<{ value: string }>();
  const switchTo = (useRecovery: boolean) => {
    form.resetFields();
    reset();
    setRecovery(useRecovery);
  };

  return (
    <Panel
      title={
        <>
          <SafetyOutlined /> {t('signIn.title')}
        </>
      }
      style={{ maxWidth: 440 }}
      data-testid="second-factor"
    >
      {onDevice ? (
        <DeviceSignIn pending={pending} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {recovery
              ? t('signIn.recoveryHint')
              : canUseCode
                ? t('signIn.codeHint')
                : canUseKey
                  ? t('signIn.keyHint')
                  : t('signIn.deviceHint')}
          </Typography.Paragraph>
          <ProblemAlert error={error ?? key.error} />
          {canUseDevice && !recovery && (
            <Button
              type={canUseCode || canUseKey ? 'default' : 'primary'}
              icon={<MobileOutlined />}
              onClick={() => {
                reset();
                setOnDevice(true);
              }}
              block
              style={{ marginBottom: 16 }}
              data-testid="second-factor-device"
            >
              {t('signIn.useDevice')}
            </Button>
          )}
          {canUseKey && !recovery && (
            <Button
              type={canUseCode ? 'default' : 'primary'}
              icon={<KeyOutlined />}
              loading={key.busy}
              onClick={() => void key.run()}
              block
              style={{ marginBottom: 16 }}
              data-testid="second-factor-key"
            >
              {t('signIn.useKey')}
            </Button>
          )}
          {(canUseCode || recovery) && (
            <Form<{ value: string }>
              form={form}
              layout="vertical"
              requiredMark={false}
              onFinish={(values) => void run(values)}
            >
              <Form.Item
                name="value"
                label={recovery ? t('signIn.recoveryCode') : t('signIn.code')}
                rules={[
                  { required: true, message: recovery ? t('signIn.recoveryCode') : t('totp.codeRule') },
                ]}
              >
                {recovery ? (
                  <Input autoComplete="off" autoFocus spellCheck={false} />
                ) : (
                  <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} autoFocus />
                )}
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} block>
                {t('signIn.submit')}
              </Button>
            </Form>
          )}
        </>
      )}
      <Space orientation="vertical" style={{ marginTop: 16 }}>
        {onDevice && pending.methods.length > 1 && (
          <Button
            type="link"
            style={{ padding: 0 }}
            onClick={() => {
              setOnDevice(false);
            }}
          >
            {t('signIn.otherMethod')}
          </Button>
        )}
        {!onDevice && pending.methods.includes('recovery-code') && (
          <Button
            type="link"
            style={{ padding: 0 }}
            onClick={() => {
              switchTo(!recovery);
            }}
          >
            {recovery
              ? canUseCode
                ? t('signIn.useCode')
                : t('signIn.useKeyInstead')
              : t('signIn.useRecovery')}
          </Button>
        )}
        <Button type="link" style={{ padding: 0 }} onClick={onBack}>
          {t('signIn.back')}
        </Button>
      </Space>
    </Panel>
  );
}
