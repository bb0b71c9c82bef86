import { Checkbox, Form, InputNumber, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/problem';
import { api, call } from '../../api/client';
import { FormDialog } from '../FormDialog';
import { useSubmit } from '../useSubmit';
import { useProblemAtField } from './formProblems';
import { PinFields, withoutPin, type KeyConfirmation } from './KeyFields';
import { RenewalChanges } from './RenewalChanges';

interface RenewValues {
  pin?: string;
  pinConfirmation?: string;
  validityDays: number;
  revokeOld: boolean;
}

/** A wrong or unconfirmed new PIN is told at the PIN field. */
const PIN_PROBLEMS = { PIN_MISMATCH: 'pin', KEY_PIN_INVALID: 'pin' };

/**
 * «Обновить»: a new key under a new PIN, optionally revoking the old
 * certificate as superseded; the new certificate is for the holder's
 * current registration data, whose changes the dialog lists first. A key without a PIN (`confirmation` none:
 * automatic signing; device: approved on the holder's device) is renewed
 * as one of the same kind, without a PIN.
 */
export function RenewDialog({
  serial,
  confirmation,
  open,
  onClose,
  onRenewed,
}: {
  serial: string;
  confirmation: KeyConfirmation | undefined;
  open: boolean;
  onClose: () => void;
  onRenewed: (serial: string) => void;
}) {
  const { t } = useTranslation('operator');
  const showProblemAtField = useProblemAtField();
  const [form] = Form.useForm<RenewValues>();
  const [expectedSubject, setExpectedSubject] = useState<string>();
  const [previewKey, setPreviewKey] = useState(0);
  const renewal = useSubmit(async (values: RenewValues) => {
    try {
      const body = { ...values, ...(expectedSubject !== undefined ? { expectedSubject } : {}) };
      const answer = await call(
        api.POST('/api/v1/certificates/{serial}/renew', { params: { path: { serial } }, body }),
      );
      onRenewed(answer.certificate.serial);
    } catch (problem) {
      // The registration data changed after the preview: show the changes as they are now.
      if (problem instanceof ApiProblem && problem.code === 'CONCURRENT_EDIT')
        setPreviewKey((key) => key + 1);
      showProblemAtField(form, problem, PIN_PROBLEMS);
      throw problem;
    }
  });

  return (
    <FormDialog
      open={open}
      title={t('certificate.renewTitle')}
      okText={t('certificate.renew')}
      okTestId="renew-confirm"
      width={640}
      submission={renewal}
      form={form}
      onClose={onClose}
      intro={
        <>
          <Typography.Paragraph type="secondary">{t('certificate.renewHint')}</Typography.Paragraph>
          {open && <RenewalChanges serial={serial} reloadKey={previewKey} onSubject={setExpectedSubject} />}
        </>
      }
    >
      <Form<RenewValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ validityDays: 365, revokeOld: true }}
        onFinish={(values) => void renewal.run(values)}
      >
        {withoutPin(confirmation) ? (
          <Typography.Paragraph data-testid="renew-without-pin">
            {t(confirmation === 'device' ? 'certificate.renewDevice' : 'certificate.renewAutomatic')}
          </Typography.Paragraph>
        ) : (
          <PinFields />
        )}
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
    </FormDialog>
  );
}
