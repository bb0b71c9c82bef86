import { Alert, Button, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Recovery codes just made: shown once, so the dialog says so and offers them to copy. */
export function RecoveryCodesModal({
  codes,
  onClose,
}: {
  codes: readonly string[] | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation('security');
  return (
    <Modal
      open={codes !== undefined}
      title={t('recovery.modalTitle')}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="recovery-codes-saved">
          {t('recovery.saved')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('recovery.shownOnce')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph copyable={{ text: (codes ?? []).join('\n') }}>
        <ol data-testid="recovery-codes" style={{ fontFamily: 'monospace', fontSize: 16, columns: 2 }}>
          {(codes ?? []).map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ol>
      </Typography.Paragraph>
    </Modal>
  );
}
