import {
  App,
  Button,
  Checkbox,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { webhooks as ruWebhooks } from '../../i18n/ru/webhooks';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ToneTag, type Tone } from '../../components/ToneTag';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';

type Subscription = Awaited<ReturnType<typeof webhooksApi.list>>[number];
type Delivery = Awaited<ReturnType<typeof webhooksApi.deliveries>>['items'][number];
type DeliveryStatus = Delivery['status'];
type SubscriptionForm = { url: string; description?: string; eventTypes: string[] };

/** The event types a subscription may choose (the server's list). */
const EVENT_TYPES = [
  'certificate.issued',
  'certificate.revoked',
  'certificate.suspended',
  'certificate.resumed',
  'certificate_request.created',
  'certificate_request.approved',
  'certificate_request.rejected',
  'operation.awaiting_confirmation',
  'operation.confirmed',
  'operation.declined',
  'operation.completed',
  'operation.failed',
  'operation.cancelled',
  'operation.expired',
] as const;

const TONES: Record<DeliveryStatus, Tone> = {
  pending: 'blue',
  delivered: 'green',
  failed: 'orange',
  dead: 'red',
};

const byId = (id: string) => ({ params: { path: { id } } });

const webhooksApi = {
  list: () => call(api.GET('/api/v1/webhooks')),
  create: (body: SubscriptionForm) => call(api.POST('/api/v1/webhooks', { body })),
  update: (id: string, body: Partial<SubscriptionForm> & { enabled?: boolean }) =>
    call(api.PATCH('/api/v1/webhooks/{id}', { ...byId(id), body })),
  remove: (id: string) => call(api.DELETE('/api/v1/webhooks/{id}', byId(id))),
  rotate: (id: string) => call(api.POST('/api/v1/webhooks/{id}/secret', byId(id))),
  test: (id: string) => call(api.POST('/api/v1/webhooks/{id}/test', byId(id))),
  deliveries: (id: string) =>
    call(api.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id }, query: { limit: '50' } } })),
  redeliver: (id: string, deliveryId: string) =>
    call(
      api.POST('/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', {
        params: { path: { id, deliveryId } },
      }),
    ),
};

/** Turns `certificate.issued` into its dictionary key (i18next reads dots as nesting). */
type EventKey = keyof (typeof ruWebhooks)['eventNames'];
const eventKey = (type: (typeof EVENT_TYPES)[number]) =>
  `eventNames.${type.replace('.', '_') as EventKey}` as const;

function EventTypesField() {
  const { t } = useTranslation('webhooks');
  return (
    <Form.Item name="eventTypes" label={t('eventTypes')} rules={[{ required: true, type: 'array', min: 1 }]}>
      <Checkbox.Group
        options={EVENT_TYPES.map((type) => ({
          value: type,
          label: `${t(eventKey(type))} (${type})`,
        }))}
        style={{ display: 'grid', gap: 4 }}
      />
    </Form.Item>
  );
}

/** Create or edit a subscription: URL, description, events. */
function SubscriptionDialog({
  open,
  initial,
  onCancel,
  onSave,
}: {
  open: boolean;
  initial?: Subscription;
  onCancel: () => void;
  onSave: (values: SubscriptionForm) => Promise<void>;
}) {
  const { t } = useTranslation('webhooks');
  const [form] = Form.useForm<SubscriptionForm>();
  const save = useSubmit(async (values: SubscriptionForm) => {
    await onSave(values);
    form.resetFields();
  });
  return (
    <Modal
      open={open}
      title={initial ? t('edit') : t('create')}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={save.busy}
      destroyOnHidden
      onCancel={() => {
        save.reset();
        onCancel();
      }}
      onOk={() => {
        void form.validateFields().then((values) => save.run(values));
      }}
    >
      <ProblemAlert error={save.error} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          initial
            ? { url: initial.url, description: initial.description, eventTypes: initial.eventTypes }
            : { eventTypes: [] }
        }
      >
        <Form.Item name="url" label={t('url')} rules={[{ required: true, type: 'url' }]}>
          <Input placeholder="https://edo.example.ru/podpis/events" />
        </Form.Item>
        <Form.Item name="description" label={t('description')}>
          <Input maxLength={500} />
        </Form.Item>
        <EventTypesField />
      </Form>
    </Modal>
  );
}

