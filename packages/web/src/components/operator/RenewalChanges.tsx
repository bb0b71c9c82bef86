import { formatSnils } from '@podpis/pki/labels';
import { Alert, Spin, Table } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';
import { ProblemAlert } from '../ProblemAlert';
import { useReadable } from '../readable';
import { useLoad } from '../useLoad';

type SubjectChange =
  paths['/api/v1/certificates/{serial}/renewal-preview']['get']['responses'][200]['content']['application/json']['changes'][number];

/**
 * What a renewal changes in the certificate: the server issues it for the
 * holder's registration data as it is now, so the operator sees, before
 * confirming, each field edited since the old certificate (old → new), or
 * that nothing was. A registration that no longer fits the profile is said
 * here too, before the PIN is typed. The renewal quotes the subject shown,
 * so data edited after this preview is refused rather than certified unseen.
 */
export function RenewalChanges({
  serial,
  reloadKey = 0,
  onSubject,
}: {
  serial: string;
  /** A new value asks the server again (after a renewal refused because the data changed meanwhile). */
  reloadKey?: number;
  /** The subject shown, which the renewal then quotes as the one the operator confirmed. */
  onSubject?: (subject: string | undefined) => void;
}) {
  const { t } = useTranslation('operator');
  const readable = useReadable();
  const preview = useLoad(
    () => call(api.GET('/api/v1/certificates/{serial}/renewal-preview', { params: { path: { serial } } })),
    [serial, reloadKey],
  );
  const subject = preview.data?.subject;
  useEffect(() => {
    onSubject?.(subject);
  }, [subject, onSubject]);
  if (preview.loading) return <Spin size="small" style={{ display: 'block', marginBottom: 16 }} />;
  if (preview.error !== undefined) return <ProblemAlert error={preview.error} onRetry={preview.reload} />;
  const changes = preview.data?.changes ?? [];
  if (changes.length === 0) {
    return (
      <Alert
        type="info"
        showIcon
        title={t('certificate.renewUnchanged')}
        style={{ marginBottom: 16 }}
        data-testid="renew-unchanged"
      />
    );
  }
  const empty = t('certificate.renewEmptyValue');
  const shown = (name: string, value: string | null | undefined): string =>
    value === null || value === undefined ? empty : name === 'snils' ? formatSnils(value) : value;
  return (
    <>
      <Alert type="warning" showIcon title={t('certificate.renewChanged')} style={{ marginBottom: 8 }} />
      <Table<SubjectChange>
        size="small"
        rowKey="type"
        pagination={false}
        dataSource={changes}
        style={{ marginBottom: 16 }}
        data-testid="renew-changes"
        columns={[
          {
            key: 'field',
            title: t('certificate.renewField'),
            render: (_value, change) => readable.attribute(change.name),
          },
          {
            key: 'from',
            title: t('certificate.renewFrom'),
            render: (_value, change) => shown(change.name, change.from),
          },
          {
            key: 'to',
            title: t('certificate.renewTo'),
            render: (_value, change) => <strong>{shown(change.name, change.to)}</strong>,
          },
        ]}
      />
    </>
  );
}
