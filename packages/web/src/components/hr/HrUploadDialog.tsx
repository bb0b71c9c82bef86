import { InboxOutlined } from '@ant-design/icons';
import { Alert, Checkbox, Col, Modal, Row, Select, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { csrf } from '../../api/client';
import { ApiProblem, toProblem } from '../../api/problem';
import type { BulkJob, HrSource } from '../../api/types';
import { useFormatSize } from '../crypto/FileDrop';
import { ProblemAlert } from '../ProblemAlert';
import { useSubmit } from '../useSubmit';
import { ENCODINGS } from './HrSourceDialog';

/** The server's limit for an export (MAX_HR_FILE_BYTES): checked here first, so a large file is not sent in vain. */
export const MAX_HR_FILE_MIB = 32;
const FORMATS = ['auto', 'csv', 'json'] as const;

/**
 * Sends an export as its bytes (the server detects the encoding, so nothing
 * here decodes it) and answers the queued job.
 */
async function uploadExport(
  source: string,
  file: File,
  options: { full: boolean; format: string; encoding: string },
): Promise<BulkJob> {
  const query = new URLSearchParams({ name: file.name, format: options.format, encoding: options.encoding });
  if (options.full) query.set('full', 'true');
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    // A script's request, not a cross-site form's (see api/client.ts).
    'x-requested-with': 'podpis',
  };
  const token = csrf.get();
  if (token !== null) headers['x-csrf-token'] = token;
  let response: Response;
  try {
    response = await fetch(`/api/v1/hr/sources/${encodeURIComponent(source)}/imports?${query.toString()}`, {
      method: 'POST',
      headers,
      body: file,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiProblem(0, 'NETWORK_ERROR', 'the server did not answer');
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.status !== 202) throw toProblem(response.status, body);
  return body as BulkJob;
}

/** The columns a mapping names that the file lacks, from an HR_MAPPING_INVALID answer. */
function missingColumns(error: unknown): { columns: string; found: string } | undefined {
  if (!(error instanceof ApiProblem) || error.code !== 'HR_MAPPING_INVALID') return undefined;
  const { missingColumns: missing, columns } = error.extensions;
  if (!Array.isArray(missing)) return undefined;
  return { columns: missing.join(', '), found: Array.isArray(columns) ? columns.join(', ') : '' };
}

/** Uploads an export for a source (drag and drop, size limit shown) and opens the import's job page. */
export function HrUploadDialog({ source, onClose }: { source: HrSource | undefined; onClose: () => void }) {
  const { t } = useTranslation('hr');
  const formatSize = useFormatSize();
  const navigate = useNavigate();
  const [file, setFile] = useState<File>();
  const [full, setFull] = useState(false);
  const [format, setFormat] = useState<(typeof FORMATS)[number]>('auto');
  const [encoding, setEncoding] = useState<(typeof ENCODINGS)[number]>('auto');
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    setFile(undefined);
    setFull(false);
    setFormat('auto');
    setEncoding(source?.encoding ?? 'auto');
    setProblem(undefined);
  }, [source]);
  const start = useSubmit(async () => {
    if (!source) return;
    if (!file) {
      setProblem(t('uploadDialog.noFile'));
      return;
    }
    if (file.size > MAX_HR_FILE_MIB * 2 ** 20) return;
    const job = await uploadExport(source.id, file, { full, format, encoding });
    void navigate(`/bulk-jobs/${job.id}`);
  });
  const missing = missingColumns(start.error);
  return (
    <Modal
      open={source !== undefined}
      title={source ? t('uploadDialog.title', { id: source.id }) : ''}
      okText={t('uploadDialog.start')}
      cancelText={t('cancel', { ns: 'common' })}
      okButtonProps={{ 'data-testid': 'hr-upload-start', disabled: file === undefined }}
      confirmLoading={start.busy}
      onOk={() => void start.run()}
      onCancel={() => {
        start.reset();
        onClose();
      }}
      width={720}
      destroyOnHidden
    >
      {missing ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={t('uploadDialog.missingColumns', missing)}
        />
      ) : (
        <ProblemAlert error={start.error} />
      )}
      <Upload.Dragger
        multiple={false}
        showUploadList={false}
        accept=".csv,.txt,.json,text/csv,application/json"
        beforeUpload={(chosen) => {
          setFile(chosen);
          setProblem(
            chosen.size > MAX_HR_FILE_MIB * 2 ** 20
              ? t('uploadDialog.tooLarge', { size: MAX_HR_FILE_MIB })
              : undefined,
          );
          start.reset();
          return false;
        }}
        data-testid="hr-upload-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('uploadDialog.drop')}</p>
        <p className="ant-upload-hint">{t('uploadDialog.limit', { size: MAX_HR_FILE_MIB })}</p>
        {file && (
          <Typography.Text strong data-testid="hr-upload-chosen">
            {t('uploadDialog.chosen', { name: file.name, size: formatSize(file.size) })}
          </Typography.Text>
        )}
      </Upload.Dragger>
      {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col xs={24} md={12}>
          <label htmlFor="hr-upload-format">{t('uploadDialog.format')}</label>
          <Select
            id="hr-upload-format"
            style={{ width: '100%' }}
            value={format}
            onChange={setFormat}
            options={FORMATS.map((value) => ({ value, label: t(`format.${value}`) }))}
          />
        </Col>
        <Col xs={24} md={12}>
          <label htmlFor="hr-upload-encoding">{t('uploadDialog.encoding')}</label>
          <Select
            id="hr-upload-encoding"
            style={{ width: '100%' }}
            value={encoding}
            onChange={setEncoding}
            options={ENCODINGS.map((value) => ({ value, label: t(`encoding.${value}`) }))}
          />
        </Col>
      </Row>
      <div style={{ marginTop: 16 }}>
        <Checkbox
          checked={full}
          disabled={!source?.markLeavers}
          onChange={(event) => {
            setFull(event.target.checked);
          }}
          data-testid="hr-upload-full"
        >
          {t('uploadDialog.full')}
        </Checkbox>
        <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>
          {source?.markLeavers ? t('uploadDialog.fullHint') : t('uploadDialog.fullOff')}
        </Typography.Paragraph>
      </div>
    </Modal>
  );
}
