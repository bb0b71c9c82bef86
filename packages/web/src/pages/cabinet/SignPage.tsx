import { CloseOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Progress, Select, Space, Typography, Upload } from 'antd';
import type { RcFile } from 'antd/es/upload';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { commonName } from '../../components/cabinet/commonName';
import { formatDate } from '../../components/CertificateDetailsView';
import type { MyCertificate } from '../../components/cabinet/types';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { fileKind, sha256Hex, streebog256Hex, TEXT_PREVIEW_BYTES } from '../../components/signing/files';
import { FilePreview, type ChosenFile } from '../../components/signing/FilePreview';
import {
  FORMAT_DEFAULTS,
  FormatFields,
  signingParameters,
  type FormatValues,
} from '../../components/signing/FormatFields';
import { DeviceConfirmation } from '../../components/devices/DeviceConfirmation';
import { deviceMethod, signingDeviceApi } from '../../components/devices/devicesApi';
import { PinDialog } from '../../components/signing/PinDialog';
import { SigningResults } from '../../components/signing/SigningResults';
import {
  cancelSigningOperation,
  createSigningOperation,
  documentInputs,
  type SigningOperation,
} from '../../components/signing/signingApi';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';

interface SignValues extends FormatValues {
  certificate: string;
}

type Stage = 'uploading' | 'creating' | 'confirming' | 'done';

/** Files the page reads whole (to preview and hash them); a larger one is only uploaded, streamed. */
const READ_LIMIT = 64 * 1024 * 1024;

/** My certificates that can sign here: valid, with the key held by the service and not locked. */
async function signingCertificates(): Promise<MyCertificate[]> {
  const valid = (await call(api.GET('/api/v1/me/certificates'))).filter((c) => c.status === 'valid');
  const details = await Promise.all(
    valid.map((c) =>
      call(api.GET('/api/v1/me/certificates/{serial}', { params: { path: { serial: c.serial } } })),
    ),
  );
  return valid.filter((_c, i) => {
    const key = details[i]?.key;
    return key !== undefined && key.held && !key.locked;
  });
}

async function choose(file: RcFile): Promise<ChosenFile> {
  const whole = file.size <= READ_LIMIT;
  const bytes = new Uint8Array(await (whole ? file : file.slice(0, TEXT_PREVIEW_BYTES)).arrayBuffer());
  return {
    uid: file.uid,
    file,
    bytes,
    whole,
    kind: fileKind(file, bytes.subarray(0, TEXT_PREVIEW_BYTES)),
    sha256: whole ? await sha256Hex(bytes) : undefined,
    streebog256: whole ? await streebog256Hex(bytes) : undefined,
  };
}

/**
 * The holder signs documents with a key the service keeps (issue #11): the
 * files and what exactly is signed in each, a certificate and a format,
 * then the key PIN; one operation for the whole batch, a signature file
 * for each document.
 */
