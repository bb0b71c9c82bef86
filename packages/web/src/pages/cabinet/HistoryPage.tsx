import { Alert, Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { SigningHistory } from '../../components/crypto/SigningHistory';
import { PageTitle } from '../../components/PageTitle';

/** «История операций»: my signing operations with their documents and evidence. */
export function HistoryPage() {
  const { t } = useTranslation('crypto');
  return (
    <>
      <PageTitle title={t('history.title')} />
      {/* The API lists signing operations only; decryptions are one-off and audited. */}
      <Alert type="info" showIcon title={t('history.decryptionsNotListed')} style={{ marginBottom: 16 }} />
      <Card>
        <SigningHistory source={{ kind: 'mine' }} />
      </Card>
    </>
  );
}
