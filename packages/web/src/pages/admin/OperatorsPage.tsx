import { PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { App, Button, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { Account } from '../../api/types';
import {
  ClientCertificateIssuedDialog,
  type IssuedClientCertificate,
} from '../../components/admin/ClientCertificateIssuedDialog';
import { ClientCertificateList } from '../../components/admin/ClientCertificateList';
import { clientCertificates as clientCertificatesRequest, operatorsList } from '../../api/firstRequests';
import { PageTitle } from '../../components/PageTitle';
import { ToneTag } from '../../components/ToneTag';
import { VisuallyHidden } from '../../components/admin/VisuallyHidden';
import { RegisterOperatorDialog } from '../../components/admin/RegisterOperatorDialog';
import { OperatorAccountActions } from '../../components/admin/OperatorAccountActions';
import { useMe } from '../../components/auth';
import { SecondFactorPolicyCard } from '../../components/admin/SecondFactorPolicyCard';
import {
  RevokeClientCertificateDialog,
  type RevocationTarget,
} from '../../components/admin/RevokeClientCertificateDialog';
import { ReaderTime } from '../../components/ReaderTime';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useProblemMessage } from '../../components/problem';
import { StatusBadge } from '../../components/StatusBadge';
import { useLoad } from '../../components/useLoad';

/**
 * Issues a client certificate for one account; the answer is the only copy of
 * its PKCS#12. Each issue makes one more certificate that signs in as the
 * account, so it is asked first (saying the valid ones stay valid) and the
 * button waits while the server issues.
 */
function IssueButton({
  account,
  validCertificates,
  onIssued,
}: {
  account: Account;
  validCertificates: number;
  onIssued: (issued: IssuedClientCertificate) => void;
}) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const { message, modal } = App.useApp();
  const problemMessage = useProblemMessage();
  // Asking: the confirmation is open; issuing: the server is making the certificate. Either way, no second one.
  const [asking, setAsking] = useState(false);
  const [issuing, setIssuing] = useState(false);
  const issue = async () => {
    setIssuing(true);
    try {
      const bundle = await call(
        api.POST('/api/v1/operators/{id}/client-certificate', { params: { path: { id: account.id } } }),
      );
      onIssued({ login: account.login, ...bundle });
    } catch (problem) {
      void message.error(problemMessage(problem));
    } finally {
      setIssuing(false);
      setAsking(false);
    }
  };
  const confirm = () => {
    setAsking(true);
    void modal.confirm({
      title: t('clientCertificate.confirmTitle', { login: account.login }),
      content:
        validCertificates > 0
          ? t('clientCertificate.confirmOthersStay', { count: validCertificates })
          : t('clientCertificate.confirmFirst'),
      okText: t('clientCertificate.confirmIssue'),
      cancelText: tc('cancel'),
      okButtonProps: { 'data-testid': 'confirm-issue-client-certificate' },
      // The dialog keeps its button busy until the answer comes, so a second click cannot issue twice.
      onOk: issue,
      onCancel: () => {
        setAsking(false);
      },
    });
  };
  return (
    <Button
      size="small"
      icon={<SafetyCertificateOutlined />}
      loading={issuing}
      disabled={asking || issuing}
      onClick={confirm}
      data-testid="issue-client-certificate"
      aria-label={`${t('clientCertificate.issue')} (${account.login})`}
    >
      {t('clientCertificate.issue')}
    </Button>
  );
}

