import { Alert, Button, Card, Input, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { DirectoryEntry } from '../../api/types';
import { ProblemAlert } from '../ProblemAlert';
import { useSubmit } from '../useSubmit';

/** The entry the form was filled from: the registration sends it so the user keeps the link. */
export interface DirectoryLink {
  directoryId: string;
  externalId: string;
  dn: string;
  directoryName: string;
}

const fullName = (entry: DirectoryEntry) =>
  [entry.values.surname, entry.values.name, entry.values.patronymic].filter(Boolean).join(' ');

/**
 * The registration form's search of the company directories: by login,
 * e-mail, employee id or name (Cyrillic as typed); «Fill the form» hands the
 * entry's mapped values to the form and remembers the link.
 */
export function DirectorySearch({
  onFill,
  link,
  onUnlink,
}: {
  onFill: (entry: DirectoryEntry) => void;
  link: DirectoryLink | undefined;
  onUnlink: () => void;
}) {
  const { t } = useTranslation('directory');
  const [found, setFound] = useState<DirectoryEntry[]>();
  const search = useSubmit(async (q: string) => {
    setFound(
      await call(api.GET('/api/v1/directory/search', { params: { query: { q: q.trim(), limit: '20' } } })),
    );
  });
  return (
    <Card size="small" title={t('search.title')} style={{ marginBottom: 16 }}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Input.Search
          placeholder={t('search.placeholder')}
          aria-label={t('search.title')}
          enterButton={t('search.button')}
          loading={search.busy}
          data-testid="directory-search"
          onSearch={(q) => {
            if (q.trim().length >= 2) void search.run(q);
          }}
        />
        <ProblemAlert error={search.error} />
        {link && (
          <Alert
            type="success"
            showIcon
            data-testid="directory-linked"
            title={t('search.filled', { dn: link.dn, directory: link.directoryName })}
            action={
              <Button size="small" onClick={onUnlink}>
                {t('search.unlink')}
              </Button>
            }
          />
        )}
        {found && (
          <Table<DirectoryEntry>
            size="small"
            rowKey={(entry) => `${entry.directoryId}/${entry.externalId}`}
            dataSource={found}
            pagination={false}
            locale={{ emptyText: t('search.none') }}
            data-testid="directory-results"
            columns={[
              { title: t('search.column.name'), key: 'name', render: (_, entry) => fullName(entry) },
              { title: t('search.column.login'), key: 'login', render: (_, entry) => entry.values.login },
              { title: t('search.column.email'), key: 'email', render: (_, entry) => entry.values.email },
              {
                title: t('search.column.employeeId'),
                key: 'employeeId',
                render: (_, entry) => entry.values.employeeId,
              },
              {
                title: t('search.column.department'),
                key: 'department',
                render: (_, entry) => entry.values.department ?? entry.values.organizationalUnitName,
              },
              {
                title: '',
                key: 'fill',
                render: (_, entry) => (
                  <Button
                    size="small"
                    type="primary"
                    aria-label={`${t('search.fill')}: ${fullName(entry)}`}
                    onClick={() => {
                      onFill(entry);
                      setFound(undefined);
                    }}
                  >
                    {t('search.fill')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Space>
    </Card>
  );
}
