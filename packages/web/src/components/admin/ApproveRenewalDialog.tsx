import { Alert, Checkbox, Form, Input, InputNumber, Modal, Result, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { groupedHex } from '../CertificateDetailsView';
import { ProblemAlert } from '../ProblemAlert';
import { commonName } from '../cabinet/commonName';
import type { RenewalRequest } from '../cabinet/types';

interface Approval {
  pin: string;
  pinConfirmation: string;
  revokeOld: boolean;
  validityDays: number;
}

const PIN_MIN = 6;
const PIN_MAX = 128;

/**
 * The operator approves a renewal: the server makes a new key under a
 * temporary PIN the operator sets here (as at issuance) and hands to the
 * holder, who changes it in the cabinet.
 */
export function ApproveRenewalDialog({
  request,
  onClose,
  onApproved,
}: {
  request: RenewalRequest | undefined;
  onClose: () => void;
  onApproved: () => void;
}) {
  const { t } = useTranslation('renewals');
  const { t: tc } = useTranslation();
  const [form] = Form.useForm<Approval>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [newSerial, setNewSerial] = useState<string>();

  const close = () => {
    form.resetFields();
    setError(undefined);
    setNewSerial(undefined);
    onClose();
  };

  const approve = async (id: string, { pin, pinConfirmation, revokeOld, validityDays }: Approval) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await call(
        api.POST('/api/v1/renewal-requests/{id}/approve', {
          params: { path: { id } },
          body: { pin, pinConfirmation, revokeOld, validityDays },
        }),
      );
      form.resetFields();
      setNewSerial(answer.certificate.serial);
      onApproved();
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={request !== undefined}
      title={t('approve.title')}
      okText={newSerial ? tc('close') : t('approve.submit')}
      cancelText={tc('cancel')}
      cancelButtonProps={{ style: newSerial ? { display: 'none' } : {} }}
      okButtonProps={{ 'data-testid': newSerial ? 'approve-renewal-done' : 'approve-renewal-submit' }}
      confirmLoading={busy}
      onOk={() => {
        if (newSerial) close();
        else form.submit();
      }}
      onCancel={close}
      destroyOnHidden
    >
      {newSerial ? (
        <Result
          status="success"
          title={t('approve.done')}
          subTitle={
            <>
              <Link to={`/certificates/${newSerial}`} data-testid="renewed-certificate-link">
                {groupedHex(newSerial)}
              </Link>
              <Typography.Paragraph style={{ marginTop: 8 }}>{t('approve.handOver')}</Typography.Paragraph>
            </>
          }
        />
      ) : (
        request && (
          <>
            <Typography.Paragraph>
              {t('approve.question', { login: request.login })} <strong>{commonName(request.subject)}</strong>
            </Typography.Paragraph>
            <Alert type="info" showIcon title={t('approve.pinHint')} style={{ marginBottom: 16 }} />
            <ProblemAlert error={error} />
            <Form<Approval>
              form={form}
              layout="vertical"
              initialValues={{ revokeOld: false, validityDays: 365 }}
              onFinish={(values) => void approve(request.id, values)}
            >
              <Form.Item
                name="pin"
                label={t('approve.pin')}
                extra={t('approve.pinPolicy')}
                rules={[
                  { required: true, message: t('approve.pinRequired') },
                  { min: PIN_MIN, max: PIN_MAX, message: t('approve.pinPolicy') },
                ]}
              >
                <Input.Password autoComplete="new-password" maxLength={PIN_MAX} data-testid="renewal-pin" />
              </Form.Item>
              <Form.Item
                name="pinConfirmation"
                label={t('approve.pinConfirmation')}
                dependencies={['pin']}
                rules={[
                  { required: true, message: t('approve.pinConfirmation') },
                  ({ getFieldValue }) => ({
                    validator: async (_rule, value) => {
                      if (value !== getFieldValue('pin')) throw new Error(t('approve.pinMismatch'));
                    },
                  }),
                ]}
              >
                <Input.Password
                  autoComplete="new-password"
                  maxLength={PIN_MAX}
                  data-testid="renewal-pin-confirmation"
                />
              </Form.Item>
              <Form.Item name="validityDays" label={t('approve.validityDays')} rules={[{ required: true }]}>
                <InputNumber min={1} max={3650} precision={0} data-testid="renewal-validity-days" />
              </Form.Item>
              <Form.Item name="revokeOld" valuePropName="checked" extra={t('approve.revokeOldHint')}>
                <Checkbox data-testid="renewal-revoke-old">{t('approve.revokeOld')}</Checkbox>
              </Form.Item>
            </Form>
          </>
        )
      )}
    </Modal>
  );
}
