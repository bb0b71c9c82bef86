import { Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { Account } from '../../api/types';
import { ProblemAlert } from '../ProblemAlert';
import { fieldProblems } from '../problem';

interface Registration {
  login: string;
  role: 'operator' | 'admin';
  displayName?: string;
}

/** The same rule the server applies (LOGIN_INVALID), checked here so people see it before sending. */
const LOGIN_PATTERN = /^[A-Za-z0-9._@-]{3,64}$/;

/** Registers an operator or administrator; they sign in later with a client certificate issued to them. */
export function RegisterOperatorDialog({
  open,
  onClose,
  onRegistered,
}: {
  open: boolean;
  onClose: () => void;
  onRegistered: (account: Account) => void;
}) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const [form] = Form.useForm<Registration>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const close = () => {
    form.resetFields();
    setError(undefined);
    onClose();
  };

  const submit = async ({ login, role, displayName }: Registration) => {
    setBusy(true);
    setError(undefined);
    try {
      const name = displayName?.trim();
      const account = await call(
        api.POST('/api/v1/operators', {
          body: { login: login.trim(), role, ...(name ? { displayName: name } : {}) },
        }),
      );
      form.resetFields();
      onRegistered(account);
    } catch (problem) {
      setError(problem);
      form.setFields(
        fieldProblems(problem).map(({ name, errors }) => ({ name: name as keyof Registration, errors })),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('operators.register.title')}
      okText={t('operators.register.submit')}
      cancelText={tc('cancel')}
      confirmLoading={busy}
      onOk={() => {
        form.submit();
      }}
      onCancel={close}
      okButtonProps={{ 'data-testid': 'register-operator-submit' }}
      destroyOnHidden
    >
      <ProblemAlert error={error} />
      <Form<Registration>
        form={form}
        layout="vertical"
        initialValues={{ role: 'operator' }}
        onFinish={(values) => void submit(values)}
        data-testid="register-operator-form"
      >
        <Form.Item
          name="login"
          label={t('operators.login')}
          extra={t('operators.register.loginHint')}
          rules={[
            { required: true, message: t('operators.register.loginRequired') },
            { pattern: LOGIN_PATTERN, message: t('operators.register.loginHint') },
          ]}
        >
          <Input autoComplete="off" data-testid="operator-login" />
        </Form.Item>
        <Form.Item name="displayName" label={t('operators.displayName')}>
          <Input autoComplete="off" maxLength={128} data-testid="operator-display-name" />
        </Form.Item>
        <Form.Item name="role" label={t('operators.role')} extra={t('operators.register.roleHint')}>
          <Select
            data-testid="operator-role"
            options={[
              { value: 'operator', label: tc('roles.operator') },
              { value: 'admin', label: tc('roles.admin') },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
