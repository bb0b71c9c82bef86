import { App, Radio, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { DecisionButtons } from '../../components/DecisionButtons';
import { ApproveRenewalDialog } from '../../components/admin/ApproveRenewalDialog';
import { PageTitle } from '../../components/PageTitle';
import { RejectRenewalDialog } from '../../components/admin/RejectRenewalDialog';
import { useMe } from '../../components/auth';
import { subjectOwner } from '../../components/cabinet/commonName';
import { RenewalStatusBadge } from '../../components/cabinet/RenewalStatusBadge';
import type { RenewalRequest, RenewalStatus } from '../../components/cabinet/types';
import { formatDate, groupedHex } from '../../components/CertificateDetailsView';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLoad } from '../../components/useLoad';

type Filter = RenewalStatus | 'all';

const FILTERS: readonly Filter[] = ['pending', 'approved', 'rejected', 'all'];

/** How a request was decided: when, by whom (the operator looking at it: "by you"), the reason or the new certificate. */
function Decision({ request }: { request: RenewalRequest }) {
  const { t } = useTranslation('renewals');
  const me = useMe();
  if (request.decidedAt === null) return <>—</>;
  const byMe = request.decidedBy === `${me.role}:${me.accountId}`;
  return (
    <Space orientation="vertical" size={0}>
      <span>
        {formatDate(request.decidedAt)}
        {byMe ? ` · ${t('decidedByYou')}` : request.decidedByName && ` · ${request.decidedByName}`}
      </span>
      {request.status === 'rejected' && request.decisionComment && <span>{request.decisionComment}</span>}
      {request.newSerial && (
        <Link to={`/certificates/${request.newSerial}`}>
          {t('columns.newCertificate')}: {groupedHex(request.newSerial)}
        </Link>
      )}
    </Space>
  );
}

/** The operator's queue of users' renewal requests: approve (new key, temporary PIN) or reject with a reason. */
export function RenewalRequestsPage() {
  const { t } = useTranslation('renewals');
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>('pending');
  const requests = useLoad(
    () =>
      call(
        api.GET('/api/v1/renewal-requests', {
          params: { query: filter === 'all' ? {} : { status: filter } },
        }),
      ),
    [filter],
  );
  const [approving, setApproving] = useState<RenewalRequest>();
  const [rejecting, setRejecting] = useState<RenewalRequest>();

  return (
    <>
      <PageTitle title={t('title')} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Radio.Group
          aria-label={t('filter')}
          optionType="button"
          value={filter}
          onChange={(event) => {
            setFilter(event.target.value as Filter);
          }}
          options={FILTERS.map((value) => ({ value, label: t(`filters.${value}`) }))}
          data-testid="renewal-status-filter"
        />
        <ProblemAlert error={requests.error} onRetry={requests.reload} />
        <Table<RenewalRequest>
          rowKey="id"
          loading={requests.loading}
          dataSource={requests.data ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          // A minimum width, not max-content: above it the columns share the width and long text wraps; below it the table scrolls.
          tableLayout="auto"
          scroll={{ x: 1000 }}
          locale={{ emptyText: t(filter === 'pending' ? 'emptyPending' : 'empty') }}
          data-testid="renewal-requests"
          columns={[
            {
              key: 'createdAt',
              title: t('columns.createdAt'),
              render: (_value, request) => formatDate(request.createdAt),
            },
            {
              key: 'user',
              title: t('columns.user'),
              render: (_value, request) => (
                <Space orientation="vertical" size={0}>
                  <Link to={`/users/${request.accountId}`}>{request.login}</Link>
                  <span>{subjectOwner(request.subject)}</span>
                </Space>
              ),
            },
            {
              key: 'certificate',
              title: t('columns.certificate'),
              // A long serial wraps between its byte groups instead of widening the table.
              width: 200,
              className: 'wrapping-serial',
              render: (_value, request) => (
                <Link to={`/certificates/${request.serial}`} data-testid="renewal-certificate-link">
                  <Typography.Text code>{groupedHex(request.serial)}</Typography.Text>
                </Link>
              ),
            },
            {
              key: 'comment',
              title: t('columns.comment'),
              width: 240,
              render: (_value, request) => (
                <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {request.comment ?? '—'}
                </span>
              ),
            },
            {
              key: 'status',
              title: t('columns.status'),
              render: (_value, request) => <RenewalStatusBadge status={request.status} />,
            },
            {
              key: 'decision',
              title: t('columns.decision'),
              render: (_value, request) => <Decision request={request} />,
            },
            {
              key: 'actions',
              // Kept in view when a tablet scrolls the table sideways.
              fixed: 'right',
              title: t('columns.actions'),
              render: (_value, request) =>
                request.status === 'pending' && (
                  <DecisionButtons
                    login={request.login}
                    namespace="renewals"
                    testIds={{ approve: 'approve-renewal', reject: 'reject-renewal' }}
                    onApprove={() => {
                      setApproving(request);
                    }}
                    onReject={() => {
                      setRejecting(request);
                    }}
                  />
                ),
            },
          ]}
        />
      </Space>
      <ApproveRenewalDialog
        request={approving}
        onClose={() => {
          setApproving(undefined);
        }}
        onApproved={requests.reload}
      />
      <RejectRenewalDialog
        request={rejecting}
        onClose={() => {
          setRejecting(undefined);
        }}
        onRejected={() => {
          setRejecting(undefined);
          void message.success(t('reject.done'));
          requests.reload();
        }}
      />
    </>
  );
}
