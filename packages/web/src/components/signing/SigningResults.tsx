import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Progress, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../ProblemAlert';
import { useSubmit } from '../useSubmit';
import { resultFileName, saveBlob } from './files';
import { signingResult, type SigningOperation } from './signingApi';

/** The signatures of a completed operation, one row per document, each downloaded under a name beside its document's. */
export function SigningResults({ operation }: { operation: SigningOperation }) {
  const { t } = useTranslation('signing');
  const [fetched, setFetched] = useState<number>();
  const download = async (index: number) => {
    const document = operation.documents[index];
    if (!document) return;
    const { blob, extension } = await signingResult(operation.id, index);
    saveBlob(blob, resultFileName(document.name, extension));
  };
  const one = useSubmit(download);
  const all = useSubmit(async () => {
    setFetched(0);
    // One at a time: a batch of large attached signatures would otherwise all stream at once.
    for (const index of operation.documents.keys()) {
      await download(index);
      setFetched(index + 1);
    }
  });
  const total = operation.documents.length;
  return (
    <Card
      title={t('sign.resultsDone', { count: total })}
      data-testid="sign-results"
      extra={
        total > 1 && (
          <Button icon={<DownloadOutlined />} loading={all.busy} onClick={() => void all.run()}>
            {t('sign.downloadAll')}
          </Button>
        )
      }
    >
      <ProblemAlert error={one.error ?? all.error} />
      {fetched !== undefined && total > 1 && (
        <Progress percent={Math.round((fetched * 100) / total)} aria-label={t('sign.downloadAll')} />
      )}
      <Table
        rowKey="index"
        size="small"
        pagination={false}
        dataSource={operation.documents.map((document, index) => ({ ...document, index }))}
        columns={[
          { key: 'name', title: t('sign.document'), dataIndex: 'name' },
          {
            key: 'download',
            title: t('sign.signature'),
            render: (_value, row) => (
              <Space>
                <Button
                  icon={<DownloadOutlined />}
                  onClick={() => void one.run(row.index)}
                  data-testid={`sign-download-${String(row.index)}`}
                  aria-label={`${t('sign.download')} ${row.name}`}
                >
                  {t('sign.download')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
