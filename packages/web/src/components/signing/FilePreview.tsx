import { Alert, Descriptions, Image, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { decodeText, formatSize, TEXT_PREVIEW_BYTES, type FileKind } from './files';
import { PdfPreview } from './PdfPreview';
import { prettyXml } from './xml';

/** A file chosen for signing, read once: its bytes (only the head of a very large one), kind and digest. */
export interface ChosenFile {
  uid: string;
  file: File;
  bytes: Uint8Array<ArrayBuffer>;
  /** `bytes` is the whole file. */
  whole: boolean;
  kind: FileKind;
  /** Undefined for a file too large to hash in the page (the server hashes it as it is uploaded). */
  sha256: string | undefined;
  /** The Streebog-256 digest and the path that made it; undefined as sha256 is. */
  streebog256: { digest: string; implementation: string | undefined } | undefined;
}

const preStyle = {
  maxHeight: 320,
  overflow: 'auto',
  background: '#fafafa',
  border: '1px solid #f0f0f0',
  padding: 12,
  margin: 0,
  fontSize: 12,
  whiteSpace: 'pre-wrap',
  wordBreak: 'break-word',
} as const;

function TextPreview({ bytes, xml }: { bytes: Uint8Array; xml: boolean }) {
  const { t } = useTranslation('signing');
  const truncated = bytes.length > TEXT_PREVIEW_BYTES;
  const text = decodeText(bytes.subarray(0, TEXT_PREVIEW_BYTES)) ?? '';
  // A cut XML file is not well-formed: it is shown as it is.
  const shown = xml && !truncated ? (prettyXml(text) ?? text) : text;
  return (
    <>
      {truncated && <Typography.Text type="secondary">{t('sign.previewTruncated')}</Typography.Text>}
      <pre style={preStyle} data-testid={xml ? 'preview-xml' : 'preview-text'} tabIndex={0}>
        {shown}
      </pre>
    </>
  );
}

/** An image through a data: URL: the office's CSP allows data: images, not blob: ones. */
function ImagePreview({ file, name }: { file: File; name: string }) {
  const [url, setUrl] = useState<string>();
  const [failed, setFailed] = useState(false);
  const { t } = useTranslation('signing');
  useEffect(() => {
    const reader = new FileReader();
    reader.onload = () => {
      if (typeof reader.result === 'string') setUrl(reader.result);
    };
    reader.onerror = () => {
      setFailed(true);
    };
    reader.readAsDataURL(file);
    return () => {
      reader.abort();
    };
  }, [file]);
  if (failed) return <Alert type="warning" showIcon title={t('sign.previewFailed')} />;
  return url ? <Image src={url} alt={name} width={320} data-testid="preview-image" /> : null;
}

/** What will be signed, shown before signing: the document's pages or text, and always its size and digest. */
export function FilePreview({ chosen }: { chosen: ChosenFile }) {
  const { t, i18n } = useTranslation('signing');
  const { file, bytes, kind } = chosen;
  return (
    <>
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'kind', label: t('sign.kind.binary'), children: `${file.name} · ${t(`sign.kind.${kind}`)}` },
          { key: 'size', label: t('sign.size'), children: formatSize(file.size, i18n.language) },
          {
            key: 'sha256',
            label: t('sign.sha256'),
            children: chosen.sha256 ? (
              <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="preview-sha256">
                {chosen.sha256}
              </Typography.Text>
            ) : (
              '—'
            ),
          },
          {
            key: 'streebog256',
            label: (
              <Tooltip title={t('sign.streebog256Hint')}>
                <span>{t('sign.streebog256')}</span>
              </Tooltip>
            ),
            children: chosen.streebog256 ? (
              <Typography.Text
                code
                copyable
                style={{ wordBreak: 'break-all' }}
                data-testid="preview-streebog256"
                data-implementation={chosen.streebog256.implementation}
              >
                {chosen.streebog256.digest}
              </Typography.Text>
            ) : (
              '—'
            ),
          },
        ]}
      />
      {kind === 'pdf' && chosen.whole && <PdfPreview name={file.name} bytes={bytes} />}
      {(kind === 'text' || kind === 'xml') && <TextPreview bytes={bytes} xml={kind === 'xml'} />}
      {kind === 'image' && <ImagePreview file={file} name={file.name} />}
    </>
  );
}
