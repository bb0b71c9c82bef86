import { Descriptions, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AuditPage } from '../../api/types';
import { subjectOwner } from '../cabinet/commonName';
import { auditHistoryPath, formatDateTimeSeconds, useReadable } from '../readable';

export type AuditRecord = AuditPage['items'][number];

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Details that name an account by its id: linked to the account's history in the log. */
const ACCOUNT_KEYS = new Set(['account', 'accountId', 'by', 'startedBy', 'operator']);
/** Details that hold a subject in the API's one-line form. */
const SUBJECT_KEYS = new Set(['subject', 'subjectText']);

/** One detail's value in words: times in the reader's zone, yes/no, reasons and subjects readable, accounts linked. */
function DetailValue({ name, value }: { name: string; value: unknown }) {
  const { t } = useTranslation('admin');
  const readable = useReadable();
  if (value === null || value === undefined || value === '') return <>—</>;
  if (typeof value === 'boolean') return <>{t(value ? 'audit.yes' : 'audit.no')}</>;
  if (typeof value === 'number') return <>{String(value)}</>;
  if (typeof value === 'string') {
    if (ISO_TIME.test(value)) return <>{formatDateTimeSeconds(value)}</>;
    if (name === 'reason') return <>{readable.revocationReason(value)}</>;
    if (SUBJECT_KEYS.has(name) && value.includes('='))
      return (
        <Tooltip title={value}>
          <span>{subjectOwner(value)}</span>
        </Tooltip>
      );
    if (ACCOUNT_KEYS.has(name) && UUID.test(value))
      return (
        <Tooltip title={`account:${value}`}>
          <Link to={auditHistoryPath(`account:${value}`)}>
            {t('audit.targetKind.account')} {value.slice(0, 8)}…
          </Link>
        </Tooltip>
      );
    return <>{value}</>;
  }
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item !== 'object' || item === null))
      return <>{value.map((item) => String(item)).join(', ') || '—'}</>;
    return (
      <>
        {(value as unknown[]).map((item, index) => (
          <DetailValue key={index} name={name} value={item} />
        ))}
      </>
    );
  }
  if (typeof value === 'object') return <AuditDetailsList details={value as Record<string, unknown>} />;
  return <>{JSON.stringify(value)}</>;
}

/** An audit record's details as «name: value» lines in the reader's language; a name the office does not know stays as recorded. */
export function AuditDetailsList({ details }: { details: Record<string, unknown> }) {
  const { t } = useTranslation('admin');
  return (
    <dl className="field-list">
      {Object.entries(details).map(([name, value]) => (
        <div key={name}>
          <dt>{t(`audit.detailKeys.${name}` as 'audit.detailKeys.reason', { defaultValue: name })}</dt>
          <dd>
            <DetailValue name={name} value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * What an expanded audit row shows: the record's details in words (the
 * recorded JSON one click away, for whoever compares it with an export),
 * its request and its chain hash.
 */
export function AuditRecordDetails({ record }: { record: AuditRecord }) {
  const { t } = useTranslation('admin');
  const empty = Object.keys(record.details).length === 0;
  return (
    <Descriptions bordered column={1} size="small" styles={{ label: { width: 160 } }}>
      <Descriptions.Item label={t('audit.details')}>
        {empty ? (
          '—'
        ) : (
          <div data-testid="audit-details">
            <AuditDetailsList details={record.details} />
            <details>
              <summary>{t('audit.asRecorded')}</summary>
              <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontSize: 13 }}>
                {JSON.stringify(record.details, null, 2)}
              </pre>
            </details>
          </div>
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
