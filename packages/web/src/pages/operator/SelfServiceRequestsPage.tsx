import { App, Radio, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { DecisionButtons } from '../../components/DecisionButtons';
import { useMe } from '../../components/auth';
import { subjectOwner } from '../../components/cabinet/commonName';
import { formatDate, groupedHex } from '../../components/CertificateDetailsView';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ApproveRequestDialog } from '../../components/selfservice/ApproveRequestDialog';
import { IdentityCheckText } from '../../components/selfservice/IdentityCheckText';
import { RejectRequestDialog } from '../../components/selfservice/RejectRequestDialog';
import { RequestStatusBadge } from '../../components/selfservice/RequestStatusBadge';
import type { SelfServiceRequest, SelfServiceStatus } from '../../components/selfservice/types';
import { useLoad } from '../../components/useLoad';

type Filter = SelfServiceStatus | 'all';

const FILTERS: readonly Filter[] = ['pending', 'approved', 'rejected', 'all'];

/** How a request was decided: when, by whom ("by you" for the operator looking), the reason or the certificate. */
function Decision({ request }: { request: SelfServiceRequest }) {
  const { t } = useTranslation('selfService');
  const me = useMe();
  if (request.decidedAt === null) return <>—</>;
  const byMe = request.decidedBy === `${me.role}:${me.accountId}`;
  return (
    <Space orientation="vertical" size={0}>
      <span>
        {formatDate(request.decidedAt)}
        {byMe ? ` · ${t('queue.decidedByYou')}` : request.decidedByName && ` · ${request.decidedByName}`}
      </span>
      {request.status === 'rejected' && request.decisionComment && (
        <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{request.decisionComment}</span>
      )}
      {request.serial && (
        <Link to={`/certificates/${request.serial}`}>
          <Typography.Text code>{groupedHex(request.serial)}</Typography.Text>
        </Link>
      )}
    </Space>
  );
}

/** The operator's queue of employees' certificate requests: check the documents and approve, or reject with a reason. */
export function SelfServiceRequestsPage() {
  const { t } = useTranslation('selfService');
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>('pending');
  const requests = useLoad(
    () =>
      call(
        api.GET('/api/v1/certificate-requests', {
          params: { query: filter === 'all' ? {} : { status: filter } },
        }),
      ),
    [filter],
  );
  const [approving, setApproving] = useState<SelfServiceRequest>();
  const [rejecting, setRejecting] = useState<SelfServiceRequest>();

  return (
    <>
      <PageTitle title={t('queue.title')} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Radio.Group
          aria-label={t('queue.filter')}
          optionType="button"
          value={filter}
          onChange={(event) => {
            setFilter(event.target.value as Filter);
          }}
          options={FILTERS.map((value) => ({ value, label: t(`queue.filters.${value}`) }))}
          data-testid="request-status-filter"
        />
        <ProblemAlert error={requests.error} onRetry={requests.reload} />
        <Table<SelfServiceRequest>
          rowKey="id"
          loading={requests.loading}
          dataSource={requests.data ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          tableLayout="auto"
          scroll={{ x: 1000 }}
          locale={{ emptyText: t(filter === 'pending' ? 'queue.emptyPending' : 'queue.empty') }}
          data-testid="certificate-requests"
          columns={[
            {
              key: 'createdAt',
              title: t('queue.columns.createdAt'),
              render: (_value, request) => formatDate(request.createdAt),
            },
            {
              key: 'user',
              title: t('queue.columns.user'),
              render: (_value, request) => (
                <Space orientation="vertical" size={0}>
                  <Link to={`/users/${request.accountId}`}>{request.login}</Link>
                  <span>{subjectOwner(request.subject)}</span>
                </Space>
              ),
            },
            {
              key: 'key',
              title: t('queue.columns.key'),
              render: (_value, request) => t(`keySource.${request.keySource}`),
            },
            {
              key: 'status',
              title: t('queue.columns.status'),
              render: (_value, request) => <RequestStatusBadge status={request.status} />,
            },
            {
              key: 'check',
              title: t('queue.columns.check'),
              width: 240,
              render: (_value, request) =>
                request.status === 'approved' ? <IdentityCheckText request={request} /> : '—',
            },
            {
              key: 'decision',
              title: t('queue.columns.decision'),
              render: (_value, request) => <Decision request={request} />,
            },
            {
              key: 'actions',
              fixed: 'right',
              title: t('queue.columns.actions'),
              render: (_value, request) =>
                request.status === 'pending' && (
                  <DecisionButtons
                    login={request.login}
                    namespace="selfService"
                    testIds={{ approve: 'approve-request', reject: 'reject-request' }}
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
      <ApproveRequestDialog
        request={approving}
        onClose={() => {
          setApproving(undefined);
        }}
        onApproved={requests.reload}
      />
      <RejectRequestDialog
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
