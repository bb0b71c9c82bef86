import { Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { FormDialog } from '../FormDialog';
import { useSubmit } from '../useSubmit';
import type { ProfileFieldName, Registration } from './types';

type Values = Partial<Record<ProfileFieldName, string>>;

/** The employee corrects the registration fields the administrator lets them; an emptied field is cleared. */
export function CorrectRegistrationDialog({
  registration,
  open,
  onClose,
  onSaved,
}: {
  registration: Registration;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation('selfService');
  const { t: field } = useTranslation('operator');
  const [form] = Form.useForm<Values>();
  const saving = useSubmit(async (values: Values) => {
    const profile = Object.fromEntries(
      registration.editableFields.map((name) => [name, values[name]?.trim() ? values[name].trim() : null]),
    );
    await call(api.PATCH('/api/v1/me/registration', { body: { version: registration.version, profile } }));
    onSaved();
  });
  const initialValues = Object.fromEntries(
    registration.editableFields.map((name) => [name, registration.profile[name] ?? '']),
  );

  return (
    <FormDialog
      open={open}
      title={t('registration.editTitle')}
      okText={t('registration.save')}
      okTestId="correct-registration-submit"
      submission={saving}
      form={form}
      onClose={onClose}
      intro={<Typography.Paragraph>{t('registration.editHint')}</Typography.Paragraph>}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => void saving.run(values)}
      >
        {registration.editableFields.map((name) => (
          <Form.Item key={name} name={name} label={field(`field.${name}`)}>
            <Input maxLength={256} data-testid={`correct-${name}`} />
          </Form.Item>
        ))}
      </Form>
    </FormDialog>
  );
}
