import { Empty, Table, Typography, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { ProfileHistory as History } from '../../api/types';
import { formatDate } from '../CertificateDetailsView';
import { ProblemAlert } from '../ProblemAlert';
import { useLoad } from '../useLoad';
import { useActorName } from './actor';
import { isKind, PROFILE_FIELDS, type ProfileField } from './profile';
import { formatSnils } from '@podpis/pki/labels';

type Entry = History[number];

function isProfileField(name: string): name is ProfileField {
  return (PROFILE_FIELDS as readonly string[]).includes(name);
}

/** Who changed which registration field and when, newest first, each change as "was → became". */
export function ProfileHistory({ userId }: { userId: string }) {
  const { t } = useTranslation('operator');
  const actorName = useActorName();
  const { data, error, loading, reload } = useLoad(
    () => call(api.GET('/api/v1/users/{id}/history', { params: { path: { id: userId } } })),
    [userId],
  );

  const fieldName = (name: string) =>
    name === 'kind' ? t('field.kind') : isProfileField(name) ? t(`field.${name}`) : name;
  const shown = (name: string, value: string | null) => {
    if (value === null) return <Typography.Text type="secondary">{t('history.emptyValue')}</Typography.Text>;
    if (name === 'kind' && isKind(value)) return t(`kind.${value}`);
    return name === 'snils' ? formatSnils(value) : value;
  };

  const columns: TableProps<Entry>['columns'] = [
    { key: 'when', title: t('history.when'), render: (_, entry) => formatDate(entry.changedAt), width: 160 },
    {
      key: 'who',
      title: t('history.who'),
      width: 200,
      render: (_, entry) => (
        <span title={entry.changedBy}>{actorName(entry.changedBy, entry.changedByName)}</span>
      ),
    },
    {
      key: 'what',
      title: t('history.what'),
      render: (_, entry) => (
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {Object.entries(entry.changes).map(([name, change]) => (
            <li key={name}>
              <Typography.Text strong>{fieldName(name)}</Typography.Text>: {shown(name, change.from)} →{' '}
              {shown(name, change.to)}
            </li>
          ))}
        </ul>
      ),
    },
    { key: 'version', title: t('history.version'), dataIndex: 'version', width: 90 },
  ];

  return (
    <>
      <ProblemAlert error={error} onRetry={reload} />
      <Table<Entry>
        rowKey="version"
        columns={columns}
        dataSource={data ?? []}
        loading={loading}
        pagination={false}
        scroll={{ x: 720 }}
        locale={{ emptyText: <Empty description={t('history.empty')} /> }}
        data-testid="profile-history"
      />
    </>
  );
}
