import { FileTextOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Descriptions, Drawer, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate, groupedHex } from '../CertificateDetailsView';
import { useFormatSize } from './FileDrop';
import { OperationStatusBadge } from './OperationStatusBadge';
import { ConfirmationMethodName, DigestAlgorithmName, OperationParameters } from './OperationParameters';
import type { SigningOperation } from './types';

type Document = SigningOperation['documents'][number];

/**
 * One signing operation in full: its documents (names, sizes, digests)
 * and, for its holder, the evidence package and its PDF summary as plain
 * links (the browser's own download, with the session cookie).
 */
export function OperationDrawer({
  operation,
  withEvidence,
  onClose,
}: {
  operation: SigningOperation | undefined;
  withEvidence: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation('crypto');
  const formatSize = useFormatSize();
  const base = operation ? `/api/v1/signing-operations/${operation.id}` : '';
  return (
    <Drawer
      open={operation !== undefined}
      onClose={onClose}
      size="large"
      title={operation ? t('operation.title', { id: operation.id.slice(0, 8) }) : ''}
      data-testid="operation-drawer"
    >
      {operation && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('operation.id')}>
              <Typography.Text code copyable>
                {operation.id}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('history.status')}>
              <OperationStatusBadge status={operation.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('history.format')}>
              {t(`history.formats.${operation.format}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('history.certificate')}>
              <Typography.Text code>{groupedHex(operation.certificate)}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('operation.createdAt')}>
              {formatDate(operation.createdAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('operation.expiresAt')}>
              {formatDate(operation.expiresAt)}
            </Descriptions.Item>
            {operation.confirmedAt && (
              <Descriptions.Item label={t('operation.confirmedAt')}>
                {formatDate(operation.confirmedAt)}
              </Descriptions.Item>
            )}
            {operation.confirmationMethod && (
              <Descriptions.Item label={t('operation.confirmationMethod')}>
                <ConfirmationMethodName method={operation.confirmationMethod} />
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('operation.parameters')}>
              <OperationParameters parameters={operation.parameters} />
            </Descriptions.Item>
          </Descriptions>
          <div>
            <Typography.Title level={2} style={{ fontSize: 16 }}>
              {t('operation.documents')}
            </Typography.Title>
            <Table<Document>
              rowKey={(_document, index) => String(index)}
              dataSource={operation.documents}
              pagination={false}
              size="small"
              // The drawer is narrow: long names and digests wrap instead of widening the table.
              tableLayout="auto"
              scroll={{ x: 560 }}
              data-testid="operation-documents"
              columns={[
                { key: 'name', title: t('operation.name'), dataIndex: 'name' },
                {
                  key: 'size',
                  title: t('operation.size'),
                  render: (_value, document) =>
                    document.size === undefined ? '—' : formatSize(document.size),
                },
                {
                  key: 'digest',
                  title: t('operation.digest'),
                  render: (_value, document) => (
                    <Typography.Text
                      code
                      copyable={{ text: document.digest }}
                      style={{ wordBreak: 'break-all' }}
                    >
                      {document.digest}
                    </Typography.Text>
                  ),
                },
                {
                  key: 'algorithm',
                  title: t('operation.digestAlgorithm'),
                  render: (_value, document) => <DigestAlgorithmName oid={document.digestAlgorithm} />,
                },
              ]}
            />
          </div>
          {withEvidence && (
            <div>
              <Typography.Title level={2} style={{ fontSize: 16 }}>
                {t('operation.evidence')}
              </Typography.Title>
              <Typography.Paragraph>{t('operation.evidenceHint')}</Typography.Paragraph>
              <Space wrap>
                <a href={`${base}/evidence`} download data-testid="evidence-json">
                  <FileTextOutlined /> {t('operation.evidenceJson')}
                </a>
                <a
                  href={`${base}/evidence.pdf?lang=${i18n.language === 'en' ? 'en' : 'ru'}`}
                  download
                  data-testid="evidence-pdf"
                >
                  <FilePdfOutlined /> {t('operation.evidencePdf')}
                </a>
              </Space>
            </div>
          )}
        </Space>
      )}
    </Drawer>
  );
}
