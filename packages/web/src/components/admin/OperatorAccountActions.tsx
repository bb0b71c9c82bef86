import {
  CheckCircleOutlined,
  EditOutlined,
  LockOutlined,
  StopOutlined,
  UnlockOutlined,
} from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { Account } from '../../api/types';
import { useProblemMessage } from '../problem';

type Action = 'rename' | 'lock' | 'unlock' | 'disable' | 'enable';

/**
 * An administrator's actions on an operator or administrator account:
 * rename, lock and unlock (with a reason for the audit log), disable for
 * good and enable again. Each one that shuts someone out is confirmed
 * first; the account's client certificate is refused at its next request.
 * The administrator's own account offers no lock or disable (the server
 * refuses them too: OWN_ACCOUNT_CHANGE_REFUSED).
 */
export function OperatorAccountActions({
  account,
  own,
  onChanged,
}: {
  account: Account;
  own: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const problemMessage = useProblemMessage();
  const [busy, setBusy] = useState<Action>();
  const [renaming, setRenaming] = useState(false);
  const [reason, setReason] = useState('');
  const [name] = Form.useForm<{ displayName: string }>();
  const path = { params: { path: { id: account.id } } };
  const reasonBody = () => (reason.trim() === '' ? {} : { reason: reason.trim() });

  const run = async (action: Action, request: () => Promise<unknown>, done: string) => {
    setBusy(action);
    try {
      await request();
      void message.success(done);
      setReason('');
      onChanged();
    } catch (problem) {
      void message.error(problemMessage(problem));
    } finally {
      setBusy(undefined);
    }
  };

  const reasonField = (
    <Input.TextArea
      aria-label={t('operators.manage.reason')}
      placeholder={t('operators.manage.reason')}
      maxLength={500}
      autoSize={{ minRows: 2, maxRows: 4 }}
      value={reason}
      onChange={(event) => {
        setReason(event.target.value);
      }}
      data-testid="operator-reason"
    />
  );
  const label = (action: string) => `${action} (${account.login})`;

  return (
    <Space wrap>
      <Button
        size="small"
        icon={<EditOutlined />}
        onClick={() => {
          name.setFieldsValue({ displayName: account.displayName ?? '' });
          setRenaming(true);
        }}
        aria-label={label(tc('edit'))}
        data-testid="edit-operator"
      >
        {tc('edit')}
      </Button>
      {account.status === 'locked' && (
        <Popconfirm
          title={t('operators.manage.unlock')}
          description={t('operators.manage.unlockConfirm')}
          onConfirm={() =>
            void run(
              'unlock',
              () => call(api.POST('/api/v1/operators/{id}/unlock', path)),
              t('operators.manage.unlocked', { login: account.login }),
            )
          }
        >
          <Button
            size="small"
            icon={<UnlockOutlined />}
            loading={busy === 'unlock'}
            aria-label={label(t('operators.manage.unlock'))}
            data-testid="unlock-operator"
          >
            {t('operators.manage.unlock')}
          </Button>
        </Popconfirm>
      )}
      {account.status === 'active' && !own && (
        <Popconfirm
          title={t('operators.manage.lockConfirm', { login: account.login })}
          description={reasonField}
          okButtonProps={{ danger: true }}
          onConfirm={() =>
            void run(
              'lock',
              () => call(api.POST('/api/v1/operators/{id}/lock', { ...path, body: reasonBody() })),
              t('operators.manage.locked', { login: account.login }),
            )
          }
        >
          <Button
            size="small"
            danger
            icon={<LockOutlined />}
            loading={busy === 'lock'}
            aria-label={label(t('operators.manage.lock'))}
            data-testid="lock-operator"
          >
            {t('operators.manage.lock')}
          </Button>
        </Popconfirm>
      )}
      {account.status === 'disabled' ? (
        <Popconfirm
          title={t('operators.manage.enable')}
          description={t('operators.manage.enableConfirm')}
          onConfirm={() =>
            void run(
              'enable',
              () => call(api.POST('/api/v1/operators/{id}/enable', path)),
              t('operators.manage.enabled', { login: account.login }),
            )
          }
        >
          <Button
            size="small"
            icon={<CheckCircleOutlined />}
            loading={busy === 'enable'}
            aria-label={label(t('operators.manage.enable'))}
            data-testid="enable-operator"
          >
            {t('operators.manage.enable')}
          </Button>
        </Popconfirm>
      ) : (
        !own && (
          <Popconfirm
            title={t('operators.manage.disableConfirm', { login: account.login })}
            description={reasonField}
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              void run(
                'disable',
                () => call(api.POST('/api/v1/operators/{id}/disable', { ...path, body: reasonBody() })),
                t('operators.manage.disabled', { login: account.login }),
              )
            }
          >
            <Button
              size="small"
              danger
              icon={<StopOutlined />}
              loading={busy === 'disable'}
              aria-label={label(t('operators.manage.disable'))}
              data-testid="disable-operator"
            >
              {t('operators.manage.disable')}
            </Button>
          </Popconfirm>
        )
      )}
      <Modal
        open={renaming}
        title={t('operators.manage.renameTitle', { login: account.login })}
        okText={tc('save')}
        cancelText={tc('cancel')}
        confirmLoading={busy === 'rename'}
        okButtonProps={{ 'data-testid': 'edit-operator-submit' }}
        onCancel={() => {
          setRenaming(false);
        }}
        onOk={() =>
          void run(
            'rename',
            async () => {
              const { displayName } = await name.validateFields();
              await call(
                api.PATCH('/api/v1/operators/{id}', {
                  ...path,
                  // What this page showed: a rename by another administrator in between is refused, not overwritten.
                  body: { displayName, expectedDisplayName: account.displayName ?? null },
                }),
              );
              setRenaming(false);
            },
            t('operators.manage.renamed', { login: account.login }),
          )
        }
      >
        <Form form={name} layout="vertical">
          <Form.Item name="displayName" label={t('operators.displayName')}>
            <Input autoComplete="off" maxLength={128} data-testid="edit-operator-name" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
