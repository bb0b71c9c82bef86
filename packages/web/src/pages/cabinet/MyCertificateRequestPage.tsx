import { EditOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Radio,
  Skeleton,
  Space,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { formatDate } from '../../components/CertificateDetailsView';
import { sameAs } from '../../components/formRules';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { CorrectRegistrationDialog } from '../../components/selfservice/CorrectRegistrationDialog';
import { RequestStatusBadge } from '../../components/selfservice/RequestStatusBadge';
import type { ProfileFieldName, Registration, SelfServiceRequest } from '../../components/selfservice/types';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';

const PIN_MIN = 6;
const PIN_MAX = 128;

type RequestForm =
  { keySource: 'server'; pin: string; pinConfirmation: string } | { keySource: 'pkcs10'; csr: string };

/** The registration data as the employee sees it: every filled field, and where it came from. */
function RegistrationData({ registration }: { registration: Registration }) {
  const { t } = useTranslation('selfService');
  const { t: operator } = useTranslation('operator');
  const filled = (Object.entries(registration.profile) as [ProfileFieldName | 'kind', string][]).filter(
    ([name, value]) => name !== 'kind' && value !== '',
  );
  return (
    <Descriptions
      column={1}
      size="small"
      bordered
      data-testid="my-registration"
      items={[
        {
          key: 'kind',
          label: operator('field.kind'),
          children: operator(`kind.${registration.profile.kind}`),
        },
        ...filled.map(([name, value]) => ({
          key: name,
          label: operator(`field.${name as ProfileFieldName}`),
          children: <span data-testid={`registration-${name}`}>{value}</span>,
        })),
        ...(registration.sources.length > 0
          ? [
              {
                key: 'sources',
                label: t('registration.sources'),
                children: registration.sources.map((s) => `${s.source} ${s.externalId}`).join(', '),
              },
            ]
          : []),
      ]}
    />
  );
}

/** The request form: a key on the server under a PIN the employee chooses, or their own PKCS#10. */
function NewRequest({ onSent }: { onSent: (request: SelfServiceRequest) => void }) {
  const { t } = useTranslation('selfService');
  const [form] = Form.useForm<RequestForm>();
  // Undefined until the form has mounted, whatever the typings say: the server key is the default.
  const keySource: string | undefined = Form.useWatch('keySource', form);
  const sending = useSubmit(async (values: RequestForm) => {
    const key =
      values.keySource === 'server'
        ? { type: 'server' as const, pin: values.pin, pinConfirmation: values.pinConfirmation }
        : { type: 'pkcs10' as const, csr: values.csr };
    const created = await call(api.POST('/api/v1/me/certificate-requests', { body: { key } }));
    form.resetFields();
    onSent(created);
  });
  return (
    <Form<RequestForm>
      form={form}
      layout="vertical"
      initialValues={{ keySource: 'server' }}
      onFinish={(values) => void sending.run(values)}
      style={{ maxWidth: 560 }}
    >
      <Typography.Paragraph>{t('request.intro')}</Typography.Paragraph>
      <ProblemAlert error={sending.error} />
      <Form.Item name="keySource" label={t('request.keySource')}>
        <Radio.Group data-testid="request-key-source">
          <Space orientation="vertical">
            <Radio value="server">{t('request.server')}</Radio>
            <Radio value="pkcs10">{t('request.pkcs10')}</Radio>
          </Space>
        </Radio.Group>
      </Form.Item>
      {keySource !== 'pkcs10' ? (
        <>
          <Form.Item
            name="pin"
            label={t('request.pin')}
            extra={t('request.pinPolicy')}
            rules={[
              { required: true, message: t('request.pinRequired') },
              { min: PIN_MIN, max: PIN_MAX, message: t('request.pinShort') },
            ]}
          >
            <Input.Password autoComplete="new-password" maxLength={PIN_MAX} data-testid="request-pin" />
          </Form.Item>
          <Form.Item
            name="pinConfirmation"
            label={t('request.pinConfirmation')}
            dependencies={['pin']}
            rules={[
              { required: true, message: t('request.pinRequired') },
              sameAs('pin', t('request.pinMismatch')),
            ]}
          >
            <Input.Password
              autoComplete="new-password"
              maxLength={PIN_MAX}
              data-testid="request-pin-confirmation"
            />
          </Form.Item>
        </>
      ) : (
        <Form.Item
          name="csr"
          label={t('request.csr')}
          extra={t('request.csrHint')}
          rules={[{ required: true, whitespace: true, message: t('request.csrRequired') }]}
        >
          <Input.TextArea rows={6} spellCheck={false} data-testid="request-csr" />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={sending.busy} data-testid="request-submit">
        {t('request.submit')}
      </Button>
    </Form>
  );
}

/** The employee's requests: state, the reason of a rejection, the certificate once issued. */
function MyRequests({ requests }: { requests: SelfServiceRequest[] }) {
  const { t } = useTranslation('selfService');
  return (
    <Table<SelfServiceRequest>
      rowKey="id"
      dataSource={requests}
      pagination={false}
      tableLayout="auto"
      scroll={{ x: 640 }}
      data-testid="my-certificate-requests"
      locale={{ emptyText: t('mine.empty') }}
      columns={[
        { key: 'createdAt', title: t('queue.columns.createdAt'), render: (_v, r) => formatDate(r.createdAt) },
        { key: 'key', title: t('queue.columns.key'), render: (_v, r) => t(`keySource.${r.keySource}`) },
        {
          key: 'status',
          title: t('queue.columns.status'),
          render: (_v, r) => <RequestStatusBadge status={r.status} />,
        },
        {
          key: 'outcome',
          title: t('queue.columns.decision'),
          render: (_v, r) => {
            if (r.status === 'pending') return t('mine.pending');
            if (r.status === 'rejected')
              return (
                <span
                  data-testid="request-rejection"
                  style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
                >
                  {t('mine.rejected')}. {t('mine.reason')}: {r.decisionComment}
                </span>
              );
            return (
              <Space orientation="vertical" size={0}>
                <span>{t('mine.approved')}</span>
                {r.serial && (
                  <Link to={`/my/certificates/${r.serial}`} data-testid="request-certificate-link">
                    {t('mine.certificate')}
                  </Link>
                )}
              </Space>
            );
          },
        },
      ]}
    />
  );
}

/** The employee's self-service page: their data (corrected where allowed), a certificate request, its progress. */
export function MyCertificateRequestPage() {
  const { t } = useTranslation('selfService');
  const { message } = App.useApp();
  const registration = useLoad(() => call(api.GET('/api/v1/me/registration')), []);
  const requests = useLoad(() => call(api.GET('/api/v1/me/certificate-requests')), []);
  const [correcting, setCorrecting] = useState(false);
  const pending = requests.data?.some((request) => request.status === 'pending') ?? false;

  return (
    <>
      <PageTitle title={t('title')} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card
          title={t('registration.title')}
          extra={
            registration.data && registration.data.editableFields.length > 0 ? (
              <Button
                icon={<EditOutlined />}
                onClick={() => {
                  setCorrecting(true);
                }}
                data-testid="correct-registration"
              >
                {t('registration.edit')}
              </Button>
            ) : undefined
          }
        >
          <Typography.Paragraph>{t('registration.intro')}</Typography.Paragraph>
          <ProblemAlert error={registration.error} onRetry={registration.reload} />
          {registration.data ? (
            <>
              <RegistrationData registration={registration.data} />
              {registration.data.editableFields.length === 0 && (
                <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                  {t('registration.nothingEditable')}
                </Typography.Paragraph>
              )}
              <CorrectRegistrationDialog
                registration={registration.data}
                open={correcting}
                onClose={() => {
                  setCorrecting(false);
                }}
                onSaved={() => {
                  setCorrecting(false);
                  void message.success(t('registration.saved'));
                  registration.reload();
                }}
              />
            </>
          ) : (
            !registration.error && <Skeleton active />
          )}
        </Card>
        <Card title={t('request.title')}>
          {pending ? (
            <Alert type="info" showIcon title={t('mine.pending')} data-testid="request-pending" />
          ) : (
            <NewRequest
              onSent={(created) => {
                void message.success(
                  t(created.status === 'approved' ? 'request.approvedAtOnce' : 'request.sent'),
                );
                requests.reload();
              }}
            />
          )}
        </Card>
        <Card title={t('mine.title')}>
          <ProblemAlert error={requests.error} onRetry={requests.reload} />
          <MyRequests requests={requests.data ?? []} />
        </Card>
      </Space>
    </>
  );
}
