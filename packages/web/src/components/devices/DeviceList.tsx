import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Input, Modal, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../CertificateDetailsView';
import { ProblemAlert } from '../ProblemAlert';
import { ToneTag } from '../ToneTag';
import { useLoad } from '../useLoad';
import { useSubmit } from '../useSubmit';
import { devicesApi, type Device, type DeviceOwner } from './devicesApi';
import { EnrolmentDialog } from './EnrolmentDialog';

/**
 * A user's devices: the cabinet's «Мои устройства» and the devices tab of
 * the operator's user card alike (the owner says whose, and so which API
 * paths): rename, block or unblock, remove, and enrol a new one.
 */
export function DeviceList({ owner }: { owner: DeviceOwner }) {
  const { t } = useTranslation('devices');
  const { message } = App.useApp();
  const devices = useLoad(() => devicesApi.list(owner), [owner.kind, owner.kind === 'user' ? owner.id : '']);
  const [enrolling, setEnrolling] = useState(false);
  const [renaming, setRenaming] = useState<Device>();
  const [name, setName] = useState('');

  const action = useSubmit(async (run: () => Promise<unknown>, done: string) => {
    await run();
    void message.success(done);
    devices.reload();
  });
  const rename = useSubmit(async () => {
    if (!renaming) return;
    await devicesApi.rename(owner, renaming.id, name.trim());
    setRenaming(undefined);
    void message.success(t('renamed'));
    devices.reload();
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ProblemAlert error={devices.error} onRetry={devices.reload} />
      <ProblemAlert error={action.error} />
      <Button
        type="primary"
        icon={<PlusOutlined />}
        onClick={() => {
          setEnrolling(true);
        }}
        data-testid="enrol-device"
      >
        {t('enrol.start')}
      </Button>
      <Table<Device>
        rowKey="id"
        loading={devices.loading}
        dataSource={devices.data ?? []}
        pagination={false}
        locale={{ emptyText: t('empty') }}
        data-testid="device-list"
        columns={[
          {
            title: t('columns.name'),
            dataIndex: 'name',
            render: (value: string, device) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{value}</Typography.Text>
                {device.platform && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {device.platform.slice(0, 80)}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('columns.kind'),
            dataIndex: 'kind',
            render: (kind: Device['kind']) => t(`kind.${kind}`),
          },
          {
            title: t('columns.status'),
            dataIndex: 'status',
            render: (status: Device['status']) => (
              <ToneTag tone={status === 'active' ? 'green' : 'red'} data-status={status}>
                {t(`status.${status}`)}
              </ToneTag>
            ),
          },
          {
            title: t('columns.lastUsed'),
            dataIndex: 'lastUsedAt',
            render: (value: string | null | undefined) => (value ? formatDate(value) : t('never')),
          },
          {
            title: t('columns.actions'),
            key: 'actions',
            render: (_value, device) => (
              <Space wrap>
                <Button
                  size="small"
                  onClick={() => {
                    setName(device.name);
                    setRenaming(device);
                  }}
                >
                  {t('rename')}
                </Button>
                {device.status === 'active' ? (
                  <Button
                    size="small"
                    onClick={() => void action.run(() => devicesApi.block(owner, device.id), t('blocked'))}
                    data-testid="device-block"
                  >
                    {t('block')}
                  </Button>
                ) : (
                  <Button
                    size="small"
                    onClick={() =>
                      void action.run(() => devicesApi.unblock(owner, device.id), t('unblocked'))
                    }
                    data-testid="device-unblock"
                  >
                    {t('unblock')}
                  </Button>
                )}
                <Popconfirm
                  title={t('remove')}
                  description={t('removeConfirm', { name: device.name })}
                  okText={t('remove')}
                  cancelText={t('cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => void action.run(() => devicesApi.remove(owner, device.id), t('removed'))}
                >
                  <Button size="small" danger data-testid="device-remove">
                    {t('remove')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <EnrolmentDialog
        owner={owner}
        open={enrolling}
        onClose={(enrolled) => {
          setEnrolling(false);
          if (enrolled) devices.reload();
        }}
      />
      <Modal
        open={renaming !== undefined}
        title={t('renameTitle')}
        okText={t('save')}
        cancelText={t('cancel')}
        confirmLoading={rename.busy}
        okButtonProps={{ disabled: name.trim() === '' }}
        onOk={() => void rename.run()}
        onCancel={() => {
          setRenaming(undefined);
          rename.reset();
        }}
      >
        <ProblemAlert error={rename.error} />
        <Input
          aria-label={t('renameTitle')}
          value={name}
          maxLength={100}
          onChange={(event) => {
            setName(event.target.value);
          }}
        />
      </Modal>
    </Space>
  );
}