/** The administrator's registry of operators and administrators and their client certificates (M8.2). */
export function OperatorsPage() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const operators = useLoad(
    () => operatorsList.load(),
    [],
    () => operatorsList.peek(),
  );
  const clientCertificates = useLoad(
    () => clientCertificatesRequest.load(),
    [],
    () => clientCertificatesRequest.peek(),
  );
  const [registering, setRegistering] = useState(false);
  const [issued, setIssued] = useState<IssuedClientCertificate>();
  const [revoking, setRevoking] = useState<RevocationTarget>();
  const [expanded, setExpanded] = useState<readonly React.Key[]>([]);

  const certificatesOf = (account: Account) =>
    (clientCertificates.data ?? []).filter((certificate) => certificate.accountId === account.id);

  return (
    <>
      <PageTitle
        title={t('operators.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setRegistering(true);
            }}
            data-testid="register-operator"
          >
            {t('operators.register.open')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t('operators.hint')}</Typography.Paragraph>
      <ProblemAlert error={operators.error} onRetry={operators.reload} />
      <ProblemAlert error={clientCertificates.error} onRetry={clientCertificates.reload} />
      <Table<Account>
        rowKey="id"
        loading={operators.loading}
        dataSource={operators.data ?? []}
        pagination={false}
        // A minimum width, not max-content: above it the columns share the width and long text wraps; below it the table scrolls.
        tableLayout="auto"
        scroll={{ x: 1000 }}
        locale={{ emptyText: t('operators.empty') }}
        data-testid="operators-table"
        onRow={(account) =>
          ({ 'data-testid': `operator-row-${account.login}` }) as React.HTMLAttributes<HTMLElement>
        }
        expandable={{
          columnTitle: <VisuallyHidden>{t('operators.expand')}</VisuallyHidden>,
          expandedRowKeys: expanded,
          onExpandedRowsChange: setExpanded,
          expandedRowRender: (account) => (
            <ClientCertificateList
              account={account}
              certificates={certificatesOf(account)}
              onRevoke={setRevoking}
            />
          ),
        }}
        columns={[
          {
            key: 'account',
            title: t('operators.account'),
            render: (_value, account) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{account.login}</Typography.Text>
                {account.displayName && <span>{account.displayName}</span>}
              </Space>
            ),
          },
          {
            key: 'role',
            title: t('operators.role'),
            render: (_value, account) => (
              <ToneTag tone={account.role === 'admin' ? 'purple' : 'blue'} data-role={account.role}>
                {tc(`roles.${account.role}`)}
              </ToneTag>
            ),
          },
          {
            key: 'status',
            title: t('operators.status'),
            render: (_value, account) => <StatusBadge status={account.status} />,
          },
          {
            key: 'certificates',
            title: t('operators.clientCertificates'),
            // A long title over a short count: it may take two lines, so the table fits at 1440 px.
            className: 'wrapping-title',
            render: (_value, account) =>
              clientCertificates.loading
                ? '…'
                : t('operators.validCertificates', {
                    count: certificatesOf(account).filter((certificate) => certificate.revokedAt === null)
                      .length,
                  }),
          },
          {
            key: 'createdAt',
            title: t('operators.createdAt'),
            className: 'nowrap-cell',
            render: (_value, account) => <ReaderTime iso={account.createdAt} />,
          },
          {
            key: 'actions',
            // Kept in view when a tablet scrolls the table sideways.
            fixed: 'right',
            title: tc('actions'),
            render: (_value, account) => (
              <Space wrap>
                <IssueButton
                  account={account}
                  validCertificates={
                    certificatesOf(account).filter((certificate) => certificate.revokedAt === null).length
                  }
                  onIssued={setIssued}
                />
                <OperatorAccountActions
                  account={account}
                  own={account.id === me.accountId}
                  onChanged={operators.reload}
                />
              </Space>
            ),
          },
        ]}
      />
      <SecondFactorPolicyCard />
      <RegisterOperatorDialog
        open={registering}
        onClose={() => {
          setRegistering(false);
        }}
        onRegistered={(account) => {
          setRegistering(false);
          void message.success(t('operators.register.done', { login: account.login }));
          operators.reload();
        }}
      />
      <ClientCertificateIssuedDialog
        issued={issued}
        onClose={() => {
          setIssued(undefined);
          clientCertificates.reload();
        }}
      />
      <RevokeClientCertificateDialog
        target={revoking}
        onClose={() => {
          setRevoking(undefined);
        }}
        onRevoked={() => {
          setRevoking(undefined);
          void message.success(t('clientCertificate.revoked'));
          clientCertificates.reload();
        }}
      />
    </>
  );
}
