import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { groupedHex } from '../CertificateDetailsView';
import { FormDialog } from '../FormDialog';
import { useSubmit } from '../useSubmit';

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
  const revocation = useSubmit(async ({ accountId, serial }: RevocationTarget) => {
    await call(
      api.POST('/api/v1/operators/{id}/client-certificate/{serial}/revoke', {
        params: { path: { id: accountId, serial } },
      }),
    );
    onRevoked(serial);
  });

  return (
    <FormDialog
      open={target !== undefined}
      title={t('clientCertificate.revokeTitle')}
      okText={t('clientCertificate.revoke')}
      okTestId="confirm-revoke-client-certificate"
      danger
      submission={revocation}
      onOk={() => {
        if (target) void revocation.run(target);
      }}
      onClose={onClose}
    >
      {target && (
        <Typography.Paragraph>
          {t('clientCertificate.revokeQuestion', { login: target.login })}{' '}
          <Typography.Text code>{groupedHex(target.serial)}</Typography.Text>
        </Typography.Paragraph>
      )}
      <Typography.Paragraph>{t('clientCertificate.revokeWarning')}</Typography.Paragraph>
    </FormDialog>
  );
}
