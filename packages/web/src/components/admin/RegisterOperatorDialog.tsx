import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { Account } from '../../api/types';
import { FormDialog } from '../FormDialog';
import { fieldProblems } from '../problem';
import { useSubmit } from '../useSubmit';

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
  const registration = useSubmit(async ({ login, role, displayName }: Registration) => {
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
      form.setFields(
        fieldProblems(problem).map(({ name, errors }) => ({ name: name as keyof Registration, errors })),
      );
      throw problem;
    }
  });

  return (
    <FormDialog
      open={open}
      title={t('operators.register.title')}
      okText={t('operators.register.submit')}
      okTestId="register-operator-submit"
      submission={registration}
      form={form}
      onClose={onClose}
    >
      <Form<Registration>
        form={form}
        layout="vertical"
        initialValues={{ role: 'operator' }}
        onFinish={(values) => void registration.run(values)}
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
    </FormDialog>
  );
}
