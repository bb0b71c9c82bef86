import {
  DeleteOutlined,
  LockOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  StopOutlined,
  SyncOutlined,
  UnlockOutlined,
} from '@ant-design/icons';
import { App, Button, Popconfirm, Space, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { CertificateDetails } from '../../api/types';
import { useProblemMessage } from '../problem';
import { RenewDialog } from './RenewDialog';
import { RevokeDialog } from './RevokeDialog';

type Quick = 'suspend' | 'resume' | 'delete' | 'unlockKey';

/**
 * «Меню управления сертификатом»: each action offered only in the status it
 * applies to (resume only when suspended, delete only once no longer
 * valid, the PIN attempts reset only when the key is locked), each
 * destructive one confirmed first. `onChanged` reloads the
 * page; `onDeleted` and `onRenewed` lead elsewhere.
 */
export function CertificateActions({
  certificate,
  onChanged,
  onDeleted,
  onRenewed,
}: {
  certificate: CertificateDetails;
  onChanged: () => void;
  onDeleted: () => void;
  onRenewed: (serial: string) => void;
}) {
  const { t } = useTranslation('operator');
  const { message } = App.useApp();
  const problemMessage = useProblemMessage();
  const [busy, setBusy] = useState<Quick>();
  const [dialog, setDialog] = useState<'revoke' | 'renew'>();
  const { serial, status } = certificate;
  const path = { params: { path: { serial } } };
  const live = status === 'valid' || status === 'suspended';
  // Resetting the PIN attempts only helps a held key that wrong PINs have locked.
  const keyLocked = certificate.key.held && certificate.key.locked;

  const run = async (action: Quick, request: () => Promise<unknown>, done: string, after: () => void) => {
    setBusy(action);
    try {
      await request();
      void message.success(done);
      after();
    } catch (problem) {
      void message.error(problemMessage(problem));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Space wrap>
      {keyLocked && (
        <Tag color="error" icon={<LockOutlined />} data-testid="key-locked">
          {t('certificate.keyLocked')}
        </Tag>
      )}
      {live && (
        <Button
          danger
          icon={<StopOutlined />}
          onClick={() => {
            setDialog('revoke');
          }}
          data-testid="action-revoke"
        >
          {t('certificate.revoke')}
        </Button>
      )}
      {status === 'valid' && (
        <Popconfirm
          title={t('certificate.suspend')}
          okText={t('certificate.suspend')}
          description={t('certificate.suspendConfirm')}
          onConfirm={() =>
            void run(
              'suspend',
              () => call(api.POST('/api/v1/certificates/{serial}/suspend', path)),
              t('certificate.suspended'),
              onChanged,
            )
          }
        >
          <Button icon={<PauseCircleOutlined />} loading={busy === 'suspend'} data-testid="action-suspend">
            {t('certificate.suspend')}
          </Button>
        </Popconfirm>
      )}
      {status === 'suspended' && (
        <Popconfirm
          title={t('certificate.resume')}
          okText={t('certificate.resume')}
          description={t('certificate.resumeConfirm')}
          onConfirm={() =>
            void run(
              'resume',
              () => call(api.POST('/api/v1/certificates/{serial}/resume', path)),
              t('certificate.resumed'),
              onChanged,
            )
          }
        >
          <Button icon={<PlayCircleOutlined />} loading={busy === 'resume'} data-testid="action-resume">
            {t('certificate.resume')}
          </Button>
        </Popconfirm>
      )}
      {status === 'valid' && (
        <Button
          icon={<SyncOutlined />}
          onClick={() => {
            setDialog('renew');
          }}
          data-testid="action-renew"
        >
          {t('certificate.renew')}
        </Button>
      )}
      {live && keyLocked && (
        <Popconfirm
          title={t('certificate.unlockKey')}
          okText={t('certificate.unlockKey')}
          description={t('certificate.unlockKeyConfirm')}
          onConfirm={() =>
            void run(
              'unlockKey',
              () => call(api.POST('/api/v1/certificates/{serial}/unlock-key', path)),
              t('certificate.keyUnlocked'),
              onChanged,
            )
          }
        >
          <Button icon={<UnlockOutlined />} loading={busy === 'unlockKey'} data-testid="action-unlock-key">
            {t('certificate.unlockKey')}
          </Button>
        </Popconfirm>
      )}
      {live ? (
        // A disabled button gets no pointer events, so the tooltip explaining why sits on a wrapper.
        <Tooltip title={t('certificate.deleteDisabled')}>
          <span>
            <Button danger icon={<DeleteOutlined />} disabled data-testid="action-delete">
              {t('certificate.delete')}
            </Button>
          </span>
        </Tooltip>
      ) : (
        <Popconfirm
          title={t('certificate.delete')}
          okText={t('certificate.delete')}
          description={t('certificate.deleteConfirm')}
          okButtonProps={{ danger: true }}
          onConfirm={() =>
            void run(
              'delete',
              () => call(api.DELETE('/api/v1/certificates/{serial}', path)),
              t('certificate.deleted'),
              onDeleted,
            )
          }
        >
          <Button danger icon={<DeleteOutlined />} loading={busy === 'delete'} data-testid="action-delete">
            {t('certificate.delete')}
          </Button>
        </Popconfirm>
      )}
      <RevokeDialog
        serial={serial}
        open={dialog === 'revoke'}
        onClose={() => {
          setDialog(undefined);
        }}
        onDone={() => {
          setDialog(undefined);
          void message.success(t('certificate.revoked'));
          onChanged();
        }}
      />
      <RenewDialog
        serial={serial}
        confirmation={certificate.key.confirmation}
        open={dialog === 'renew'}
        onClose={() => {
          setDialog(undefined);
        }}
        onRenewed={(next) => {
          setDialog(undefined);
          void message.success(t('certificate.renewed'));
          onRenewed(next);
        }}
      />
    </Space>
  );
}
