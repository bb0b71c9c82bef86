import { useTranslation } from 'react-i18next';
import { formatDate } from '../CertificateDetailsView';
import type { SelfServiceRequest } from './types';

/** The recorded identity check: document, the number's last digits, who checked and when. */
export function IdentityCheckText({ request }: { request: SelfServiceRequest }) {
  const { t } = useTranslation('selfService');
  const check = request.identityCheck;
  if (check === null) return <>{request.autoApproved ? t('queue.automatic') : '—'}</>;
  return (
    <span data-testid="identity-check">
      {t('checkedBy', {
        document: t(`documentType.${check.documentType}`),
        last4: check.documentNumberLast4,
        who: check.checkedByName ?? check.checkedBy,
      })}
      {` · ${formatDate(check.checkedAt)}`}
    </span>
  );
}
