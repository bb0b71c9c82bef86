import { Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KeyPinDialog } from '../crypto/KeyPinDialog';
import { useSubmit } from '../useSubmit';
import { confirmWithPin, type SigningOperation } from './signingApi';

/**
 * Asks the key PIN for a signing operation awaiting confirmation. A wrong
 * PIN leaves the operation awaiting (nothing is signed) and says how many
 * tries remain; Cancel is the caller's to handle (it cancels the operation).
 */
export function PinDialog({
  operation,
  subject,
  onSigned,
  onCancel,
}: {
  operation: SigningOperation | undefined;
  subject: string;
  onSigned: (operation: SigningOperation) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('signing');
  const [attemptsLeft, setAttemptsLeft] = useState<number>();
  const confirmation = useSubmit(async (pin: string) => {
    if (!operation) return;
    setAttemptsLeft(undefined);
    const answer = await confirmWithPin(operation.id, pin);
    if (answer.operation) {
      onSigned(answer.operation);
      return;
    }
    setAttemptsLeft(answer.attemptsLeft);
    throw answer.problem;
  });
  return (
    <KeyPinDialog
      open={operation !== undefined}
      title={t('sign.pin.title')}
      okText={t('sign.pin.confirm')}
      intro={
        <Typography.Paragraph>
          {t('sign.pin.text', { count: operation?.documents.length ?? 0, subject })}
        </Typography.Paragraph>
      }
      submission={confirmation}
      remainingAttempts={attemptsLeft}
      onClose={() => {
        setAttemptsLeft(undefined);
        onCancel();
      }}
    />
  );
}
