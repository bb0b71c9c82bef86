import { Checkbox, Form, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { ProblemAlert } from '../ProblemAlert';
import { buttonWithTestId } from './testId';
import { useProblemMessage } from '../problem';
import { PinFields } from './KeyFields';

interface RenewValues {
  pin: string;
  pinConfirmation: string;
  validityDays: number;
  revokeOld: boolean;
}

/** «Обновить»: a new key under a new PIN, optionally revoking the old certificate as superseded. */
export function RenewDialog({
  serial,
  open,
  onClose,
  onRenewed,
}: {
  serial: string;
  open: boolean;
  onClose: () => void;
  onRenewed: (serial: string) => void;
}) {
  const { t } = useTranslation('operator');
  const { t: tc } = useTranslation();
  const problemMessage = useProblemMessage();
  const [form] = Form.useForm<RenewValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const renew = async () => {
    const body = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await call(
        api.POST('/api/v1/certificates/{serial}/renew', { params: { path: { serial } }, body }),
      );
      onRenewed(answer.certificate.serial);
    } catch (problem) {
      if (
        problem instanceof ApiProblem &&
        (problem.code === 'PIN_MISMATCH' || problem.code === 'KEY_PIN_INVALID')
      )
        form.setFields([{ name: 'pin', errors: [problemMessage(problem)] }]);
      setError(problem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('certificate.renewTitle')}
      okText={t('certificate.renew')}
      okButtonProps={buttonWithTestId('renew-confirm', { loading: busy })}
      cancelText={tc('cancel')}
      onOk={() => void renew()}
      onCancel={onClose}
      destroyOnHidden
      width={640}
      afterClose={() => {
        setError(undefined);
      }}
    >
      <Typography.Paragraph type="secondary">{t('certificate.renewHint')}</Typography.Paragraph>
      <ProblemAlert error={error} />
      <Form<RenewValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ validityDays: 365, revokeOld: true }}
      >
        <PinFields />
        <Form.Item
          name="validityDays"
          label={t('request.validityDays')}
          rules={[{ required: true, type: 'integer', min: 1, max: 1825, message: t('request.validityHint') }]}
        >
          <InputNumber min={1} max={1825} precision={0} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="revokeOld" valuePropName="checked">
          <Checkbox data-testid="renew-revoke-old">{t('certificate.revokeOld')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
