import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ApiProblem, toProblem } from '../../api/problem';
import { ProblemAlert } from '../ProblemAlert';

interface Pins {
  oldPin: string;
  newPin: string;
  repeat: string;
}

const PIN_MIN = 6;
const PIN_MAX = 128;

/** A wrong PIN answer tells how many tries remain before the key locks; the typed client drops that field. */
function remainingAttempts(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null || !('remainingAttempts' in body)) return undefined;
  return typeof body.remainingAttempts === 'number' ? body.remainingAttempts : undefined;
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
  const { t: tc } = useTranslation();
  const [form] = Form.useForm<Pins>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [attemptsLeft, setAttemptsLeft] = useState<number>();
  const [done, setDone] = useState(false);

  const close = () => {
    form.resetFields();
    setError(undefined);
    setAttemptsLeft(undefined);
    setDone(false);
    onClose();
  };

  const submit = async ({ oldPin, newPin }: Pins) => {
    setBusy(true);
    setError(undefined);
    setAttemptsLeft(undefined);
    try {
      const { error: body, response } = await api.POST('/api/v1/me/certificates/{serial}/pin', {
        params: { path: { serial } },
        body: { oldPin, newPin },
      });
      if (!response.ok) {
        setAttemptsLeft(remainingAttempts(body));
        throw toProblem(response.status, body);
      }
      form.resetFields();
      setDone(true);
    } catch (problem) {
      setError(problem instanceof ApiProblem ? problem : new ApiProblem(0, 'NETWORK_ERROR', ''));
    } finally {
      setBusy(false);
    }
  };

  const pinRules = [
    { required: true, message: t('pin.required') },
    { min: PIN_MIN, max: PIN_MAX, message: t('pin.policy') },
  ];

  return (
    <Modal
      open={open}
      title={t('pin.title')}
      okText={done ? tc('close') : t('pin.submit')}
      cancelText={tc('cancel')}
      cancelButtonProps={{ style: done ? { display: 'none' } : {} }}
      okButtonProps={{ 'data-testid': 'change-pin-submit' }}
      confirmLoading={busy}
      onOk={() => {
        if (done) close();
        else form.submit();
      }}
      onCancel={close}
      destroyOnHidden
    >
      {done ? (
        <Alert type="success" showIcon title={t('pin.done')} data-testid="change-pin-done" />
      ) : (
        <>
          <Alert type="info" showIcon title={t('pin.hint')} style={{ marginBottom: 16 }} />
          <ProblemAlert error={error} />
          {attemptsLeft !== undefined && (
            <Alert
              type="warning"
              showIcon
              title={t('pin.attemptsLeft', { count: attemptsLeft })}
              style={{ marginBottom: 16 }}
              data-testid="pin-attempts-left"
            />
          )}
          <Form<Pins> form={form} layout="vertical" onFinish={(values) => void submit(values)}>
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
              rules={[
                { required: true, message: t('pin.repeat') },
                ({ getFieldValue }) => ({
                  validator: async (_rule, value) => {
                    if (value !== getFieldValue('newPin')) throw new Error(t('pin.mismatch'));
                  },
                }),
              ]}
            >
              <Input.Password autoComplete="off" maxLength={PIN_MAX} data-testid="pin-repeat" />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
