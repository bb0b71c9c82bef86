import { Alert, Button, Flex, Modal, Result, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../ProblemAlert';
import { devicesApi, type Device, type DeviceOwner, type Enrolment } from './devicesApi';
import { groupedCode, QrImage } from './QrImage';

const POLL_MS = 2000;

function remaining(expiresAt: string, now: number): string {
  const seconds = Math.max(0, Math.round((Date.parse(expiresAt) - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * «Подключить устройство»: starts an enrolment and shows its link as a QR
 * code and its activation code, counts down its ten minutes and asks the
 * server every two seconds whether the device has completed it.
 */
export function EnrolmentDialog({
  owner,
  open,
  onClose,
}: {
  owner: DeviceOwner;
  open: boolean;
  onClose: (enrolled: Device | undefined) => void;
}) {
  const { t } = useTranslation('devices');
  const [enrolment, setEnrolment] = useState<Enrolment>();
  const [device, setDevice] = useState<Device>();
  const [expired, setExpired] = useState(false);
  const [error, setError] = useState<unknown>();
  const [now, setNow] = useState(Date.now);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!open) return;
    let current = true;
    setEnrolment(undefined);
    setDevice(undefined);
    setExpired(false);
    setError(undefined);
    devicesApi.startEnrolment(owner).then(
      (started) => {
        if (current) setEnrolment(started);
      },
      (problem: unknown) => {
        if (current) setError(problem);
      },
    );
    return () => {
      current = false;
    };
    // The owner is fixed for a dialog's life; a new attempt starts a new enrolment.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, attempt]);

  useEffect(() => {
    if (!enrolment || device || expired) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      devicesApi.enrolment(owner, enrolment.id).then(
        (status) => {
          if (status.status === 'completed' && status.device) setDevice(status.device);
          if (status.status === 'expired') setExpired(true);
        },
        (problem: unknown) => {
          setError(problem);
        },
      );
    }, POLL_MS);
    return () => {
      clearInterval(timer);
    };
  }, [owner, enrolment, device, expired]);

  const outOfTime = expired || (enrolment !== undefined && Date.parse(enrolment.expiresAt) <= now);
  return (
    <Modal
      open={open}
      title={t('enrol.title')}
      onCancel={() => {
        onClose(device);
      }}
      footer={[
        outOfTime && !device ? (
          <Button
            key="restart"
            onClick={() => {
              setAttempt((value) => value + 1);
            }}
          >
            {t('enrol.restart')}
          </Button>
        ) : null,
        <Button
          key="close"
          type={device ? 'primary' : 'default'}
          onClick={() => {
            onClose(device);
          }}
          data-testid="enrolment-close"
        >
          {t('enrol.close')}
        </Button>,
      ]}
      destroyOnHidden
    >
      <ProblemAlert error={error} />
      {device ? (
        <Result
          status="success"
          title={t('enrol.completed', { name: device.name })}
          data-testid="enrolment-completed"
        />
      ) : outOfTime ? (
        <Alert type="warning" showIcon title={t('enrol.expired')} />
      ) : enrolment ? (
        <Flex vertical align="center" gap="small" data-testid="enrolment">
          <Typography.Paragraph>{t('enrol.scan')}</Typography.Paragraph>
          <QrImage text={enrolment.link} label={t('enrol.qr')} testId="enrolment-qr" />
          <Typography.Text type="secondary">{t('enrol.code')}</Typography.Text>
          <Typography.Text
            strong
            copyable={{ text: enrolment.activationCode }}
            style={{ fontSize: 28, fontFamily: 'monospace', letterSpacing: 2 }}
            data-testid="activation-code"
          >
            {groupedCode(enrolment.activationCode)}
          </Typography.Text>
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginBottom: 0 }}>
            {t('enrol.codeHint')}
          </Typography.Paragraph>
          <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="enrolment-link">
            {enrolment.link}
          </Typography.Text>
          <Typography.Text aria-live="polite">
            {t('enrol.expiresIn', { time: remaining(enrolment.expiresAt, now) })} · {t('enrol.waiting')}
          </Typography.Text>
        </Flex>
      ) : null}
    </Modal>
  );
}
