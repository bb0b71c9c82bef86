import { Alert, Button, Card, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import type { DirectoryComparison, User } from '../../api/types';
import { ProblemAlert } from '../ProblemAlert';
import { ToneTag } from '../ToneTag';
import { useLoad } from '../useLoad';
import { useSubmit } from '../useSubmit';

type Difference = DirectoryComparison['differences'][number];

/**
 * The user's link to a company directory entry: read now and compared with
 * the registration data — a «directory changed» badge with the differing
 * fields and a re-sync that takes the directory's values (an ordinary,
 * versioned edit, kept in the history and the audit log). Nothing is shown
 * for a user registered without a directory.
 */
export function DirectoryLinkCard({ user, onChanged }: { user: User; onChanged: () => void }) {
  const { t } = useTranslation('directory');
  const { t: to } = useTranslation('operator');
  const [synced, setSynced] = useState<number>();
  const { data, error, reload, loading } = useLoad(
    () => call(api.GET('/api/v1/users/{id}/directory', { params: { path: { id: user.id } } })),
    [user.id, user.version],
  );
  const sync = useSubmit(async () => {
    const answer = await call(
      api.POST('/api/v1/users/{id}/directory/sync', {
        params: { path: { id: user.id } },
        body: { version: user.version },
      }),
    );
    setSynced(answer.applied.length);
    onChanged();
  });
  if (error instanceof ApiProblem && error.code === 'DIRECTORY_NOT_LINKED') return null;
  const changed = (data?.differences.length ?? 0) > 0;
  return (
    <Card
      size="small"
      title={
        <Space>
          {t('link.title')}
          {data &&
            (changed ? (
              <ToneTag tone="orange" data-testid="directory-changed">
                {t('link.changed')}
              </ToneTag>
            ) : (
              <ToneTag tone="green" data-testid="directory-in-step">
                {t('link.inStep')}
              </ToneTag>
            ))}
        </Space>
      }
      extra={
        <Button size="small" loading={loading} onClick={reload}>
          {t('link.check')}
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <ProblemAlert error={error} />
        {data && (
          <Typography.Text type="secondary">
            {t('link.entry', { dn: data.dn, directory: data.directoryName })}
          </Typography.Text>
        )}
        {synced !== undefined && (
          <Alert type="success" showIcon title={t('link.synced', { count: synced })} />
        )}
        {data && changed && (
          <>
            <Table<Difference>
              size="small"
              rowKey="field"
              pagination={false}
              dataSource={data.differences}
              data-testid="directory-differences"
              columns={[
                {
                  title: t('link.field'),
                  key: 'field',
                  render: (_, d) => to(`field.${d.field}` as 'field.surname'),
                },
                { title: t('link.registered'), key: 'registered', render: (_, d) => d.registered ?? '—' },
                { title: t('link.directory'), key: 'directory', render: (_, d) => d.directory ?? '—' },
              ]}
            />
            <ProblemAlert error={sync.error} />
            <Button
              type="primary"
              loading={sync.busy}
              onClick={() => void sync.run()}
              data-testid="directory-sync"
            >
              {t('link.sync')}
            </Button>
          </>
        )}
      </Space>
    </Card>
  );
}
