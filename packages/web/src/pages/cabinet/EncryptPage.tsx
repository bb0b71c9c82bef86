import { LockOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Select, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { FileDrop, useFileProblem } from '../../components/crypto/FileDrop';
import { certificateFileText, fileToBase64, saveFile } from '../../components/crypto/files';
import { RecipientPicker } from '../../components/crypto/RecipientPicker';
import type { ContentEncryption } from '../../components/crypto/types';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSubmit } from '../../components/useSubmit';

const CIPHERS: readonly ContentEncryption[] = ['kuznyechik', 'magma', 'aes256-gcm', 'aes256-cbc'];
/** The select's value for "let the server choose": the API's default is to send no cipher. */
const SERVER_DEFAULT = 'default';

interface EncryptForm {
  serials?: string[];
  cipher: ContentEncryption | typeof SERVER_DEFAULT;
}

/**
 * «Шифрование»: a file encrypted to colleagues' certificates found by name
 * and to certificates brought as files; the message downloads as
 * <name>.p7m. The user's own key is not involved, so no PIN is asked.
 */
export function EncryptPage() {
  const { t } = useTranslation('crypto');
  const [form] = Form.useForm<EncryptForm>();
  const [file, setFile] = useState<File>();
  const [outside, setOutside] = useState<UploadFile[]>([]);
  const [formProblem, setFormProblem] = useState<string>();
  const [done, setDone] = useState<string>();
  const fileProblem = useFileProblem();

  const encryption = useSubmit(async ({ serials = [], cipher }: EncryptForm) => {
    setDone(undefined);
    setFormProblem(undefined);
    const brought = outside.flatMap((entry) => (entry.originFileObj ? [entry.originFileObj] : []));
    const problem =
      fileProblem(file) ??
      (serials.length + brought.length === 0 ? t('encrypt.recipientsRequired') : undefined);
    if (problem !== undefined || !file) {
      setFormProblem(problem);
      return;
    }
    const recipients = [
      ...serials.map((serial) => ({ serial })),
      ...(await Promise.all(
        brought.map(async (certificate) => ({ certificate: await certificateFileText(certificate) })),
      )),
    ];
    const message = await call(
      api.POST('/api/v1/encryptions', {
        body: {
          content: await fileToBase64(file),
          recipients,
          ...(cipher === SERVER_DEFAULT ? {} : { contentEncryption: cipher }),
        },
        parseAs: 'blob',
      }),
    );
    const name = `${file.name}.p7m`;
    saveFile(message, name);
    setDone(name);
  });

  return (
    <>
      <PageTitle title={t('encrypt.title')} />
      <Alert type="info" showIcon title={t('encrypt.hint')} style={{ marginBottom: 16 }} />
      <Card>
        <Form<EncryptForm>
          form={form}
          layout="vertical"
          initialValues={{ cipher: SERVER_DEFAULT, serials: [] }}
          onFinish={(values) => void encryption.run(values)}
          style={{ maxWidth: 760 }}
        >
          <Form.Item label={t('file.label')} required>
            <FileDrop
              file={file}
              onChange={(chosen) => {
                setFile(chosen);
                setDone(undefined);
              }}
              testId="encrypt-file"
            />
          </Form.Item>
          <Form.Item name="serials" label={t('encrypt.recipients')} extra={t('encrypt.searchHint')}>
            <RecipientPicker />
          </Form.Item>
          <Form.Item label={t('encrypt.outside')} extra={t('encrypt.outsideHint')}>
            <Upload
              accept=".cer,.crt,.pem,.der"
              multiple
              fileList={outside}
              beforeUpload={(certificate) => {
                setOutside((previous) => [
                  ...previous,
                  {
                    uid: certificate.uid,
                    name: certificate.name,
                    originFileObj: certificate,
                    status: 'done',
                  },
                ]);
                return false;
              }}
              onRemove={(removed) => {
                setOutside((previous) => previous.filter((entry) => entry.uid !== removed.uid));
              }}
              data-testid="outside-certificates"
            >
              <Button icon={<UploadOutlined />}>{t('encrypt.outsideAdd')}</Button>
            </Upload>
          </Form.Item>
          <Form.Item name="cipher" label={t('encrypt.cipher')}>
            <Select
              options={[
                { value: SERVER_DEFAULT, label: t('encrypt.cipherDefault') },
                ...CIPHERS.map((cipher) => ({ value: cipher, label: t(`encrypt.ciphers.${cipher}`) })),
              ]}
              data-testid="encrypt-cipher"
            />
          </Form.Item>
          {formProblem && (
            <Alert type="warning" showIcon title={formProblem} style={{ marginBottom: 16 }} role="alert" />
          )}
          <ProblemAlert error={encryption.error} />
          {done && (
            <Alert
              type="success"
              showIcon
              title={t('encrypt.done', { name: done })}
              style={{ marginBottom: 16 }}
              data-testid="encrypt-done"
            />
          )}
          <Button
            type="primary"
            htmlType="submit"
            icon={<LockOutlined />}
            loading={encryption.busy}
            data-testid="encrypt-submit"
          >
            {t('encrypt.submit')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
