import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, InputNumber, Radio, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, call } from '../../api/client';
import { ProblemAlert } from '../ProblemAlert';

interface CsrValues {
  subjectFrom: 'profile' | 'request';
  validityDays: number;
}

/** A request file as PEM text: PEM files pass as they are, DER ones are wrapped, so one JSON call serves both. */
async function requestAsPem(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('-----BEGIN')) return text;
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const base64 = btoa(binary).replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE REQUEST-----\n${base64}\n-----END CERTIFICATE REQUEST-----\n`;
}

/** The secondary way to a certificate: the user made the key and a PKCS#10 request themselves. */
export function CsrIssueCard({ userId }: { userId: string }) {
  const { t } = useTranslation('operator');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [file, setFile] = useState<File>();
  const [fileMissing, setFileMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [form] = Form.useForm<CsrValues>();

  const submit = async ({ subjectFrom, validityDays }: CsrValues) => {
    if (!file) {
      setFileMissing(true);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const issued = await call(
        api.POST('/api/v1/users/{id}/certificates/from-request', {
          // Query strings are text: the server takes the days as digits.
          params: { path: { id: userId }, query: { subjectFrom, validityDays: String(validityDays) } },
          body: { csr: await requestAsPem(file) },
        }),
      );
      void message.success(t('request.issued'));
      void navigate(`/certificates/${issued.serial}`);
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('request.fromFile.title')} data-testid="csr-card">
      <Typography.Paragraph type="secondary">{t('request.fromFile.hint')}</Typography.Paragraph>
      <ProblemAlert error={error} />
      <Form<CsrValues>
        form={form}
        layout="vertical"
        initialValues={{ subjectFrom: 'profile', validityDays: 365 }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item
          label={t('request.fromFile.file')}
          required
          {...(fileMissing
            ? { validateStatus: 'error' as const, help: t('request.fromFile.fileRequired') }
            : {})}
        >
          <Upload
            accept=".req,.csr,.p10,.pem,.der"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(chosen) => {
              setFile(chosen);
              setFileMissing(false);
              // The file is read here and sent with the form, not uploaded on its own.
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} data-testid="csr-file">
              {t('request.fromFile.choose')}
            </Button>
          </Upload>
          {file && (
            <Typography.Text style={{ marginInlineStart: 12 }}>
              {t('request.fromFile.chosen', { name: file.name })}
            </Typography.Text>
          )}
        </Form.Item>
        <Form.Item name="subjectFrom" label={t('request.fromFile.subjectFrom')}>
          <Radio.Group
            options={[
              { value: 'profile', label: t('request.fromFile.subjectFromProfile') },
              { value: 'request', label: t('request.fromFile.subjectFromRequest') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="validityDays"
          label={t('request.validityDays')}
          extra={t('request.validityHint')}
          rules={[{ required: true, type: 'integer', min: 1, max: 1825, message: t('request.validityHint') }]}
        >
          <InputNumber min={1} max={1825} precision={0} data-testid="csr-validity-days" />
        </Form.Item>
        <Button htmlType="submit" loading={busy} data-testid="issue-from-request">
          {t('request.fromFile.submit')}
        </Button>
      </Form>
    </Card>
  );
}
