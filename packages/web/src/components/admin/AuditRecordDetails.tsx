import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditPage } from '../../api/types';

export type AuditRecord = AuditPage['items'][number];

/** What an expanded audit row shows: the record's details as indented JSON, its request and its chain hash. */
export function AuditRecordDetails({ record }: { record: AuditRecord }) {
  const { t } = useTranslation('admin');
  const empty = Object.keys(record.details).length === 0;
  return (
    <Descriptions bordered column={1} size="small" styles={{ label: { width: 160 } }}>
      <Descriptions.Item label={t('audit.details')}>
        {empty ? (
          '—'
        ) : (
          <pre
            data-testid="audit-details"
            style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontSize: 13 }}
          >
            {JSON.stringify(record.details, null, 2)}
          </pre>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('audit.requestId')}>{record.requestId ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('audit.hash')}>
        <Typography.Text code style={{ wordBreak: 'break-all' }}>
          {record.hash}
        </Typography.Text>
      </Descriptions.Item>
    </Descriptions>
  );
}
