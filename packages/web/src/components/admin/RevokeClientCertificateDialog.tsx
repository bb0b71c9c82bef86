import { Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { groupedHex } from '../CertificateDetailsView';
import { ProblemAlert } from '../ProblemAlert';

export interface RevocationTarget {
  accountId: string;
  login: string;
  serial: string;
}

/** Confirms and revokes an operator's client certificate: it stops opening the office at once, for good. */
export function RevokeClientCertificateDialog({
  target,
  onClose,
  onRevoked,
}: {
  target: RevocationTarget | undefined;
  onClose: () => void;
  onRevoked: (serial: string) => void;
}) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const close = () => {
    setError(undefined);
    onClose();
  };

  const revoke = async ({ accountId, serial }: RevocationTarget) => {
    setBusy(true);
    setError(undefined);
    try {
      await call(
        api.POST('/api/v1/operators/{id}/client-certificate/{serial}/revoke', {
          params: { path: { id: accountId, serial } },
        }),
      );
      onRevoked(serial);
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={target !== undefined}
      title={t('clientCertificate.revokeTitle')}
      okText={t('clientCertificate.revoke')}
      cancelText={tc('cancel')}
      okButtonProps={{ danger: true, 'data-testid': 'confirm-revoke-client-certificate' }}
      confirmLoading={busy}
      onOk={() => {
        if (target) void revoke(target);
      }}
      onCancel={close}
      destroyOnHidden
    >
      <ProblemAlert error={error} />
      {target && (
        <Typography.Paragraph>
          {t('clientCertificate.revokeQuestion', { login: target.login })}{' '}
          <Typography.Text code>{groupedHex(target.serial)}</Typography.Text>
        </Typography.Paragraph>
      )}
      <Typography.Paragraph>{t('clientCertificate.revokeWarning')}</Typography.Paragraph>
    </Modal>
  );
}
