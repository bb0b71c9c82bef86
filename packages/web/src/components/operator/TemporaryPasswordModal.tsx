import { Alert, Button, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * The one moment a temporary password is visible: the server keeps only its
 * hash, so the dialog says so, offers a copy button, and closes only by an
 * explicit "handed over" — a stray click outside must not lose it.
 */
export function TemporaryPasswordModal({
  password,
  title,
  onClose,
}: {
  password: string | undefined;
  title: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('operator');
  return (
    <Modal
      open={password !== undefined}
      title={title}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="temporary-password-done">
          {t('temporaryPassword.done')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('temporaryPassword.once')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph>
        <Typography.Text type="secondary">{t('temporaryPassword.label')}: </Typography.Text>
        <Typography.Text
          code
          strong
          copyable={{ text: password ?? '' }}
          style={{ fontSize: 18 }}
          data-testid="temporary-password"
        >
          {password}
        </Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('temporaryPassword.hint')}</Typography.Paragraph>
    </Modal>
  );
}
