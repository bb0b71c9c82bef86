import { Alert, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { useAuth, type PendingSignIn } from '../auth';
import { ProblemAlert } from '../ProblemAlert';

/** Often enough that the cabinet opens soon after the tap on the phone; asking costs the server one read. */
const POLL_MS = 2000;

interface DeviceRequest {
  status: 'pending' | 'approved';
  verificationCode: string;
  expiresAt: string;
}

/**
 * The sign-in sent to the user's devices: the verification code the device
 * shows too, then waiting for the decision. The first ask sends the
 * request; later ones only see how it stands. A decline or the sign-in's
 * end stops the waiting with its problem (SECOND_FACTOR_DECLINED,
 * PENDING_LOGIN_INVALID).
 */
export function DeviceSignIn({ pending }: { pending: PendingSignIn }) {
  const { t } = useTranslation('security');
  const { completeSignIn } = useAuth();
  const [request, setRequest] = useState<DeviceRequest>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async () => {
      try {
        const answer = await call(
          api.POST('/api/v1/session/second-factor/device', {
            body: { pendingToken: pending.pendingToken },
          }),
        );
        if (stopped) return;
        setRequest(answer);
        if (answer.status === 'approved') await completeSignIn(pending, { device: true });
        else timer = setTimeout(() => void ask(), POLL_MS);
      } catch (problem) {
        if (!stopped) setError(problem);
      }
    };
    void ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [pending, completeSignIn]);

  if (error !== undefined) return <ProblemAlert error={error} />;
  if (!request) return <Spin />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="device-sign-in">
      <Typography.Text>{t('signIn.deviceCode')}</Typography.Text>
      <Typography.Title level={2} style={{ margin: 0, letterSpacing: 8 }} data-testid="device-code">
        {request.verificationCode}
      </Typography.Title>
      {request.status === 'approved' ? (
        <Alert type="success" showIcon title={t('signIn.deviceApproved')} />
      ) : (
        <Space>
          <Spin size="small" />
          <Typography.Text strong>{t('signIn.deviceWaiting')}</Typography.Text>
        </Space>
      )}
      <Typography.Text type="secondary">
        {t('signIn.deviceExpires', { time: new Date(request.expiresAt).toLocaleTimeString() })}
      </Typography.Text>
    </Space>
  );
}
