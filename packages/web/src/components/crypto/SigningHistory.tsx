import { ClearOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, DatePicker, Empty, Form, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { commonName } from '../cabinet/commonName';
import { formatDate, groupedHex } from '../CertificateDetailsView';
import { ProblemAlert } from '../ProblemAlert';
import { useLoad } from '../useLoad';
import { OperationDrawer } from './OperationDrawer';
import { OperationStatusBadge } from './OperationStatusBadge';
import type { SigningFormat, SigningHistoryQuery, SigningOperation, SigningStatus } from './types';

const STATUSES: readonly SigningStatus[] = [
  'completed',
  'awaiting_confirmation',
  'failed',
  'cancelled',
  'expired',
];
const FORMATS: readonly SigningFormat[] = ['cades', 'xades', 'pades', 'raw'];
const PAGE_SIZE = 20;

/** Whose history: the signed-in user's own, or (for an operator, read-only) a user's. */
export type HistorySource = { kind: 'mine' } | { kind: 'user'; userId: string };

interface Filters {
  status?: SigningStatus;
  format?: SigningFormat;
  certificate?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
}

/** The filters as both endpoints take them; the period's end day counts whole (`to` is exclusive). */
function queryOf(filters: Filters, page: number): SigningHistoryQuery {
  const [from, to] = filters.period ?? [null, null];
  return {
    limit: String(PAGE_SIZE),
    offset: String((page - 1) * PAGE_SIZE),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.format ? { format: filters.format } : {}),
    ...(filters.certificate ? { certificate: filters.certificate } : {}),
    ...(from ? { from: from.startOf('day').toISOString() } : {}),
    ...(to ? { to: to.add(1, 'day').startOf('day').toISOString() } : {}),
  };
}

function loadHistory(source: HistorySource, query: SigningHistoryQuery) {
  return source.kind === 'mine'
    ? call(api.GET('/api/v1/signing-operations', { params: { query } }))
    : call(
        api.GET('/api/v1/users/{id}/signing-operations', { params: { path: { id: source.userId }, query } }),
      );
}

function loadCertificates(source: HistorySource) {
  return source.kind === 'mine'
    ? call(api.GET('/api/v1/me/certificates'))
    : call(api.GET('/api/v1/users/{id}/certificates', { params: { path: { id: source.userId } } }));
}

/**
 * Signing operations in a table with the filters the API has, a badge per
 * status and a drawer with the documents. The holder's view offers the
 * evidence downloads; the operator's is read-only: nothing but viewing.
 */
export function SigningHistory({ source }: { source: HistorySource }) {
  const { t } = useTranslation('crypto');
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [opened, setOpened] = useState<SigningOperation>();
  const key = source.kind === 'mine' ? 'mine' : source.userId;
  const history = useLoad(() => loadHistory(source, queryOf(filters, page)), [key, filters, page]);
  const certificates = useLoad(() => loadCertificates(source), [key]);
  const holder = source.kind === 'mine';

  return (
    <>
      <Form<Filters>
        form={form}
        layout="vertical"
        onFinish={(values) => {
          setFilters(values);
          setPage(1);
        }}
        data-testid="history-filters"
        style={{
          display: 'grid',
          gap: '0 16px',
          gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))',
        }}
      >
        <Form.Item name="status" label={t('history.filters.status')}>
          <Select
            allowClear
            placeholder={t('history.filters.any')}
            options={STATUSES.map((status) => ({ value: status, label: t(`history.statuses.${status}`) }))}
            data-testid="history-status"
          />
        </Form.Item>
        <Form.Item name="format" label={t('history.filters.format')}>
          <Select
            allowClear
            placeholder={t('history.filters.any')}
            options={FORMATS.map((format) => ({ value: format, label: t(`history.formats.${format}`) }))}
            data-testid="history-format"
          />
        </Form.Item>
        <Form.Item name="certificate" label={t('history.filters.certificate')}>
          <Select
            allowClear
            placeholder={t('history.filters.any')}
            loading={certificates.loading}
            options={(certificates.data ?? []).map((certificate) => ({
              value: certificate.serial,
              label: `${commonName(certificate.subject)} · ${groupedHex(certificate.serial).slice(0, 11)}…`,
            }))}
            data-testid="history-certificate"
          />
        </Form.Item>
        <Form.Item name="period" label={t('history.filters.period')}>
          <DatePicker.RangePicker format="DD.MM.YYYY" allowEmpty={[true, true]} style={{ width: '100%' }} />
        </Form.Item>
        {/* The buttons take a row of their own under the filters, whatever the width. */}
        <Form.Item style={{ gridColumn: '1 / -1' }}>
          <Space wrap>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="history-apply">
              {t('history.filters.apply')}
            </Button>
            <Button
              icon={<ClearOutlined />}
              onClick={() => {
                form.resetFields();
                setFilters({});
                setPage(1);
              }}
            >
              {t('history.filters.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <ProblemAlert error={history.error} onRetry={history.reload} />
      <Table<SigningOperation>
        rowKey="id"
        loading={history.loading}
        dataSource={history.data?.operations ?? []}
        // A minimum width, not max-content: above it the columns share the width and long text wraps; below it the table scrolls.
        tableLayout="auto"
        scroll={{ x: 900 }}
        data-testid="signing-history"
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('history.empty')} />,
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: history.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
        columns={[
          {
            key: 'created',
            title: t('history.created'),
            render: (_value, operation) => formatDate(operation.createdAt),
          },
          {
            key: 'status',
            title: t('history.status'),
            render: (_value, operation) => <OperationStatusBadge status={operation.status} />,
          },
          {
            key: 'format',
            title: t('history.format'),
            render: (_value, operation) => t(`history.formats.${operation.format}`),
          },
          {
            key: 'documents',
            title: t('history.documents'),
            render: (_value, operation) => (
              <span>
                {operation.documents[0]?.name ?? '—'}
                {operation.documents.length > 1 && (
                  <Typography.Text type="secondary">
                    {' '}
                    + {t('history.documentsCount', { value: operation.documents.length - 1 })}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          {
            key: 'certificate',
            title: t('history.certificate'),
            render: (_value, operation) => (
              <Typography.Text code>{groupedHex(operation.certificate).slice(0, 11)}…</Typography.Text>
            ),
          },
          {
            key: 'details',
            title: t('history.details'),
            render: (_value, operation) => (
              <Button
                type="link"
                onClick={() => {
                  setOpened(operation);
                }}
                data-testid="operation-details"
              >
                {t('history.details')}
              </Button>
            ),
          },
        ]}
      />
      <OperationDrawer
        operation={opened}
        withEvidence={holder}
        onClose={() => {
          setOpened(undefined);
        }}
      />
    </>
  );
}
