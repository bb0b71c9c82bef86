import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useProblemMessage } from './problem';

/** An API error shown as a readable message, with a retry button when the caller can retry. */
export function ProblemAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = useProblemMessage();
  if (error === undefined || error === null) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={message(error)}
      style={{ marginBottom: 16 }}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