/** A subscription's delivery log with the status of each, the last answer, and redelivery. */
function DeliveryLog({ subscription }: { subscription: Subscription }) {
  const { t } = useTranslation('webhooks');
  const { message } = App.useApp();
  const log = useLoad(() => webhooksApi.deliveries(subscription.id), [subscription.id]);
  const redeliver = useSubmit(async (delivery: Delivery) => {
    await webhooksApi.redeliver(subscription.id, delivery.id);
    void message.success(t('redelivered'));
    log.reload();
  });
  return (
    <>
      <ProblemAlert error={log.error ?? redeliver.error} onRetry={log.reload} />
      <Table<Delivery>
        size="small"
        rowKey="id"
        loading={log.loading}
        dataSource={log.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('noDeliveries') }}
        columns={[
          {
            title: t('created'),
            dataIndex: 'createdAt',
            render: (at: string) => new Date(at).toLocaleString(),
          },
          { title: t('event'), dataIndex: 'eventType' },
          {
            title: t('status'),
            dataIndex: 'status',
            render: (status: DeliveryStatus) => (
              <ToneTag tone={TONES[status]} data-status={status}>
                {t(`statuses.${status}`)}
              </ToneTag>
            ),
          },
          { title: t('attempts'), dataIndex: 'attempts' },
          { title: t('code'), dataIndex: 'lastStatusCode', render: (code: number | null) => code ?? '—' },
          { title: t('time'), dataIndex: 'lastResponseMs', render: (ms: number | null) => ms ?? '—' },
          {
            title: t('error'),
            dataIndex: 'lastError',
            render: (error: string | null) => (
              <Typography.Text type="secondary" ellipsis={{ tooltip: error }} style={{ maxWidth: 240 }}>
                {error ?? ''}
              </Typography.Text>
            ),
          },
          {
            title: t('actions'),
            key: 'actions',
            render: (_: unknown, delivery: Delivery) => (
              <Button size="small" loading={redeliver.busy} onClick={() => void redeliver.run(delivery)}>
                {t('redeliver')}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}

/**
 * Webhook subscriptions: for administrators (every event) and, in the
 * cabinet, for users (their own). The secret is shown once, at creation
 * and rotation, with a copy button.
 */
export function WebhooksPage() {
  const { t } = useTranslation('webhooks');
  const { message, modal } = App.useApp();
  const list = useLoad(() => webhooksApi.list(), []);
  const [dialog, setDialog] = useState<{ initial?: Subscription } | undefined>();
  const action = useSubmit(async (work: () => Promise<unknown>) => {
    await work();
    list.reload();
  });

  function showSecret(secret: string) {
    modal.info({
      title: t('secretTitle'),
      width: 560,
      content: (
        <Space orientation="vertical">
          <Typography.Paragraph>{t('secretOnce')}</Typography.Paragraph>
          <Typography.Text code copyable data-testid="webhook-secret">
            {secret}
          </Typography.Text>
        </Space>
      ),
    });
  }

  async function save(values: SubscriptionForm) {
    if (dialog?.initial) {
      await webhooksApi.update(dialog.initial.id, values);
    } else {
      const created = await webhooksApi.create(values);
      showSecret(created.secret);
    }
    setDialog(undefined);
    list.reload();
  }

  return (
    <>
      <PageTitle title={t('title')} />
      <Typography.Paragraph>{t('intro')}</Typography.Paragraph>
      <ProblemAlert error={list.error ?? action.error} onRetry={list.reload} />
      <Button
        type="primary"
        style={{ marginBottom: 16 }}
        onClick={() => {
          setDialog({});
        }}
      >
        {t('create')}
      </Button>
      <Table<Subscription>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        expandable={{ expandedRowRender: (subscription) => <DeliveryLog subscription={subscription} /> }}
        columns={[
          {
            title: t('url'),
            dataIndex: 'url',
            render: (url: string) => <Typography.Text code>{url}</Typography.Text>,
          },
          { title: t('description'), dataIndex: 'description' },
          {
            title: t('eventTypes'),
            dataIndex: 'eventTypes',
            render: (types: string[]) => (
              <Space wrap size={4}>
                {types.map((type) => (
                  <ToneTag key={type} tone="default">
                    {type}
                  </ToneTag>
                ))}
              </Space>
            ),
          },
          {
            title: t('enabled'),
            dataIndex: 'enabled',
            render: (enabled: boolean, subscription: Subscription) => (
              <Switch
                checked={enabled}
                aria-label={t('enabled')}
                onChange={(checked) =>
                  void action.run(() => webhooksApi.update(subscription.id, { enabled: checked }))
                }
              />
            ),
          },
          {
            title: t('actions'),
            key: 'actions',
            render: (_: unknown, subscription: Subscription) => (
              <Space wrap>
                <Button
                  size="small"
                  onClick={() => {
                    setDialog({ initial: subscription });
                  }}
                >
                  {t('edit')}
                </Button>
                <Button
                  size="small"
                  onClick={() =>
                    void action.run(async () => {
                      await webhooksApi.test(subscription.id);
                      void message.success(t('testSent'));
                    })
                  }
                >
                  {t('test')}
                </Button>
                <Popconfirm
                  title={t('rotateConfirm')}
                  okText={t('rotate')}
                  onConfirm={() =>
                    void action.run(async () => {
                      showSecret((await webhooksApi.rotate(subscription.id)).secret);
                    })
                  }
                >
                  <Button size="small">{t('rotate')}</Button>
                </Popconfirm>
                <Popconfirm
                  title={t('deleteConfirm')}
                  okText={t('delete')}
                  onConfirm={() => void action.run(() => webhooksApi.remove(subscription.id))}
                >
                  <Button size="small" danger>
                    {t('delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <SubscriptionDialog
        open={dialog !== undefined}
        {...(dialog?.initial ? { initial: dialog.initial } : {})}
        onCancel={() => {
          setDialog(undefined);
        }}
        onSave={save}
      />
    </>
  );
}
