import { InboxOutlined } from '@ant-design/icons';
import { Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { MAX_FILE_BYTES, sizeParts } from './files';

/** A size in bytes, KiB or MiB, in the page's language. */
export function useFormatSize(): (bytes: number) => string {
  const { t } = useTranslation('crypto');
  return (bytes) => {
    const { unit, value } = sizeParts(bytes);
    return t(`units.${unit}`, { value });
  };
}

/** What is wrong with the chosen file for the API, if anything: none chosen, or too large for one request. */
export function useFileProblem(): (file: File | undefined) => string | undefined {
  const { t } = useTranslation('crypto');
  return (file) => {
    if (!file) return t('file.required');
    if (file.size > MAX_FILE_BYTES) return t('file.tooLarge', { limit: MAX_FILE_BYTES / 2 ** 20 });
    return undefined;
  };
}

/**
 * One file chosen by dropping or clicking; it stays in the browser until
 * the page sends it (antd's upload never runs: beforeUpload keeps it).
 */
export function FileDrop({
  file,
  onChange,
  accept,
  testId,
}: {
  file: File | undefined;
  onChange: (file: File) => void;
  accept?: string;
  testId: string;
}) {
  const { t } = useTranslation('crypto');
  const formatSize = useFormatSize();
  return (
    <Upload.Dragger
      multiple={false}
      showUploadList={false}
      {...(accept ? { accept } : {})}
      beforeUpload={(chosen) => {
        onChange(chosen);
        return false;
      }}
      data-testid={testId}
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">{t('file.drop')}</p>
      {file && (
        <Typography.Text strong data-testid={`${testId}-chosen`}>
          {t('file.chosen', { name: file.name, size: formatSize(file.size) })}
        </Typography.Text>
      )}
    </Upload.Dragger>
  );
}
