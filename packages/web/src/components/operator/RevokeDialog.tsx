import { Alert, Form, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { ProblemAlert } from '../ProblemAlert';
import { buttonWithTestId } from './testId';

/** RFC 5280 reasons an operator may give; certificateHold is suspension, which has its own action. */
const REASONS = [
  'unspecified',
  'keyCompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'privilegeWithdrawn',
  'cACompromise',
  'aACompromise',
] as const;
type Reason = (typeof REASONS)[number];

/** «Отозвать»: the reason, a warning that it is final, and an explicit confirmation. */
export function RevokeDialog({
  serial,
  open,
  onClose,
  onDone,
}: {
  serial: string;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation('operator');
  const { t: tc } = useTranslation();
  const [form] = Form.useForm<{ reason: Reason }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const revoke = async () => {
    const { reason } = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      await call(
        api.POST('/api/v1/certificates/{serial}/revoke', { params: { path: { serial } }, body: { reason } }),
      );
      onDone();
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('certificate.revokeTitle')}
      okText={t('certificate.revokeConfirm')}
      okButtonProps={buttonWithTestId('revoke-confirm', { danger: true, loading: busy })}
      cancelText={tc('cancel')}
      onOk={() => void revoke()}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => {
        setError(undefined);
      }}
    >
      <Alert type="warning" showIcon title={t('certificate.revokeWarning')} style={{ marginBottom: 16 }} />
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" initialValues={{ reason: 'unspecified' }} preserve={false}>
        <Form.Item name="reason" label={t('certificate.reason')} rules={[{ required: true }]}>
          <Select
            data-testid="revoke-reason"
            options={REASONS.map((reason) => ({ value: reason, label: tc(`reason.${reason}`) }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