export function SignPage() {
  const { t, i18n } = useTranslation('signing');
  const certificates = useLoad(signingCertificates, []);
  const [form] = Form.useForm<SignValues>();
  const format = Form.useWatch('format', form);
  const stamp = Form.useWatch('stamp', form);
  const serial = Form.useWatch('certificate', form);
  const xadesMode = Form.useWatch('xadesMode', form);
  const [files, setFiles] = useState<ChosenFile[]>([]);
  const [stage, setStage] = useState<Stage>();
  const [uploaded, setUploaded] = useState(0);
  const [pending, setPending] = useState<SigningOperation>();
  const [onDevice, setOnDevice] = useState<SigningOperation>();
  const [completed, setCompleted] = useState<SigningOperation>();

  // The usual case is one certificate: chosen already, so people need not open the list.
  useEffect(() => {
    const only = certificates.data?.length === 1 ? certificates.data[0] : undefined;
    if (only && form.getFieldValue('certificate') === undefined)
      form.setFieldValue('certificate', only.serial);
  }, [certificates.data, form]);

  const reading = useSubmit(async (dropped: readonly RcFile[]) => {
    const chosen = await Promise.all(dropped.map(choose));
    setFiles((previous) => [...previous, ...chosen]);
  });

  const signing = useSubmit(async (values: SignValues) => {
    setCompleted(undefined);
    setStage('uploading');
    setUploaded(0);
    try {
      const documents = await documentInputs(files, (sent, total) => {
        setUploaded(total === 0 ? 100 : Math.round((sent * 100) / total));
      });
      setUploaded(100);
      setStage('creating');
      const operation = await createSigningOperation({
        certificate: values.certificate,
        format: values.format,
        parameters: signingParameters(values, i18n.language === 'en' ? 'en' : 'ru'),
        documents,
      });
      // A new operation always awaits its confirmation: on the holder's device when the policy asks, else the PIN.
      setStage('confirming');
      if (deviceMethod(operation)) setOnDevice(operation);
      else setPending(operation);
    } catch (problem) {
      setStage(undefined);
      throw problem;
    }
  });

  const certificateOptions = (certificates.data ?? []).map((certificate) => ({
    value: certificate.serial,
    label: `${commonName(certificate.subject)} · ${certificate.serial.slice(0, 8)}… · ${t('sign.validTo', {
      date: formatDate(certificate.notAfter),
    })}`,
  }));
  const chosenCertificate = certificates.data?.find((c) => c.serial === serial);
  // Formats that read the document whole refuse others: said here rather than by the server after uploading.
  const misfits = files.filter((chosen) =>
    format === 'pades'
      ? chosen.kind !== 'pdf'
      : format === 'xades' && xadesMode === 'enveloped'
        ? chosen.kind !== 'xml'
        : false,
  );
  const busy = signing.busy || pending !== undefined || onDevice !== undefined;
  const signed = useCallback((operation: SigningOperation) => {
    setPending(undefined);
    setOnDevice(undefined);
    setCompleted(operation);
    setStage('done');
  }, []);
  const abandon = (abandoned: SigningOperation | undefined) => {
    setPending(undefined);
    setOnDevice(undefined);
    setStage(undefined);
    // Best effort: an operation left awaiting expires by itself in minutes anyway.
    if (abandoned) void cancelSigningOperation(abandoned.id).catch(() => undefined);
  };

  return (
    <>
      <PageTitle title={t('sign.title')} />
      <ProblemAlert error={certificates.error} onRetry={certificates.reload} />
      <div style={{ marginBottom: 16 }}>
        <Upload.Dragger
          multiple
          showUploadList={false}
          disabled={busy}
          beforeUpload={(file, batch) => {
            // Called once per file of a drop: the whole drop is read at its first file, so the files keep their order.
            if (file === batch[0]) void reading.run(batch);
            // Nothing is sent on drop: the files are read here and signed only when asked.
            return false;
          }}
          data-testid="sign-dropzone"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('sign.drop')}</p>
          <p className="ant-upload-hint">{t('sign.dropHint')}</p>
        </Upload.Dragger>
      </div>
      <ProblemAlert error={reading.error} />
      {files.length > 0 && (
        <section aria-label={t('sign.preview')} style={{ marginBottom: 16 }}>
          <Typography.Title level={2} style={{ fontSize: 18 }}>
            {t('sign.preview')}
          </Typography.Title>
          <Flex gap="middle" wrap align="flex-start">
            {files.map((chosen) => (
              <Card
                key={chosen.uid}
                size="small"
                title={chosen.file.name}
                style={{ width: 380 }}
                data-testid="sign-file"
                data-name={chosen.file.name}
                extra={
                  <Button
                    type="text"
                    size="small"
                    icon={<CloseOutlined />}
                    disabled={busy}
                    aria-label={t('sign.remove', { name: chosen.file.name })}
                    onClick={() => {
                      setFiles((previous) => previous.filter((other) => other.uid !== chosen.uid));
                    }}
                  />
                }
              >
                <FilePreview chosen={chosen} />
              </Card>
            ))}
          </Flex>
        </section>
      )}
      <Card>
        <Form<SignValues>
          form={form}
          layout="vertical"
          initialValues={FORMAT_DEFAULTS}
          disabled={busy}
          onFinish={(values) => void signing.run(values)}
        >
          <Form.Item
            name="certificate"
            label={t('sign.certificate')}
            rules={[{ required: true, message: t('sign.certificatePlaceholder') }]}
          >
            <Select
              placeholder={t('sign.certificatePlaceholder')}
              loading={certificates.loading}
              options={certificateOptions}
              style={{ maxWidth: 640 }}
              data-testid="sign-certificate"
              notFoundContent={t('sign.noCertificates')}
            />
          </Form.Item>
          {certificates.data?.length === 0 && (
            <Alert type="info" showIcon title={t('sign.noCertificates')} style={{ marginBottom: 16 }} />
          )}
          <FormatFields format={format} stamp={stamp} />
          {misfits.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="sign-misfits"
              title={t(format === 'pades' ? 'sign.needsPdf' : 'sign.needsXml', {
                names: misfits.map((chosen) => chosen.file.name).join(', '),
              })}
            />
          )}
          <ProblemAlert error={signing.error} />
          {stage && (
            <div style={{ marginBottom: 16 }} data-testid="sign-progress" data-stage={stage}>
              <Typography.Text>{t(`sign.stages.${stage}`)}</Typography.Text>
              <Progress
                percent={stage === 'uploading' ? uploaded : 100}
                status={stage === 'done' ? 'success' : 'active'}
                aria-label={t(`sign.stages.${stage}`)}
              />
            </div>
          )}
          <Space>
            <Button
              type="primary"
              htmlType="submit"
              loading={signing.busy}
              disabled={files.length === 0 || misfits.length > 0 || busy}
              data-testid="sign-submit"
            >
              {files.length > 1 ? t('sign.submitCount', { count: files.length }) : t('sign.submit')}
            </Button>
            <Button
              disabled={busy}
              onClick={() => {
                setFiles([]);
                setCompleted(undefined);
                setStage(undefined);
                signing.reset();
              }}
            >
              {t('sign.clear')}
            </Button>
          </Space>
        </Form>
      </Card>
      {completed && (
        <div style={{ marginTop: 16 }}>
          <SigningResults operation={completed} />
        </div>
      )}
      <PinDialog
        operation={pending}
        subject={chosenCertificate ? commonName(chosenCertificate.subject) : ''}
        onSigned={signed}
        onCancel={() => {
          abandon(pending);
        }}
      />
      <DeviceConfirmation
        operation={onDevice}
        operations={signingDeviceApi}
        onCompleted={signed}
        onCancel={() => {
          abandon(onDevice);
        }}
      />
    </>
  );
}
