import { UnlockOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Select } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { commonName } from '../../components/cabinet/commonName';
import { groupedHex } from '../../components/CertificateDetailsView';
import { FileDrop, useFileProblem } from '../../components/crypto/FileDrop';
import { decryptedName, fileToBase64, saveFile } from '../../components/crypto/files';
import { KeyPinDialog, attemptsLeft } from '../../components/crypto/KeyPinDialog';
import type { DecryptionOperation } from '../../components/crypto/types';
import { DeviceConfirmation } from '../../components/devices/DeviceConfirmation';
import { decryptionDeviceApi, deviceMethod } from '../../components/devices/devicesApi';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';

interface Pending {
  id: string;
  serial: string;
  name: string;
}

/**
 * «Расшифрование»: a message encrypted to one of my certificates becomes a
 * decryption operation; the key opens it only when I confirm with its PIN
 * (or on my device, when the key or the policy asks one), and the content
 * downloads once, under the message's name without .p7m.
 */
export function DecryptPage() {
  const { t } = useTranslation('crypto');
  const [form] = Form.useForm<{ serial?: string }>();
  const [file, setFile] = useState<File>();
  const [formProblem, setFormProblem] = useState<string>();
  const [pending, setPending] = useState<Pending>();
  const [onDevice, setOnDevice] = useState<{ operation: DecryptionOperation; name: string }>();
  const [remaining, setRemaining] = useState<number>();
  const [done, setDone] = useState<string>();
  const [resultProblem, setResultProblem] = useState<unknown>();
  const fileProblem = useFileProblem();
  const certificates = useLoad(async () => {
    const mine = await call(api.GET('/api/v1/me/certificates'));
    const valid = mine.filter((certificate) => certificate.status === 'valid');
    // The newest valid certificate is the likeliest recipient; the holder may pick another.
    if (valid[0] && form.getFieldValue('serial') === undefined) form.setFieldValue('serial', valid[0].serial);
    return valid;
  }, []);

  const creation = useSubmit(async ({ serial }: { serial?: string }) => {
    setDone(undefined);
    setResultProblem(undefined);
    setFormProblem(undefined);
    const problem = fileProblem(file) ?? (serial ? undefined : t('decrypt.noCertificates'));
    if (problem !== undefined || !file || !serial) {
      setFormProblem(problem);
      return;
    }
    const operation = await call(
      api.POST('/api/v1/decryption-operations', {
        body: { certificate: serial, message: await fileToBase64(file) },
      }),
    );
    setRemaining(undefined);
    const name = decryptedName(file.name);
    if (deviceMethod(operation)) setOnDevice({ operation, name });
    else setPending({ id: operation.id, serial, name });
  });

  /** The content, downloaded once the key opened it (the server keeps it for one download). */
  const download = useCallback(async (id: string, name: string) => {
    const content = await call(
      api.GET('/api/v1/decryption-operations/{id}/result', { params: { path: { id } }, parseAs: 'blob' }),
    );
    saveFile(content, name);
    setDone(name);
  }, []);

  const confirmation = useSubmit(async (pin: string) => {
    if (!pending) return;
    const answer = api.POST('/api/v1/decryption-operations/{id}/confirm', {
      params: { path: { id: pending.id } },
      body: { method: 'pin', pin },
    });
    try {
      await call(answer);
    } catch (problem) {
      setRemaining(attemptsLeft(problem, (await answer.catch(() => undefined))?.error));
      throw problem;
    }
    await download(pending.id, pending.name);
    setPending(undefined);
  });

  // The confirmation's poll may report the completion twice; the content downloads only once.
  const downloading = useRef<string>(undefined);
  const approved = useCallback(
    (operation: DecryptionOperation) => {
      if (downloading.current === operation.id) return;
      downloading.current = operation.id;
      const name = onDevice?.name ?? '';
      setOnDevice(undefined);
      download(operation.id, name).catch((problem: unknown) => {
        setResultProblem(problem);
      });
    },
    [download, onDevice?.name],
  );

  const closeDialog = () => {
    // Closed without the content: the operation is cancelled, so the message does not wait on the server.
    const id = pending?.id ?? onDevice?.operation.id;
    if (id !== undefined) {
      void api.DELETE('/api/v1/decryption-operations/{id}', { params: { path: { id } } });
    }
    setPending(undefined);
    setOnDevice(undefined);
  };

  return (
    <>
      <PageTitle title={t('decrypt.title')} />
      <Alert type="info" showIcon title={t('decrypt.hint')} style={{ marginBottom: 16 }} />
      <ProblemAlert error={certificates.error} onRetry={certificates.reload} />
      <Card>
        <Form<{ serial?: string }>
          form={form}
          layout="vertical"
          onFinish={(values) => void creation.run(values)}
          style={{ maxWidth: 760 }}
        >
          <Form.Item label={t('file.label')} required>
            <FileDrop
              file={file}
              accept=".p7m,.enc,.p7,.cms,.bin"
              onChange={(chosen) => {
                setFile(chosen);
                setDone(undefined);
              }}
              testId="decrypt-file"
            />
          </Form.Item>
          <Form.Item name="serial" label={t('decrypt.certificate')} extra={t('decrypt.certificateHint')}>
            <Select
              loading={certificates.loading}
              notFoundContent={t('decrypt.noCertificates')}
              options={(certificates.data ?? []).map((certificate) => ({
                value: certificate.serial,
                label: `${commonName(certificate.subject)} · ${groupedHex(certificate.serial)}`,
              }))}
              data-testid="decrypt-certificate"
            />
          </Form.Item>
          {formProblem && (
            <Alert type="warning" showIcon title={formProblem} style={{ marginBottom: 16 }} role="alert" />
          )}
          <ProblemAlert error={creation.error ?? resultProblem} />
          {done && (
            <Alert
              type="success"
              showIcon
              title={t('decrypt.done', { name: done })}
              style={{ marginBottom: 16 }}
              data-testid="decrypt-done"
            />
          )}
          <Button
            type="primary"
            htmlType="submit"
            icon={<UnlockOutlined />}
            loading={creation.busy}
            data-testid="decrypt-submit"
          >
            {t('decrypt.submit')}
          </Button>
        </Form>
      </Card>
      <KeyPinDialog
        open={pending !== undefined}
        serial={pending?.serial ?? ''}
        submission={confirmation}
        remainingAttempts={remaining}
        onClose={closeDialog}
      />
      <DeviceConfirmation
        operation={onDevice?.operation}
        operations={decryptionDeviceApi}
        onCompleted={approved}
        onCancel={closeDialog}
      />
    </>
  );
}
