import { Alert, Form, Input, Result, Select, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { commonName } from '../cabinet/commonName';
import { groupedHex } from '../CertificateDetailsView';
import { FormDialog } from '../FormDialog';
import { useSubmit } from '../useSubmit';
import { DOCUMENT_TYPES, type DocumentType, type SelfServiceRequest } from './types';

interface Check {
  documentType: DocumentType;
  documentNumberLast4: string;
}

/**
 * The operator checks the employee's identity document against the
 * registration data, records the check (the type and only the number's last
 * four digits) and approves: the certificate is issued at once.
 */
export function ApproveRequestDialog({
  request,
  onClose,
  onApproved,
}: {
  request: SelfServiceRequest | undefined;
  onClose: () => void;
  onApproved: () => void;
}) {
  const { t } = useTranslation('selfService');
  const [form] = Form.useForm<Check>();
  const [serial, setSerial] = useState<string>();
  const approval = useSubmit(async (id: string, identityCheck: Check) => {
    const answer = await call(
      api.POST('/api/v1/certificate-requests/{id}/approve', {
        params: { path: { id } },
        body: { identityCheck },
      }),
    );
    form.resetFields();
    setSerial(answer.certificate.serial);
    onApproved();
  });

  return (
    <FormDialog
      open={request !== undefined}
      title={t('approve.title')}
      okText={t('approve.submit')}
      okTestId="approve-request-submit"
      doneTestId="approve-request-done"
      submission={approval}
      form={form}
      onClose={() => {
        setSerial(undefined);
        onClose();
      }}
      done={
        serial && (
          <Result
            status="success"
            title={t('approve.done')}
            subTitle={
              <Link to={`/certificates/${serial}`} data-testid="issued-certificate-link">
                {groupedHex(serial)}
              </Link>
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
            <Typography.Paragraph type="secondary" style={{ overflowWrap: 'anywhere' }}>
              {request.subject}
            </Typography.Paragraph>
            <Alert type="info" showIcon title={t('approve.hint')} style={{ marginBottom: 16 }} />
          </>
        )
      }
    >
      {request && (
        <Form<Check>
          form={form}
          layout="vertical"
          onFinish={(values) => void approval.run(request.id, values)}
        >
          <Form.Item
            name="documentType"
            label={t('approve.documentType')}
            rules={[{ required: true, message: t('approve.documentTypeRequired') }]}
          >
            <Select
              data-testid="request-document-type"
              options={DOCUMENT_TYPES.map((type) => ({ value: type, label: t(`documentType.${type}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="documentNumberLast4"
            label={t('approve.last4')}
            rules={[{ required: true, pattern: /^[0-9]{4}$/, message: t('approve.last4Invalid') }]}
          >
            <Input
              inputMode="numeric"
              maxLength={4}
              autoComplete="off"
              style={{ maxWidth: 120 }}
              data-testid="request-document-last4"
            />
          </Form.Item>
        </Form>
      )}
    </FormDialog>
  );
}
