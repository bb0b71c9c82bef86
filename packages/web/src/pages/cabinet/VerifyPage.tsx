import { FilePdfOutlined, InboxOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Space, Typography, Upload } from 'antd';
import type { RcFile } from 'antd/es/upload';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatSize, saveBlob } from '../../components/signing/files';
import {
  verificationPdf,
  verify,
  type VerificationInput,
  type VerificationReport,
} from '../../components/signing/signingApi';
import { VerificationReportView } from '../../components/signing/VerificationReportView';
import { useSubmit } from '../../components/useSubmit';

/** One file dropped on a zone, shown by name and size, replaced by the next drop. */
function DropZone({
  label,
  file,
  onFile,
  testId,
}: {
  label: string;
  file: File | undefined;
  onFile: (file: File) => void;
  testId: string;
}) {
  const { t, i18n } = useTranslation('signing');
  return (
    <Upload.Dragger
      maxCount={1}
      showUploadList={false}
      beforeUpload={(dropped: RcFile) => {
        onFile(dropped);
        return false;
      }}
      data-testid={testId}
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">{label}</p>
      <p className="ant-upload-hint">
        {file ? `${file.name} · ${formatSize(file.size, i18n.language)}` : t('verify.dropHint')}
      </p>
    </Upload.Dragger>
  );
}

/**
 * Checks a signature made here or anywhere else (issue #11 point 5): a
 * signature file with its document when detached, or a signed PDF or XML
 * alone; the server finds the format. The report is shown, and the same
 * report is downloadable as a PDF in the office's language.
 */
export function VerifyPage() {
  const { t, i18n } = useTranslation('signing');
  const [signed, setSigned] = useState<File>();
  const [content, setContent] = useState<File>();
  const [checked, setChecked] = useState<{ input: VerificationInput; report: VerificationReport }>();

  const inputOf = async (): Promise<VerificationInput> => {
    if (!signed) return {};
    const bytes = new Uint8Array(await signed.arrayBuffer());
    // Alone it is the signed document (PDF, XML, attached CMS); with content it is the detached signature.
    if (!content) return { document: bytes };
    return { signature: bytes, document: new Uint8Array(await content.arrayBuffer()) };
  };
  const verification = useSubmit(async () => {
    setChecked(undefined);
    const input = await inputOf();
    setChecked({ input, report: await verify(input) });
  });
  const pdf = useSubmit(async () => {
    if (!checked) return;
    const blob = await verificationPdf(checked.input, i18n.language === 'en' ? 'en' : 'ru');
    saveBlob(blob, i18n.language === 'en' ? 'verification-report.pdf' : 'protokol-proverki.pdf');
  });
  const changed = () => {
    setChecked(undefined);
    verification.reset();
    pdf.reset();
  };

  return (
    <>
      <PageTitle title={t('verify.title')} />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} md={12}>
          <DropZone
            label={t('verify.signatureDrop')}
            file={signed}
            testId="verify-signature-drop"
            onFile={(file) => {
              setSigned(file);
              changed();
            }}
          />
        </Col>
        <Col xs={24} md={12}>
          <DropZone
            label={t('verify.contentDrop')}
            file={content}
            testId="verify-content-drop"
            onFile={(file) => {
              setContent(file);
              changed();
            }}
          />
        </Col>
      </Row>
      <Space style={{ marginBottom: 16 }}>
        <Button
          type="primary"
          disabled={!signed}
          loading={verification.busy}
          onClick={() => void verification.run()}
          data-testid="verify-submit"
        >
          {t('verify.submit')}
        </Button>
        <Button
          onClick={() => {
            setSigned(undefined);
            setContent(undefined);
            changed();
          }}
        >
          {t('verify.clear')}
        </Button>
      </Space>
      <ProblemAlert error={verification.error} />
      {checked && (
        <Card
          extra={
            <Button
              icon={<FilePdfOutlined />}
              loading={pdf.busy}
              onClick={() => void pdf.run()}
              data-testid="verify-pdf"
            >
              {t('verify.downloadPdf')}
            </Button>
          }
          title={<Typography.Text>{signed?.name}</Typography.Text>}
        >
          <ProblemAlert error={pdf.error} />
          <VerificationReportView report={checked.report} detached={checked.input.signature !== undefined} />
        </Card>
      )}
    </>
  );
}
