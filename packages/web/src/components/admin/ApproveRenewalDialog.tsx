import { Alert, Checkbox, Form, Input, InputNumber, Result, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { groupedHex } from '../CertificateDetailsView';
import { FormDialog } from '../FormDialog';
import { sameAs } from '../formRules';
import { useSubmit } from '../useSubmit';
import { commonName } from '../cabinet/commonName';
import { RenewalChanges } from '../operator/RenewalChanges';
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
  const [form] = Form.useForm<Approval>();
  const [newSerial, setNewSerial] = useState<string>();
  const [expectedSubject, setExpectedSubject] = useState<string>();
  const [previewKey, setPreviewKey] = useState(0);
  const approval = useSubmit(
    async (id: string, { pin, pinConfirmation, revokeOld, validityDays }: Approval) => {
      const answer = await call(
        api.POST('/api/v1/renewal-requests/{id}/approve', {
          params: { path: { id } },
          body: {
            pin,
            pinConfirmation,
            revokeOld,
            validityDays,
            ...(expectedSubject !== undefined ? { expectedSubject } : {}),
          },
        }),
      ).catch((problem: unknown) => {
        // The registration data changed after the preview: show the changes as they are now.
        if (problem instanceof ApiProblem && problem.code === 'CONCURRENT_EDIT')
          setPreviewKey((key) => key + 1);
        throw problem;
      });
      form.resetFields();
      setNewSerial(answer.certificate.serial);
      onApproved();
    },
  );

  return (
    <FormDialog
      open={request !== undefined}
      title={t('approve.title')}
      okText={t('approve.submit')}
      okTestId="approve-renewal-submit"
      doneTestId="approve-renewal-done"
      submission={approval}
      form={form}
      onClose={() => {
        setNewSerial(undefined);
        onClose();
      }}
      done={
        newSerial && (
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
        )
      }
      intro={
        request && (
          <>
            <Typography.Paragraph>
              {t('approve.question', { login: request.login })} <strong>{commonName(request.subject)}</strong>
            </Typography.Paragraph>
            <RenewalChanges serial={request.serial} reloadKey={previewKey} onSubject={setExpectedSubject} />
            <Alert type="info" showIcon title={t('approve.pinHint')} style={{ marginBottom: 16 }} />
          </>
        )
      }
    >
      {request && (
        <Form<Approval>
          form={form}
          layout="vertical"
          initialValues={{ revokeOld: false, validityDays: 365 }}
          onFinish={(values) => void approval.run(request.id, values)}
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
              sameAs('pin', t('approve.pinMismatch')),
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
      )}
    </FormDialog>
  );
}
