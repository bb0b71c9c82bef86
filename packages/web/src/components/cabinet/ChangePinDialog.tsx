import { Alert, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import type { paths } from '../../api/schema';
import { PinAttemptsAlert } from '../crypto/KeyPinDialog';
import { FormDialog } from '../FormDialog';
import { sameAs } from '../formRules';
import { useSubmit } from '../useSubmit';

interface Pins {
  oldPin: string;
  newPin: string;
  repeat: string;
}

const PIN_MIN = 6;
const PIN_MAX = 128;

/** The 403 answer of a PIN change: KEY_PIN_WRONG tells how many tries remain before the key locks. */
type PinProblem =
  paths['/api/v1/me/certificates/{serial}/pin']['post']['responses'][403]['content']['application/json'];

function remainingAttempts(answer: { error?: unknown; response: Response }): number | undefined {
  return answer.response.status === 403 ? (answer.error as PinProblem).remainingAttempts : undefined;
}

/**
 * The holder replaces the key's PIN (first the operator's temporary one).
 * Wrong PINs count against the key: the dialog says how many tries remain.
 */
export function ChangePinDialog({
  serial,
  open,
  onClose,
}: {
  serial: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('cabinet');
  const [form] = Form.useForm<Pins>();
  const [attemptsLeft, setAttemptsLeft] = useState<number>();
  const [done, setDone] = useState(false);
  const pinChange = useSubmit(async ({ oldPin, newPin }: Pins) => {
    setAttemptsLeft(undefined);
    const answer = api.POST('/api/v1/me/certificates/{serial}/pin', {
      params: { path: { serial } },
      body: { oldPin, newPin },
    });
    try {
      await call(answer);
    } catch (problem) {
      // The server answered (no network failure): its body may say how many tries remain.
      if (problem instanceof ApiProblem && problem.status !== 0)
        setAttemptsLeft(remainingAttempts(await answer));
      throw problem;
    }
    form.resetFields();
    setDone(true);
  });

  const pinRules = [
    { required: true, message: t('pin.required') },
    { min: PIN_MIN, max: PIN_MAX, message: t('pin.policy') },
  ];

  return (
    <FormDialog
      open={open}
      title={t('pin.title')}
      okText={t('pin.submit')}
      okTestId="change-pin-submit"
      submission={pinChange}
      form={form}
      onClose={() => {
        setAttemptsLeft(undefined);
        setDone(false);
        onClose();
      }}
      done={done && <Alert type="success" showIcon title={t('pin.done')} data-testid="change-pin-done" />}
      intro={<Alert type="info" showIcon title={t('pin.hint')} style={{ marginBottom: 16 }} />}
    >
      {attemptsLeft !== undefined && (
        <PinAttemptsAlert remainingAttempts={attemptsLeft} testId="pin-attempts-left" />
      )}
      <Form<Pins> form={form} layout="vertical" onFinish={(values) => void pinChange.run(values)}>
        <Form.Item name="oldPin" label={t('pin.current')} rules={pinRules.slice(0, 1)}>
          <Input.Password autoComplete="off" maxLength={PIN_MAX} data-testid="pin-current" />
        </Form.Item>
        <Form.Item name="newPin" label={t('pin.next')} extra={t('pin.policy')} rules={pinRules}>
          <Input.Password autoComplete="off" maxLength={PIN_MAX} data-testid="pin-new" />
        </Form.Item>
        <Form.Item
          name="repeat"
          label={t('pin.repeat')}
          dependencies={['newPin']}
          rules={[{ required: true, message: t('pin.repeat') }, sameAs('newPin', t('pin.mismatch'))]}
        >
          <Input.Password autoComplete="off" maxLength={PIN_MAX} data-testid="pin-repeat" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
