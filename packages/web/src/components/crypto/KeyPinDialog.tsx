import { Alert, Form, Input } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/problem';
import { groupedHex } from '../CertificateDetailsView';
import { FormDialog } from '../FormDialog';
import type { Submission } from '../useSubmit';

const PIN_MAX = 128;

/** The 403 answer of a confirmation: KEY_PIN_WRONG says how many tries remain before the key locks. */
export interface PinRefusal {
  remainingAttempts?: number;
}

/** How many tries remain, when the last confirmation was refused for a wrong PIN. */
export function attemptsLeft(error: unknown, body: unknown): number | undefined {
  if (!(error instanceof ApiProblem) || error.code !== 'KEY_PIN_WRONG') return undefined;
  return typeof body === 'object' && body !== null ? (body as PinRefusal).remainingAttempts : undefined;
}

/**
 * After a wrong PIN: how many tries remain, or, when none does, that the key
 * is now locked and only an operator can unlock it (a "0 tries left" alone
 * leaves the holder retrying a key that refuses every PIN).
 */
export function PinAttemptsAlert({
  remainingAttempts,
  testId,
}: {
  remainingAttempts: number;
  testId: string;
}) {
  const { t } = useTranslation('crypto');
  return remainingAttempts > 0 ? (
    <Alert
      type="warning"
      showIcon
      title={t('pin.attemptsLeft', { count: remainingAttempts })}
      style={{ marginBottom: 16 }}
      data-testid={testId}
    />
  ) : (
    <Alert
      type="error"
      showIcon
      title={t('pin.locked')}
      description={t('pin.lockedHint')}
      style={{ marginBottom: 16 }}
      data-testid={testId}
    />
  );
}

/**
 * Confirms an operation with the key PIN: the holder's consent to exactly
 * this use of the key (a decryption, a signature). A wrong PIN leaves the
 * operation waiting, so the dialog stays open with the problem and the
 * tries left. `title`, `okText` and `intro` say what the key will do; by
 * default, a confirmation with the certificate `serial`.
 */
export function KeyPinDialog({
  open,
  serial = '',
  title,
  okText,
  intro,
  submission,
  remainingAttempts,
  onClose,
}: {
  open: boolean;
  serial?: string;
  title?: string;
  okText?: string;
  intro?: ReactNode;
  submission: Submission<[string]>;
  remainingAttempts: number | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation('crypto');
  const [form] = Form.useForm<{ pin: string }>();
  return (
    <FormDialog
      open={open}
      title={title ?? t('pin.title')}
      okText={okText ?? t('pin.submit')}
      okTestId="key-pin-submit"
      submission={submission}
      form={form}
      onClose={onClose}
      intro={
        intro ?? (
          <Alert
            type="info"
            showIcon
            title={t('pin.hint', { serial: groupedHex(serial) })}
            style={{ marginBottom: 16 }}
          />
        )
      }
    >
      {remainingAttempts !== undefined && (
        <PinAttemptsAlert remainingAttempts={remainingAttempts} testId="key-pin-attempts-left" />
      )}
      <Form<{ pin: string }> form={form} layout="vertical" onFinish={({ pin }) => void submission.run(pin)}>
        <Form.Item name="pin" label={t('pin.label')} rules={[{ required: true, message: t('pin.required') }]}>
          <Input.Password autoComplete="off" autoFocus maxLength={PIN_MAX} data-testid="key-pin" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
