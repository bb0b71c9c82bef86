import { Alert, Button, Card, Checkbox, Form, Input, message } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { useAuth, useMe } from '../components/auth';
import { sameAs } from '../components/formRules';
import { ProblemAlert } from '../components/ProblemAlert';
import { useSubmit } from '../components/useSubmit';

interface Passwords {
  currentPassword: string;
  newPassword: string;
  repeat: string;
  keepApiTokens?: boolean;
}

/** A user's own password change; the only page open while a temporary password is in use. */
export function PasswordChangePage() {
  const { t } = useTranslation();
  const me = useMe();
  const { refresh } = useAuth();
  const [form] = Form.useForm<Passwords>();
  const [notice, notices] = message.useMessage();
  const { busy, error, run } = useSubmit(
    async ({ currentPassword, newPassword, keepApiTokens }: Passwords) => {
      await call(
        api.POST('/api/v1/session/password', {
          body: { password: currentPassword, newPassword, keepApiTokens: keepApiTokens === true },
        }),
      );
      form.resetFields();
      void notice.success(t('passwordChange.done'));
      await refresh();
    },
  );

  return (
    <Card title={t('passwordChange.title')} style={{ maxWidth: 480 }}>
      {notices}
      {me.mustChangePassword && (
        <Alert type="info" showIcon title={t('passwordChange.forcedHint')} style={{ marginBottom: 16 }} />
      )}
      <ProblemAlert error={error} />
      <Form<Passwords> form={form} layout="vertical" onFinish={(values) => void run(values)}>
        <Form.Item
          name="currentPassword"
          label={t('passwordChange.current')}
          rules={[{ required: true, message: t('passwordChange.current') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('passwordChange.next')}
          extra={t('passwordChange.policy')}
          rules={[
            { required: true, message: t('passwordChange.next') },
            { min: 8, message: t('passwordChange.policy') },
            { pattern: /(?=.*\p{L})(?=.*\d)/u, message: t('passwordChange.policy') },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="repeat"
          label={t('passwordChange.repeat')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('passwordChange.repeat') },
            sameAs('newPassword', t('passwordChange.mismatch')),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {/* A temporary password comes before any token could be made: nothing to keep yet. */}
        {!me.mustChangePassword && (
          <Form.Item
            name="keepApiTokens"
            valuePropName="checked"
            extra={t('passwordChange.keepApiTokensHint')}
          >
            <Checkbox>{t('passwordChange.keepApiTokens')}</Checkbox>
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('passwordChange.submit')}
        </Button>
      </Form>
    </Card>
  );
}
