import { Alert, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../FormDialog';
import { useSubmit } from '../useSubmit';
import { confirmWithPin, type SigningOperation } from './signingApi';

/**
 * Asks the key PIN for an operation awaiting confirmation. A wrong PIN
 * leaves the operation awaiting (nothing is signed) and says how many tries
 * remain; Cancel is the caller's to handle (it cancels the operation).
 */
export function PinDialog({
  operation,
  subject,
  onSigned,
  onCancel,
}: {
  operation: SigningOperation | undefined;
  subject: string;
  onSigned: (operation: SigningOperation) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('signing');
  const [form] = Form.useForm<{ pin: string }>();
  const [attemptsLeft, setAttemptsLeft] = useState<number>();
  const confirmation = useSubmit(async ({ pin }: { pin: string }) => {
    if (!operation) return;
    setAttemptsLeft(undefined);
    const answer = await confirmWithPin(operation.id, pin);
    if (answer.operation) {
      form.resetFields();
      onSigned(answer.operation);
      return;
    }
    setAttemptsLeft(answer.attemptsLeft);
    form.setFieldValue('pin', '');
    throw answer.problem;
  });
  return (
    <FormDialog
      open={operation !== undefined}
      title={t('sign.pin.title')}
      okText={t('sign.pin.confirm')}
      okTestId="sign-pin-confirm"
      submission={confirmation}
      form={form}
      onClose={() => {
        setAttemptsLeft(undefined);
        onCancel();
      }}
      intro={
        <Typography.Paragraph>
          {t('sign.pin.text', { count: operation?.documents.length ?? 0, subject })}
        </Typography.Paragraph>
      }
    >
      {attemptsLeft !== undefined && (
        <Alert
          type="warning"
          showIcon
          title={t('sign.pin.attemptsLeft', { count: attemptsLeft })}
          style={{ marginBottom: 16 }}
          data-testid="sign-pin-attempts-left"
        />
      )}
      <Form<{ pin: string }>
        form={form}
        layout="vertical"
        onFinish={(values) => void confirmation.run(values)}
      >
        <Form.Item
          name="pin"
          label={t('sign.pin.label')}
          rules={[{ required: true, message: t('sign.pin.required') }]}
        >
          <Input.Password autoComplete="off" maxLength={128} autoFocus data-testid="sign-pin" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
