import { MobileOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/problem';
import { attemptsLeft, KeyPinDialog } from '../crypto/KeyPinDialog';
import { ProblemAlert } from '../ProblemAlert';
import { useSubmit } from '../useSubmit';
import { deviceMethod, type DeviceConfirmable, type DeviceOperationApi } from './devicesApi';
import { QrImage } from './QrImage';

const POLL_MS = 1500;

/**
 * Confirmation of an operation on the user's device: the verification code
 * to compare with the device's screen, the operation asked every 1.5 s
 * until the device decides (an approval of method `device` executes the
 * operation by itself; `device+pin` asks the key's PIN next), and the
 * offline way: a QR code for the device and its eight-digit answer.
 * `operations` says which kind the operation is (signing, decryption).
 */
export function DeviceConfirmation<T extends DeviceConfirmable>({
  operation,
  operations,
  onCompleted,
  onCancel,
}: {
  operation: T | undefined;
  operations: DeviceOperationApi<T>;
  onCompleted: (operation: T) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('devices');
  const [current, setCurrent] = useState<T>();
  const [offline, setOffline] = useState(false);
  const [remaining, setRemaining] = useState<number>();
  const [pinRemaining, setPinRemaining] = useState<number>();
  const [form] = Form.useForm<{ code: string; pin?: string }>();
  const id = operation?.id;

  useEffect(() => {
    setCurrent(operation);
    setOffline(false);
    setRemaining(undefined);
  }, [operation]);

  const view = current ?? operation;
  const method = view ? deviceMethod(operation ?? view) : undefined;
  // Declined on the device, or refused after too many wrong offline codes: nothing more to wait for.
  const refused = view?.device?.status === 'declined' || view?.device?.status === 'refused';
  const decided = refused || (view !== undefined && view.status !== 'awaiting_confirmation');
  const askPin = method === 'device+pin' && view?.device?.status === 'approved' && !decided;

  useEffect(() => {
    if (id === undefined || decided || askPin) return;
    let stopped = false;
    const timer = setInterval(() => {
      operations.get(id).then(
        (next) => {
          if (stopped) return;
          setCurrent(next);
          if (next.status === 'completed') onCompleted(next);
        },
        () => undefined,
      );
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [id, decided, askPin, onCompleted, operations]);

  const offlineSubmission = useSubmit(async ({ code, pin }: { code: string; pin?: string }) => {
    if (!id || !method) return;
    setRemaining(undefined);
    const answer = await operations.confirm(id, {
      method,
      code: code.replace(/\s/g, ''),
      ...(pin ? { pin } : {}),
    });
    if ('operation' in answer) {
      onCompleted(answer.operation);
      return;
    }
    if (answer.problem instanceof ApiProblem && answer.problem.code === 'DEVICE_CODE_WRONG') {
      // The operation says how many codes remain (and whether too many wrong ones refused it).
      const latest = await operations.get(id).catch(() => undefined);
      if (latest) setCurrent(latest);
      setRemaining(latest?.device?.remainingOfflineAttempts);
    }
    throw answer.problem;
  });

  const pinSubmission = useSubmit(async (pin: string) => {
    if (!id) return;
    setPinRemaining(undefined);
    const answer = await operations.confirm(id, { method: 'device+pin', pin });
    if ('operation' in answer) {
      onCompleted(answer.operation);
      return;
    }
    setPinRemaining(attemptsLeft(answer.problem, answer.body));
    throw answer.problem;
  });

  const device = view?.device;
  return (
    <>
      <Modal
        open={operation !== undefined && !askPin}
        title={t('confirm.title')}
        onCancel={onCancel}
        footer={[
          <Button key="cancel" onClick={onCancel} data-testid="device-confirm-cancel">
            {t('confirm.cancel')}
          </Button>,
        ]}
        destroyOnHidden
      >
        {device && (
          <Flex vertical align="center" gap="small">
            <Typography.Text type="secondary">{t('confirm.code')}</Typography.Text>
            <Typography.Text
              strong
              style={{ fontSize: 44, letterSpacing: 8, fontVariantNumeric: 'tabular-nums' }}
              data-testid="device-verification-code"
            >
              {device.verificationCode}
            </Typography.Text>
            <Typography.Paragraph style={{ textAlign: 'center' }}>
              {t('confirm.codeHint')}
            </Typography.Paragraph>
          </Flex>
        )}
        <div aria-live="polite" data-testid="device-confirm-status" data-status={device?.status ?? ''}>
          {device?.status === 'declined' ? (
            <Alert type="error" showIcon title={t('confirm.declined')} />
          ) : device?.status === 'refused' ? (
            <Alert type="error" showIcon title={t('DEVICE_CODE_ATTEMPTS_EXCEEDED', { ns: 'errors' })} />
          ) : view && view.status !== 'awaiting_confirmation' && view.status !== 'completed' ? (
            <Alert type="warning" showIcon title={t('confirm.expired')} />
          ) : (
            <Flex gap="small" align="center" justify="center">
              <MobileOutlined aria-hidden />
              <Typography.Text>{t('confirm.waiting')}</Typography.Text>
            </Flex>
          )}
        </div>
        {device && !decided && (
          <div style={{ marginTop: 16 }}>
            {offline ? (
              <Flex vertical align="center" gap="small" data-testid="device-offline">
                <Typography.Paragraph>{t('confirm.offlineHint')}</Typography.Paragraph>
                <QrImage text={device.offline} label={t('confirm.offlineQr')} testId="device-offline-qr" />
                <Form<{ code: string; pin?: string }>
                  form={form}
                  layout="vertical"
                  style={{ width: '100%' }}
                  onFinish={(values) => void offlineSubmission.run(values)}
                >
                  <ProblemAlert error={offlineSubmission.error} />
                  {remaining !== undefined && (
                    <Alert
                      type="warning"
                      showIcon
                      style={{ marginBottom: 16 }}
                      title={t('confirm.attemptsLeft', { count: remaining })}
                    />
                  )}
                  <Form.Item
                    name="code"
                    label={t('confirm.offlineCode')}
                    rules={[
                      {
                        required: true,
                        pattern: /^\s*\d{4}\s*\d{4}\s*$/,
                        message: t('confirm.offlineCodeRequired'),
                      },
                    ]}
                  >
                    <Input
                      inputMode="numeric"
                      autoComplete="one-time-code"
                      maxLength={9}
                      data-testid="device-offline-code"
                    />
                  </Form.Item>
                  {method === 'device+pin' && (
                    <Form.Item name="pin" label={t('confirm.pinTitle')} rules={[{ required: true }]}>
                      <Input.Password autoComplete="off" data-testid="device-offline-pin" />
                    </Form.Item>
                  )}
                  <Button
                    type="primary"
                    htmlType="submit"
                    loading={offlineSubmission.busy}
                    data-testid="device-offline-submit"
                  >
                    {t('confirm.offlineSubmit')}
                  </Button>
                </Form>
              </Flex>
            ) : (
              <Button
                block
                onClick={() => {
                  setOffline(true);
                }}
                data-testid="device-offline-open"
              >
                {t('confirm.offline')}
              </Button>
            )}
          </div>
        )}
      </Modal>
      <KeyPinDialog
        open={askPin}
        title={t('confirm.pinTitle')}
        intro={<Typography.Paragraph>{t('confirm.pinText')}</Typography.Paragraph>}
        submission={pinSubmission}
        remainingAttempts={pinRemaining}
        onClose={onCancel}
      />
    </>
  );
}
