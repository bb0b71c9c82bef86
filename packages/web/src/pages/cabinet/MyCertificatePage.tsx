import { ArrowLeftOutlined, KeyOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Skeleton, Space } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { PageTitle } from '../../components/admin/PageTitle';
import { VisuallyHidden } from '../../components/admin/VisuallyHidden';
import { ChangePinDialog } from '../../components/cabinet/ChangePinDialog';
import { RenewalRequestSummary } from '../../components/cabinet/RenewalRequestSummary';
import { RequestRenewalDialog } from '../../components/cabinet/RequestRenewalDialog';
import { useMyRenewalRequests } from '../../components/cabinet/useMyRenewalRequests';
import { CertificateDetailsView, CertificateFileButtons } from '../../components/CertificateDetailsView';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLoad } from '../../components/useLoad';

/**
 * One of the user's certificates: every field, its files and print form,
 * whether the key is locked after wrong PINs, the key PIN change and a
 * renewal request (M8.3).
 */
export function MyCertificatePage() {
  const { t } = useTranslation('cabinet');
  const { message } = App.useApp();
  const serial = useParams().serial ?? '';
  const certificate = useLoad(
    () => call(api.GET('/api/v1/me/certificates/{serial}', { params: { path: { serial } } })),
    [serial],
  );
  const renewals = useMyRenewalRequests();
  const [changingPin, setChangingPin] = useState(false);
  const [requesting, setRequesting] = useState(false);

  const request = renewals.latestBySerial.get(serial);
  const pending = request?.status === 'pending';
  const valid = certificate.data?.status === 'valid';
  const key = certificate.data?.key;
  // A PIN change needs the key in the service and not locked (an operator unlocks it).
  const pinChangeable = key !== undefined && key.held && !key.locked;
  // Only a valid certificate can be renewed on request, and only one request may wait at a time.
  const renewalBlockedBy = !valid
    ? t('certificate.renewalNotValid')
    : pending
      ? t('certificate.renewalPending')
      : undefined;

  return (
    <>
      <PageTitle
        title={t('certificate.title')}
        extra={
          <Link to="/my/certificates">
            <ArrowLeftOutlined /> {t('certificate.back')}
          </Link>
        }
      />
      <ProblemAlert error={certificate.error} onRetry={certificate.reload} />
      <ProblemAlert error={renewals.error} onRetry={renewals.reload} />
      {certificate.loading && <Skeleton active />}
      {certificate.data && (
        <Card>
          <Space wrap style={{ marginBottom: 16 }}>
            <CertificateFileButtons base={`/api/v1/me/certificates/${serial}`} printable />
            <Button
              icon={<KeyOutlined />}
              disabled={!pinChangeable}
              onClick={() => {
                setChangingPin(true);
              }}
              data-testid="change-pin"
            >
              {t('certificate.changePin')}
            </Button>
            <Button
              type="primary"
              icon={<ReloadOutlined />}
              disabled={renewalBlockedBy !== undefined || renewals.loading}
              aria-describedby={renewalBlockedBy ? 'renewal-blocked' : undefined}
              onClick={() => {
                setRequesting(true);
              }}
              data-testid="request-renewal"
            >
              {t('certificate.requestRenewal')}
            </Button>
            {/* A pending request is shown in full below; the reason stays for screen readers. */}
            {renewalBlockedBy &&
              (pending ? (
                <VisuallyHidden id="renewal-blocked">{renewalBlockedBy}</VisuallyHidden>
              ) : (
                <span id="renewal-blocked">{renewalBlockedBy}</span>
              ))}
          </Space>
          {key?.held && key.locked && (
            <Alert
              type="error"
              showIcon
              title={t('certificate.keyLocked')}
              description={t('certificate.keyLockedHint')}
              style={{ marginBottom: 16 }}
              data-testid="key-locked"
            />
          )}
          {key && !key.held && (
            <Alert type="info" showIcon title={t('certificate.keyNotHeld')} style={{ marginBottom: 16 }} />
          )}
          {request && <RenewalRequestSummary request={request} />}
          <CertificateDetailsView certificate={certificate.data} />
        </Card>
      )}
      <ChangePinDialog
        serial={serial}
        open={changingPin}
        onClose={() => {
          setChangingPin(false);
        }}
      />
      <RequestRenewalDialog
        serial={serial}
        open={requesting}
        onClose={() => {
          setRequesting(false);
        }}
        onRequested={() => {
          setRequesting(false);
          void message.success(t('certificate.renewalRequested'));
          renewals.reload();
        }}
      />
    </>
  );
}
