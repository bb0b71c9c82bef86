import {
  CheckCircleOutlined,
  KeyOutlined,
  LockOutlined,
  SafetyOutlined,
  StopOutlined,
  UnlockOutlined,
} from '@ant-design/icons';
import { App, Button, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { User } from '../../api/types';
import { useProblemMessage } from '../problem';
import { isLocked } from './UserDescriptions';
import { TemporaryPasswordModal } from './TemporaryPasswordModal';

type Action = 'reset' | 'lock' | 'unlock' | 'second-factor' | 'disable' | 'enable';

/**
 * The user's authentication settings (manual, section 4): a new temporary
 * password, lock and unlock, removing a lost second factor — each confirmed
 * first, since each one changes whether or how the user can sign in.
 */
export function UserAuthActions({ user, onChanged }: { user: User; onChanged: () => void }) {
  const { t } = useTranslation('operator');
  const { message } = App.useApp();
  const problemMessage = useProblemMessage();
  const [busy, setBusy] = useState<Action>();
  const [password, setPassword] = useState<string>();
  const path = { params: { path: { id: user.id } } };

  const run = async (action: Action, request: () => Promise<unknown>, done?: string) => {
    setBusy(action);
    try {
      await request();
      if (done) void message.success(done);
      onChanged();
    } catch (problem) {
      void message.error(problemMessage(problem));
    } finally {
      setBusy(undefined);
    }
  };

  const locked = isLocked(user);
  return (
    <Space wrap>
      <Popconfirm
        title={t('user.resetPassword')}
        okText={t('user.resetPassword')}
        description={t('user.resetPasswordConfirm')}
        onConfirm={() =>
          void run('reset', async () => {
            const answer = await call(api.POST('/api/v1/users/{id}/reset-password', path));
            setPassword(answer.temporaryPassword);
          })
        }
      >
        <Button icon={<KeyOutlined />} loading={busy === 'reset'} data-testid="reset-password">
          {t('user.resetPassword')}
        </Button>
      </Popconfirm>
      {locked ? (
        <Popconfirm
          title={t('user.unlock')}
          okText={t('user.unlock')}
          description={t('user.unlockConfirm')}
          onConfirm={() =>
            void run('unlock', () => call(api.POST('/api/v1/users/{id}/unlock', path)), t('user.unlocked'))
          }
        >
          <Button icon={<UnlockOutlined />} loading={busy === 'unlock'} data-testid="unlock-user">
            {t('user.unlock')}
          </Button>
        </Popconfirm>
      ) : (
        <Popconfirm
          title={t('user.lock')}
          okText={t('user.lock')}
          description={t('user.lockConfirm')}
          okButtonProps={{ danger: true }}
          onConfirm={() =>
            void run('lock', () => call(api.POST('/api/v1/users/{id}/lock', path)), t('user.locked'))
          }
        >
          <Button
            danger
            icon={<LockOutlined />}
            loading={busy === 'lock'}
            disabled={user.status === 'disabled'}
            data-testid="lock-user"
          >
            {t('user.lock')}
          </Button>
        </Popconfirm>
      )}
      <Popconfirm
        title={t('user.resetSecondFactor')}
        okText={t('user.resetSecondFactor')}
        description={t('user.resetSecondFactorConfirm')}
        okButtonProps={{ danger: true }}
        onConfirm={() =>
          void run(
            'second-factor',
            () => call(api.DELETE('/api/v1/users/{id}/second-factor', path)),
            t('user.secondFactorReset'),
          )
        }
      >
        <Button
          icon={<SafetyOutlined />}
          loading={busy === 'second-factor'}
          data-testid="reset-second-factor"
        >
          {t('user.resetSecondFactor')}
        </Button>
      </Popconfirm>
      {user.status === 'disabled' ? (
        <Popconfirm
          title={t('user.enable')}
          description={t('user.enableConfirm')}
          onConfirm={() =>
            void run('enable', () => call(api.POST('/api/v1/users/{id}/enable', path)), t('user.enabled'))
          }
        >
          <Button icon={<CheckCircleOutlined />} loading={busy === 'enable'} data-testid="enable-user">
            {t('user.enable')}
          </Button>
        </Popconfirm>
      ) : (
        <Popconfirm
          title={t('user.disable')}
          description={t('user.disableConfirm')}
          okButtonProps={{ danger: true }}
          onConfirm={() =>
            void run(
              'disable',
              () => call(api.POST('/api/v1/users/{id}/disable', { ...path, body: {} })),
              t('user.disabled'),
            )
          }
        >
          <Button danger icon={<StopOutlined />} loading={busy === 'disable'} data-testid="disable-user">
            {t('user.disable')}
          </Button>
        </Popconfirm>
      )}
      <TemporaryPasswordModal
        password={password}
        title={t('temporaryPassword.resetTitle', { login: user.login })}
        onClose={() => {
          setPassword(undefined);
        }}
      />
    </Space>
  );
}
