import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Popconfirm, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { ProblemAlert } from '../ProblemAlert';
import { saveBlob } from '../signing/files';
import { useLoad } from '../useLoad';
import { useSubmit } from '../useSubmit';

type Format = 'letters' | 'protected-file';

/** What the download left to show: the generated file password (once) and who was left out. */
interface Delivered {
  delivered: number;
  leftOut: string[];
  generatedFilePassword?: string;
}

function pdfBlob(base64: string): Blob {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: 'application/pdf' });
}

/**
 * The one delivery of the temporary passwords of users a bulk job created
 * (issue #16 §3): printed letters or a password-protected list, downloaded
 * once — the server forgets the passwords in the same step, so the card
 * says so before and shows a generated file password only this once.
 */
export function TemporaryPasswordsDelivery({ jobId }: { jobId: string }) {
  const { t, i18n } = useTranslation('temporaryPasswords');
  const [format, setFormat] = useState<Format>('letters');
  const [filePassword, setFilePassword] = useState('');
  const [result, setResult] = useState<Delivered>();
  const path = { params: { path: { id: jobId } } };
  const status = useLoad(() => call(api.GET('/api/v1/bulk-jobs/{id}/temporary-passwords', path)), [jobId]);
  const download = useSubmit(async () => {
    const answer = await call(
      api.POST('/api/v1/bulk-jobs/{id}/temporary-passwords/delivery', {
        ...path,
        body: {
          format,
          ...(format === 'protected-file' && filePassword !== '' ? { filePassword } : {}),
        },
      }),
    );
    saveBlob(pdfBlob(answer.content), answer.fileName);
    setFilePassword('');
    setResult({
      delivered: answer.delivered,
      leftOut: answer.leftOut.map((l) => l.login),
      ...(answer.generatedFilePassword ? { generatedFilePassword: answer.generatedFilePassword } : {}),
    });
    status.reload();
  });

  const current = status.data;
  const delivery = current?.delivery;
  return (
    <Card title={t('title')} data-testid="temporary-passwords-delivery">
      <ProblemAlert error={status.error} onRetry={status.reload} />
      <ProblemAlert error={download.error} />
      {result && (
        <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
          <Alert type="success" showIcon title={t('done', { count: result.delivered })} />
          {result.generatedFilePassword && (
            <Alert
              type="warning"
              showIcon
              title={t('generated')}
              description={
                <Typography.Text
                  code
                  strong
                  copyable
                  style={{ fontSize: 18 }}
                  data-testid="generated-file-password"
                >
                  {result.generatedFilePassword}
                </Typography.Text>
              }
            />
          )}
          {result.leftOut.length > 0 && (
            <Typography.Text type="secondary">
              {t('leftOut', { logins: result.leftOut.join(', ') })}
            </Typography.Text>
          )}
        </Space>
      )}
      {current && delivery && !result && (
        <Typography.Paragraph data-testid="temporary-passwords-delivered">
          {t('delivered', {
            at: new Date(delivery.deliveredAt).toLocaleString(i18n.language),
            format: t(`formats.${delivery.format}`),
            delivered: delivery.delivered,
            leftOut: delivery.leftOut,
          })}
        </Typography.Paragraph>
      )}
      {current && !delivery && current.pending === 0 && (
        <Typography.Paragraph>{t('none')}</Typography.Paragraph>
      )}
      {current && !delivery && current.pending > 0 && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>{t('pending', { count: current.pending })}</Typography.Text>
          <Alert type="warning" showIcon title={t('once')} />
          <Radio.Group
            aria-label={t('format')}
            value={format}
            onChange={(event) => {
              setFormat(event.target.value as Format);
            }}
          >
            <Space orientation="vertical">
              <Radio value="letters" data-testid="format-letters">
                {t('letters')}
                <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                  {t('lettersHint')}
                </Typography.Paragraph>
              </Radio>
              <Radio value="protected-file" data-testid="format-protected-file">
                {t('protectedFile')}
                <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                  {t('protectedFileHint')}
                </Typography.Paragraph>
              </Radio>
            </Space>
          </Radio.Group>
          {format === 'protected-file' && (
            <label style={{ display: 'block', maxWidth: 420 }}>
              {t('filePassword')}
              <Input.Password
                value={filePassword}
                autoComplete="new-password"
                maxLength={127}
                onChange={(event) => {
                  setFilePassword(event.target.value);
                }}
                data-testid="file-password"
              />
              <Typography.Text type="secondary">{t('filePasswordHint')}</Typography.Text>
            </label>
          )}
          <Popconfirm title={t('confirm')} okText={t('download')} onConfirm={() => void download.run()}>
            <Button
              type="primary"
              icon={<DownloadOutlined />}
              loading={download.busy}
              data-testid="deliver-passwords"
            >
              {t('download')}
            </Button>
          </Popconfirm>
        </Space>
      )}
    </Card>
  );
}
